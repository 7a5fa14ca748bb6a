/**
 * Input validation for every route: zod schemas through @hono/zod-validator, with each
 * failure turned into a field-level message in Thai or English.
 */
import { zValidator } from '@hono/zod-validator';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { MAX_PDF_BYTES } from '../domain/documents.ts';
import type { Context, ValidationTargets } from 'hono';
import { z } from 'zod';
import { AppError, type FieldErrors, type Lang } from '../errors.ts';
import { fieldMessage, isFieldCode } from '../lib/messages.ts';

/** The catalogue's field messages, for routes that build a field error themselves. */
export { fieldMessage };

/** A new password refused (change or reset): the mismatch, or every rule it breaks, as field errors. */
export function newPasswordError(refusal: { reason: 'mismatch' } | { reason: 'weak'; problems: string[] }, lang: Lang): AppError {
  if (refusal.reason === 'mismatch') {
    return new AppError('validation', { confirmPassword: { code: 'password_mismatch', message: fieldMessage('password_mismatch', lang) } });
  }
  return new AppError('validation', { newPassword: {
    code: `password_${refusal.problems[0]}`, message: refusal.problems.map((p) => fieldMessage(`password_${p}`, lang)).join(' '),
  } });
}

/** Map zod issues to `{ field: { code, message } }`, first issue per field. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.join('.') || '_';
    if (fields[field]) continue;
    let key = 'invalid';
    if (issue.code === 'custom' || isFieldCode(issue.message)) key = issue.message;
    else if (issue.code === 'invalid_type' && issue.input === undefined) key = 'required';
    else if (issue.code === 'too_small') key = issue.minimum === 1 ? 'required' : 'too_short';
    else if (issue.code === 'too_big') key = 'too_long';
    fields[field] = { code: isFieldCode(key) ? key : 'invalid', message: fieldMessage(key, lang) };
  }
  return fields;
}

/** NUL (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (not Unicode at all). */
const BAD_TEXT = /[\0\p{Cs}]/u;

export function isBadText(value: string): boolean {
  return BAD_TEXT.test(value);
}

/**
 * The path of the first string (value or key) in `value` that is not storable text, or null.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findBadText(value: unknown): (string | number)[] | null {
  const stack: TextNode[] = [{ value, key: '', parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (isBadText(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], key: i, parent: node });
    } else if (v !== null && typeof v === 'object' && !(v instanceof Blob)) {
      for (const [k, item] of Object.entries(v)) {
        if (isBadText(k)) return pathOf(node, k);
        stack.push({ value: item, key: k, parent: node });
      }
    }
  }
  return null;
}

// Each entry links to its parent, so the walk stays linear however deep the nesting is.
// Module-level, not closures in findBadText: it runs on every request body (and tsx names each new closure).
type TextNode = { value: unknown; key: string | number; parent: TextNode | null };

function pathOf(node: TextNode | null, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let n = node; n?.parent; n = n.parent) path.push(n.key);
  return path.reverse();
}

function badTextIssue(path: (string | number)[]): z.core.$ZodIssue {
  return { code: 'custom', path: path.map((p) => (typeof p === 'string' && isBadText(p) ? '_' : p)), message: 'invalid_characters', input: undefined };
}

function badTextError(path: (string | number)[], lang: Lang): AppError {
  return new AppError('validation', toFieldErrors([badTextIssue(path)], lang));
}

/**
 * What each route's input middleware takes (the validator's target and schema, or a multipart
 * upload), keyed by the middleware function as `app.routes` lists it: the fuzz suite generates
 * inputs for every route from this, so a new route is covered without being listed.
 */
export const ROUTE_INPUTS = new WeakMap<object, { target: keyof ValidationTargets; schema?: z.ZodType }>();

/** zValidator that answers bad input with the shared 400 `{ code: 'validation', fields }`. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
      throw new AppError('validation', toFieldErrors(result.error.issues, lang));
    }
  }, {
    // Every string of the raw input is checked before the schema sees it.
    validationFunction: async (s, value) => {
      const bad = findBadText(value);
      const result = bad ? { success: false as const, error: new z.ZodError([badTextIssue(bad)]) } : await s.safeParseAsync(value);
      return result as never; // zod-validator types the result by the schema, generic here
    },
  });
  ROUTE_INPUTS.set(middleware, { target, schema });
  return middleware;
}

/**
 * The request line for every API route, whether or not it has a schema: a query string or
 * path that decodes to NUL or a lone surrogate is a 400 field error, not a database error.
 */
export function requireGoodText() {
  return createMiddleware(async (c, next) => {
    const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
    for (const [key, values] of Object.entries(c.req.queries())) {
      if (isBadText(key)) throw badTextError(['_'], lang);
      const i = values.findIndex(isBadText);
      if (i >= 0) throw badTextError([key], lang);
    }
    // Decoded the way route parameters are; an escape that does not decode stays as it is.
    const path = c.req.path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => { try { return decodeURIComponent(m); } catch { return m; } });
    if (isBadText(path)) throw badTextError(['path'], lang);
    await next();
  });
}

/**
 * The fields and file of a multipart upload. A body that is not a readable form is a 400
 * (not the parser's exception), and its text fields get the same check as every string.
 */
export async function readUploadForm(c: Context): Promise<{ fields: Record<string, string>; file: File | undefined }> {
  const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('bad_request');
  }
  const fields: Record<string, string> = {};
  let file: File | undefined;
  for (const [key, raw] of Object.entries(body)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (isBadText(key)) throw badTextError(['_'], lang);
    if (value instanceof File) {
      if (key === 'file') file = value;
    } else if (typeof value === 'string') {
      if (isBadText(value)) throw badTextError([key], lang);
      fields[key] = value;
    }
  }
  return { fields, file };
}

/** Multipart uploads of one PDF: anything past 10 MB is refused before it is read, with the field's message. */
export function pdfUploadLimit() {
  const middleware = bodyLimit({
    maxSize: MAX_PDF_BYTES + 64 * 1024,
    onError: (c) => {
      const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
      throw new AppError('validation', { file: { code: 'pdf_too_large', message: fieldMessage('pdf_too_large', lang) } });
    },
  });
  ROUTE_INPUTS.set(middleware, { target: 'form' });
  return middleware;
}

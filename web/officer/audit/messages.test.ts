import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_PURPOSES } from '../../../db/schema.ts';
import { setLang } from '../../lib/i18n.ts';
import { actionName, isKnownAction } from './messages.ts';

const API = join(import.meta.dirname, '../../../api');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The third argument of each recordAudit( … ) call, as source text. */
function recordAuditActions(src: string): string[] {
  const found: string[] = [];
  for (const m of src.matchAll(/recordAudit\(/g)) {
    let depth = 1;
    let quote: string | null = null;
    const args = [''];
    for (let i = m.index + m[0].length; i < src.length && depth > 0; i++) {
      const c = src[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && --depth === 0) break;
      else if (c === ',' && depth === 1) {
        args.push('');
        continue;
      }
      args[args.length - 1] += c;
    }
    if (args[2]) found.push(args[2]);
  }
  for (const m of src.matchAll(/\baction: *((?:[^,\n'`]|'[^']*'|`[^`]*`)+)/g)) found.push(m[1]!);
  return found;
}

// What each template the API writes stands for (the values its variable takes).
const TEMPLATES: Record<string, readonly string[]> = {
  'input.purpose': ['login', 'renew', 'revoke', 'export'],
  'request.purpose': ['login', 'renew', 'revoke', 'export'],
  part: ['personal', 'workplace'],
};

/** Every action name a source file can write, templates expanded. */
function actionsIn(src: string, file: string): string[] {
  return recordAuditActions(src).flatMap((arg) =>
    [...arg.matchAll(/(['`])([a-z0-9_.${}]+\.[a-z0-9_.${}]+)\1/g)].flatMap((lit) => {
      const text = lit[2]!;
      const hole = /\$\{([^}]+)\}/.exec(text);
      if (!hole) return [text];
      const values = text.startsWith('service_request.effect.') ? SERVICE_PURPOSES : TEMPLATES[hole[1]!];
      if (!values) throw new Error(`${file}: say what \`${text}\` expands to in TEMPLATES`);
      return values.map((v) => text.replace(hole[0], v));
    }));
}

describe('audit action names', () => {
  const written = [...new Set(sources(API).flatMap((file) => actionsIn(readFileSync(file, 'utf8'), file)))].sort();

  it('should find the actions the API records when it reads its source', () => {
    expect(written).toEqual(expect.arrayContaining(['registration.view', 'login.request.create', 'service_request.effect.lost_phone', 'registration.personal.save']));
    expect(written.length).toBeGreaterThan(80);
  });

  it('should name every action the API records in Thai and English words when the audit log shows it', () => {
    expect(written.filter((a) => !isKnownAction(a))).toEqual([]);
    for (const lang of ['th', 'en'] as const) {
      setLang(lang);
      for (const action of written.filter(isKnownAction)) {
        const name = actionName(action);
        expect(name, action).not.toMatch(/^[a-z0-9_.]+$/);
        expect(name, action).not.toContain(action);
      }
    }
    setLang('th');
  });
});

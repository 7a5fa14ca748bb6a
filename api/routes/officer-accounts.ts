/**
 * Accounts and initial credentials: search (any officer), create one or a CSV batch,
 * reissue, unlock (admin). A slip's password is in the answer of the call that made it, and
 * nowhere else, ever.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { listAccounts } from '../../db/queries/accounts.ts';
import { actorOf } from '../http/context.ts';
import { AccountBatchConflict, createStaffAccounts, reissueSlip, unlockAccountById } from '../domain/account-admin.ts';
import { checkAccountRow, readAccountCsv, type CsvRowError } from '../domain/account-csv.ts';
import { unitCodeSchema } from '../domain/identifiers.ts';
import { AppError, type FieldErrors, type Lang } from '../errors.ts';
import { fieldMessage, validate } from '../http/validate.ts';
import { requireOfficer, type SessionEnv } from '../http/guards.ts';
import { optional, pageQuery } from '../http/officer-params.ts';

const ListQuery = z.object({
  q: optional(z.string().trim().min(1).max(100)),
  unit: optional(unitCodeSchema),
  kind: optional(z.enum(['staff', 'officer'])),
  locked: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  ...pageQuery,
});

const CreateBody = z.object({
  unitCode: z.string().max(20),
  username: z.string().max(20).optional(),
  displayName: z.string().max(400).optional(),
  legacyToken: z.boolean().default(false),
});

const MAX_CSV_BYTES = 1024 * 1024;
const ImportBody = z.object({ csv: z.string().max(MAX_CSV_BYTES, 'too_long') });
const IdParam = z.object({ id: z.uuid() });

/** The single-account form names its fields in camelCase. */
const FORM_FIELD: Record<CsvRowError['field'], string> = {
  unit_code: 'unitCode', username: 'username', display_name: 'displayName', legacy_token: 'legacyToken', _: '_',
};

/** Row errors as the shared field errors: `"<row>.<column>"` for a file, the field name for the form. */
function rowErrors(errors: CsvRowError[], lang: Lang, form: boolean): FieldErrors {
  const fields: FieldErrors = {};
  for (const e of errors) {
    const key = form ? FORM_FIELD[e.field] : `${e.row}.${e.field}`;
    fields[key] ??= { code: e.code, message: fieldMessage(e.code, lang) };
  }
  return fields;
}

/** A username taken by someone else mid-batch has rolled the whole transaction back: say so. */
async function orConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AccountBatchConflict) throw new AppError('conflict');
    throw err;
  }
}

export const officerAccountRoutes = new Hono<SessionEnv>()
  .get('/', validate('query', ListQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await listAccounts(c.var.deps.database.db, { q: q.q, unitCode: q.unit, kind: q.kind, locked: q.locked }, { page: q.page, pageSize: q.pageSize }));
  })

  .post('/', requireOfficer('admin'), validate('json', CreateBody), async (c) => {
    const body = c.req.valid('json');
    // The same checks as a file's row: the form and a CSV line can never disagree.
    const checked = checkAccountRow(1, {
      unit_code: body.unitCode, username: body.username, display_name: body.displayName, legacy_token: body.legacyToken ? 'yes' : 'no',
    });
    if (checked.errors.length) throw new AppError('validation', rowErrors(checked.errors, c.var.lang, true));
    const { database } = c.var.deps;
    const result = await orConflict(() => database.db.transaction((tx) =>
      createStaffAccounts(tx, [checked.row], actorOf(c, 'officer', c.var.account.id), 'form')));
    if (!result.ok) throw new AppError('validation', rowErrors(result.errors, c.var.lang, true));
    return c.json({ created: result.created }, 201);
  })

  .post('/import', requireOfficer('admin'),
    bodyLimit({ maxSize: MAX_CSV_BYTES * 4 + 1024, onError: () => { throw new AppError('payload_too_large'); } }),
    validate('json', ImportBody), async (c) => {
      const parsed = readAccountCsv(c.req.valid('json').csv);
      if (!parsed.ok) throw new AppError('validation', rowErrors(parsed.errors, c.var.lang, false));
      const { database } = c.var.deps;
      const result = await orConflict(() => database.db.transaction((tx) =>
        createStaffAccounts(tx, parsed.rows, actorOf(c, 'officer', c.var.account.id), 'csv')));
      if (!result.ok) throw new AppError('validation', rowErrors(result.errors, c.var.lang, false));
      return c.json({ created: result.created }, 201);
    })

  .post('/:id/reissue', requireOfficer('admin'), validate('param', IdParam), async (c) => {
    const { database } = c.var.deps;
    const result = await database.db.transaction((tx) => reissueSlip(tx, c.var.deps.clock, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError(({ not_found: 'not_found', not_staff: 'forbidden', has_token: 'has_token' } as const)[result.reason]);
    return c.json({ slip: result.slip });
  })

  .post('/:id/unlock', requireOfficer('admin'), validate('param', IdParam), async (c) => {
    const { database } = c.var.deps;
    const result = await database.db.transaction((tx) => unlockAccountById(tx, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError('not_found');
    return c.json({ ok: true });
  });

/**
 * The registry of OpenID Connect clients (admin only): list, register, edit, rotate the
 * secret, disable and enable. A secret is in the answer of the call that made it, and
 * nowhere else: the list says only whether a client has one.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { clientView, findClient, listClients } from '../../db/queries/oidc-clients.ts';
import { createClient, MAX_CLIENT_NAME, MAX_CLIENT_URIS, rotateClientSecret, setClientDisabled, updateClient, type ClientFieldErrors } from '../domain/oidc-clients.ts';
import { AppError, type FieldErrors, type Lang } from '../errors.ts';
import { actorOf } from '../http/context.ts';
import { requireOfficer, type SessionEnv } from '../http/guards.ts';
import { optional, pageQuery } from '../http/officer-params.ts';
import { fieldMessage, validate } from '../http/validate.ts';

const ListQuery = z.object({ q: optional(z.string().trim().min(1).max(100)), ...pageQuery });

// Lengths and counts are only bounded here; the domain gives each rule its own field code.
const uris = z.array(z.string().max(4000)).max(MAX_CLIENT_URIS * 10);
const CreateBody = z.object({
  name: z.string().max(MAX_CLIENT_NAME * 4),
  redirectUris: uris,
  postLogoutRedirectUris: uris.default([]),
  backchannelLogoutUri: z.string().max(4000).nullable().default(null),
  public: z.boolean().default(false),
  firstParty: z.boolean().default(false),
});
const PatchBody = CreateBody.omit({ public: true }).partial().strict();
// A client_id is randomToken(16): 22 base64url characters; anything else cannot exist.
const IdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

function clientFieldErrors(fields: ClientFieldErrors, lang: Lang): AppError {
  const out: FieldErrors = {};
  for (const [field, code] of Object.entries(fields)) out[field] = { code, message: fieldMessage(code, lang) };
  return new AppError('validation', out);
}

export const officerOidcClientRoutes = new Hono<SessionEnv>()
  .use(requireOfficer('admin'))

  .get('/', validate('query', ListQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await listClients(c.var.deps.database.db, { q: q.q }, { page: q.page, pageSize: q.pageSize }));
  })

  .post('/', validate('json', CreateBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      createClient(tx, clock, c.req.valid('json'), actorOf(c, 'officer', c.var.account.id), { production: config.production }));
    if (!result.ok) throw clientFieldErrors(result.fields, c.var.lang);
    return c.json({ client: clientView(result.client), secret: result.secret }, 201);
  })

  .get('/:id', validate('param', IdParam), async (c) => {
    const client = await findClient(c.var.deps.database.db, c.req.valid('param').id);
    if (!client) throw new AppError('not_found');
    return c.json(client);
  })

  .patch('/:id', validate('param', IdParam), validate('json', PatchBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      updateClient(tx, clock, c.req.valid('param').id, c.req.valid('json'), actorOf(c, 'officer', c.var.account.id), { production: config.production }));
    if (!result.ok) throw result.reason === 'not_found' ? new AppError('not_found') : clientFieldErrors(result.fields, c.var.lang);
    return c.json({ client: result.client });
  })

  .post('/:id/rotate-secret', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const id = c.req.valid('param').id;
    const result = await database.db.transaction((tx) => rotateClientSecret(tx, clock, id, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError(result.reason);
    return c.json({ clientId: id, secret: result.secret });
  })

  .post('/:id/disable', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => setClientDisabled(tx, clock, c.req.valid('param').id, true, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError('not_found');
    return c.json({ client: result.client });
  })

  .post('/:id/enable', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => setClientDisabled(tx, clock, c.req.valid('param').id, false, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError('not_found');
    return c.json({ client: result.client });
  });

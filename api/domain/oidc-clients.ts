/**
 * The registry of OpenID Connect clients (relying parties) that an admin manages from the CLI
 * and the officer console. The provider (api/services/oidc-provider.ts) reads the same table
 * and knows no disabled client. A confidential client's secret exists in clear only in the
 * answer to the call that made it; at rest it is sealed, and it is never in the audit log.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { findClient, type ClientView } from '../../db/queries/oidc-clients.ts';
import { oidcClients, type OidcClient } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';

export type ClientInput = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  public?: boolean;
  firstParty?: boolean;
};

/** What can be changed after creation: a public client stays public, a confidential one confidential. */
export type ClientPatch = Partial<Omit<ClientInput, 'public'>>;

export type ClientOptions = { production: boolean };

/** Field name → field error code (api/lib/messages.ts FIELD_MESSAGES). */
export type ClientFieldErrors = Record<string, string>;

export const MAX_CLIENT_URIS = 10;
export const MAX_CLIENT_NAME = 100;
const MAX_URI_LENGTH = 2000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type UriProblem = 'uri_not_absolute' | 'uri_fragment' | 'uri_not_https' | 'too_long';

/**
 * Why `uri` cannot be a client's redirect (or logout) URI, or null when it can. The provider
 * matches redirect URIs exactly, so the text is checked as written and stored unchanged:
 * anything the URL parser would have to clean up (spaces, a missing `//`) is refused.
 */
export function clientUriProblem(uri: string, opts: ClientOptions): UriProblem | null {
  if (uri.length > MAX_URI_LENGTH) return 'too_long';
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]/i.test(uri) || /[\s\p{Cc}]/u.test(uri)) return 'uri_not_absolute';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'uri_not_absolute';
  }
  if (uri.includes('#')) return 'uri_fragment';
  if (url.protocol === 'https:') return null;
  // Plain http only to the developer's own machine, and never in production.
  if (url.protocol === 'http:' && !opts.production && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'uri_not_https';
}

/** The first problem of a list of URIs: required (when `atLeastOne`), too many, or the first bad one. */
function uriListProblem(uris: string[], opts: ClientOptions, atLeastOne: boolean): string | null {
  if (atLeastOne && uris.length === 0) return 'required';
  if (uris.length > MAX_CLIENT_URIS) return 'uri_too_many';
  for (const uri of uris) {
    const problem = clientUriProblem(uri, opts);
    if (problem) return problem;
  }
  return null;
}

/**
 * Check a client's fields (those present in `input`); the name comes back trimmed. Errors are
 * keyed by the ClientInput field names, one code each.
 */
export function checkClientInput(input: ClientPatch, opts: ClientOptions): { ok: true; name?: string } | { ok: false; fields: ClientFieldErrors } {
  const fields: ClientFieldErrors = {};
  const name = input.name?.trim();
  if (name !== undefined) {
    if (!name) fields.name = 'required';
    else if (name.length > MAX_CLIENT_NAME) fields.name = 'too_long';
  }
  if (input.redirectUris !== undefined) {
    const problem = uriListProblem(input.redirectUris, opts, true);
    if (problem) fields.redirectUris = problem;
  }
  if (input.postLogoutRedirectUris !== undefined) {
    const problem = uriListProblem(input.postLogoutRedirectUris, opts, false);
    if (problem) fields.postLogoutRedirectUris = problem;
  }
  if (input.backchannelLogoutUri) {
    const problem = clientUriProblem(input.backchannelLogoutUri, opts);
    if (problem) fields.backchannelLogoutUri = problem;
  }
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, name };
}

/** A client secret: 32 random bytes, base64url. */
function newSecret(): string {
  return randomToken(32);
}

export type CreateClientResult =
  | { ok: true; client: OidcClient; secret: string | null }
  | { ok: false; reason: 'validation'; fields: ClientFieldErrors };

/**
 * Register a client. A confidential client gets a secret, returned here once; a public one
 * (a browser or native app, which could not keep a secret) gets none and must use PKCE.
 */
export async function createClient(ex: Executor, clock: Clock, input: ClientInput, actor: AuditActor, opts: ClientOptions): Promise<CreateClientResult> {
  const checked = checkClientInput(input, opts);
  if (!checked.ok) return { ok: false, reason: 'validation', fields: checked.fields };
  const isPublic = input.public ?? false;
  const secret = isPublic ? null : newSecret();
  const now = clock.now();
  const [client] = await ex.insert(oidcClients).values({
    id: randomToken(16),
    name: checked.name ?? input.name.trim(),
    secret,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: input.backchannelLogoutUri || null,
    public: isPublic,
    firstParty: input.firstParty ?? false,
    secretRotatedAt: secret ? now : null,
    createdAt: now,
    updatedAt: now,
  }).returning();
  await recordAudit(ex, actor, 'oidc_client.create', {
    targetType: 'oidc_client', targetId: client!.id,
    details: {
      name: client!.name, public: client!.public, firstParty: client!.firstParty, redirectUris: client!.redirectUris,
      postLogoutRedirectUris: client!.postLogoutRedirectUris, backchannelLogoutUri: client!.backchannelLogoutUri,
    },
  });
  return { ok: true, client: client!, secret };
}

export type UpdateClientResult =
  | { ok: true; client: ClientView }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'validation'; fields: ClientFieldErrors };

/** Change a client's name, URIs or first-party flag; the audit row names the fields changed and their new values. */
export async function updateClient(ex: Executor, clock: Clock, id: string, patch: ClientPatch, actor: AuditActor, opts: ClientOptions): Promise<UpdateClientResult> {
  const checked = checkClientInput(patch, opts);
  if (!checked.ok) return { ok: false, reason: 'validation', fields: checked.fields };
  if (!(await findClient(ex, id))) return { ok: false, reason: 'not_found' };
  const changes: Partial<typeof oidcClients.$inferInsert> = {};
  if (checked.name !== undefined) changes.name = checked.name;
  if (patch.redirectUris !== undefined) changes.redirectUris = patch.redirectUris;
  if (patch.postLogoutRedirectUris !== undefined) changes.postLogoutRedirectUris = patch.postLogoutRedirectUris;
  if (patch.backchannelLogoutUri !== undefined) changes.backchannelLogoutUri = patch.backchannelLogoutUri || null;
  if (patch.firstParty !== undefined) changes.firstParty = patch.firstParty;
  await ex.update(oidcClients).set({ ...changes, updatedAt: clock.now() }).where(eq(oidcClients.id, id));
  await recordAudit(ex, actor, 'oidc_client.update', { targetType: 'oidc_client', targetId: id, details: { changes } });
  return { ok: true, client: (await findClient(ex, id))! };
}

export type RotateSecretResult = { ok: true; secret: string } | { ok: false; reason: 'not_found' | 'public_client' };

/** A new secret for a confidential client; the old one stops working at once. Returned here once. */
export async function rotateClientSecret(ex: Executor, clock: Clock, id: string, actor: AuditActor): Promise<RotateSecretResult> {
  const client = await findClient(ex, id);
  if (!client) return { ok: false, reason: 'not_found' };
  if (client.public) return { ok: false, reason: 'public_client' };
  const secret = newSecret();
  const now = clock.now();
  await ex.update(oidcClients).set({ secret, secretRotatedAt: now, updatedAt: now }).where(eq(oidcClients.id, id));
  await recordAudit(ex, actor, 'oidc_client.rotate_secret', { targetType: 'oidc_client', targetId: id });
  return { ok: true, secret };
}

export type SetDisabledResult = { ok: true; client: ClientView } | { ok: false; reason: 'not_found' };

/**
 * Disable a client (the provider then treats it as unknown: no new sign-ins, no token
 * requests) or enable it again. Asking for the state it is already in changes nothing.
 */
export async function setClientDisabled(ex: Executor, clock: Clock, id: string, disabled: boolean, actor: AuditActor): Promise<SetDisabledResult> {
  const current = await findClient(ex, id);
  if (!current) return { ok: false, reason: 'not_found' };
  if ((current.disabledAt !== null) === disabled) return { ok: true, client: current };
  const now = clock.now();
  await ex.update(oidcClients).set({ disabledAt: disabled ? now : null, updatedAt: now }).where(eq(oidcClients.id, id));
  await recordAudit(ex, actor, disabled ? 'oidc_client.disable' : 'oidc_client.enable', { targetType: 'oidc_client', targetId: id });
  return { ok: true, client: { ...current, disabledAt: disabled ? now : null, updatedAt: now } };
}

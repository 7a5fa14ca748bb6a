/**
 * The registry of OpenID Connect clients (relying parties), as the console and the CLI read
 * it. A client's secret never leaves this file: the views carry only whether it has one.
 */
import { asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { oidcClients, type OidcClient } from '../schema.ts';
import { containsPattern, offsetOf, type PageRequest, type Paged } from './like.ts';

/** A client as officers and the CLI see it: everything but the secret. */
export type ClientView = Omit<OidcClient, 'secret'> & { hasSecret: boolean };

export function clientView({ secret, ...rest }: OidcClient): ClientView {
  return { ...rest, hasSecret: secret !== null };
}

const viewColumns = {
  id: oidcClients.id, name: oidcClients.name, redirectUris: oidcClients.redirectUris,
  postLogoutRedirectUris: oidcClients.postLogoutRedirectUris, backchannelLogoutUri: oidcClients.backchannelLogoutUri,
  public: oidcClients.public, firstParty: oidcClients.firstParty, disabledAt: oidcClients.disabledAt,
  secretRotatedAt: oidcClients.secretRotatedAt, createdAt: oidcClients.createdAt, updatedAt: oidcClients.updatedAt,
  // Whether there is a secret, without reading (and unsealing) it.
  hasSecret: sql<boolean>`${oidcClients.secret} is not null`.mapWith(Boolean),
};

export type ClientFilter = { q?: string };

/** Clients by name, optionally those whose name or client_id contains `q`. */
export async function listClients(ex: Executor, f: ClientFilter = {}, p: PageRequest = { page: 1, pageSize: 100 }): Promise<Paged<ClientView>> {
  const where = f.q ? or(ilike(oidcClients.name, containsPattern(f.q)), ilike(oidcClients.id, containsPattern(f.q))) : undefined;
  const rows = await ex.select(viewColumns).from(oidcClients).where(where)
    .orderBy(asc(oidcClients.name), asc(oidcClients.id)).limit(p.pageSize).offset(offsetOf(p));
  const [total] = await ex.select({ n: count() }).from(oidcClients).where(where);
  return { items: rows, total: total?.n ?? 0, page: p.page, pageSize: p.pageSize };
}

export async function findClient(ex: Executor, id: string): Promise<ClientView | undefined> {
  const [row] = await ex.select(viewColumns).from(oidcClients).where(eq(oidcClients.id, id));
  return row;
}

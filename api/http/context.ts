/** What every handler can reach: the dependencies, and per-request values set by middleware. */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Deps } from '../deps.ts';
import type { Lang } from '../errors.ts';
import type { AuditActor } from '../domain/audit.ts';
import { forwardedClient } from '../lib/client-ip.ts';
import type { OidcService } from '../services/oidc-provider.ts';

export type AppEnv = {
  Variables: {
    deps: Deps;
    /** The OpenID Connect provider of this app (api/services/oidc-provider.ts). */
    oidc: OidcService;
    lang: Lang;
    requestId: string;
  };
};

/** Any context whose environment extends AppEnv (route groups add their own variables). */
export type Ctx<E extends AppEnv = AppEnv> = Context<E>;

/** The dependencies, typed, from any context whose environment extends AppEnv (generic access yields `any`). */
export function depsOf<E extends AppEnv>(c: Ctx<E>): Deps {
  return (c.var as AppEnv['Variables']).deps;
}

/**
 * The client's IP: the X-Forwarded-For entry written by the outermost of our TRUST_PROXY
 * proxies (counted from the right; what the client wrote itself is never trusted), else the socket's.
 */
export function clientIp<E extends AppEnv>(c: Ctx<E>): string {
  const forwarded = forwardedClient(c.req.header('x-forwarded-for'), depsOf(c).config.trustProxyHops);
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The audit actor for the person making this request. */
export function actorOf<E extends AppEnv>(c: Ctx<E>, kind: AuditActor['kind'], accountId?: string): AuditActor {
  return { kind, accountId, ip: clientIp(c), userAgent: c.req.header('user-agent') };
}

/** Cross-cutting middleware: request log, request metrics, language, security headers, CSRF. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from './context.ts';
import { AppError, type Lang } from '../errors.ts';

export const LANG_COOKIE = 'lang';

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? randomUUID());
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    c.var.deps.log.info({ req: c.var.requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The web app's own routes: its files and the single-page app's pages (api/app.ts mountWeb). */
const WEB_ROUTES = new Set(['*', '/*', '/assets/*']);

/**
 * The route pattern that answered (`/api/login-requests/:id`), never the raw path: ids in labels
 * would make a series per request. Static files and page addresses are one label, `web`.
 */
function routeLabel(c: Context): string {
  // After the handlers ran, routeIndex is the last one reached: the one that answered or threw.
  const pattern = routePath(c);
  return WEB_ROUTES.has(pattern) || pattern === '' ? 'web' : pattern;
}

/** Count and time every request (metrics.httpRequests) by route pattern, method and status. */
export function requestMetrics(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    c.var.deps.metrics.httpRequests.observe(
      { route: routeLabel(c), method: METHODS.has(c.req.method) ? c.req.method : 'other', status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  };
}

/** Thai by default; English when the `lang` cookie or the Accept-Language header asks for it. */
export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, LANG_COOKIE);
    let lang: Lang = 'th';
    if (cookie === 'en' || cookie === 'th') lang = cookie;
    else if (/^en\b/i.test(c.req.header('accept-language') ?? '')) lang = 'en';
    c.set('lang', lang);
    await next();
  };
}

/** Strict CSP: scripts, styles, fonts and connections from this origin only. */
export function securityHeaders(extraFormActions: string[]): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      styleSrcAttr: ["'unsafe-inline'"], // the QR scanner library sets style attributes
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      mediaSrc: ["'self'", 'blob:'],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      frameSrc: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'", ...extraFormActions],
    },
    crossOriginEmbedderPolicy: false,
    // A response that sets its own (stricter) header keeps it: the officer's PDF viewer needs a sandbox CSP.
    overwrite: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [] },
  });
}

/**
 * CSRF: a state-changing request must come from our own pages. Browsers send Origin on
 * every cross-origin POST and Sec-Fetch-Site everywhere modern; either one is checked.
 */
export function csrf(publicOrigin: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if ((origin && origin !== publicOrigin) || (site && site !== 'same-origin' && site !== 'none')) {
      throw new AppError('csrf');
    }
    return next();
  };
}

/** Every API body is small JSON; anything bigger is refused before it is read or parsed. */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * The global body limit (R-10.4): 64 KiB for every request body except multipart uploads,
 * which carry their own 10 MB limit (`pdfUploadLimit`), and the routes in `exempt` that set
 * a larger limit of their own (the officers' CSV import).
 */
export function jsonBodyLimit(exempt: readonly string[] = []): MiddlewareHandler<AppEnv> {
  const tooLarge = () => { throw new AppError('body_too_large'); };
  const limit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge });
  return async (c, next) => {
    // No body to limit; and asking a GET for its body makes the Node adapter build a whole Request.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type === 'multipart/form-data' || exempt.includes(c.req.path)) return next();
    // bodyLimit's own decision from a Content-Length, taken without asking for the body: behind
    // the Node server that question builds a whole Request and web stream, which the JSON is
    // then read through. The adapter gives these methods a body whenever the client sends one.
    const headers = c.req.raw.headers;
    if (isNodeRequest(c) && NODE_BODY_METHODS.has(c.req.method) && headers.has('content-length') && !headers.has('transfer-encoding')) {
      return parseInt(headers.get('content-length') || '0', 10) > MAX_JSON_BYTES ? tooLarge() : next();
    }
    return limit(c, next);
  };
}

/** Methods for which the Node adapter always makes a request body (a stream, empty or not). */
const NODE_BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Served by @hono/node-server (its bindings hold the Node request), not called in-process. */
function isNodeRequest(c: Context): boolean {
  return (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
}

/**
 * The HTTP application: middleware, one sub-app per route group, the error handler, and
 * (when built) the web app's static files with the SPA fallback for `/`, `/officer`, `/app`.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from './deps.ts';
import type { AppEnv } from './http/context.ts';
import { AppError, errorBody, type ErrorCode } from './errors.ts';
import { isDatabaseUnavailable } from './lib/db-errors.ts';
import { requireGoodText } from './http/validate.ts';
import { liveChannels } from './http/live-stream.ts';
import { csrf, jsonBodyLimit, language, requestLog, requestMetrics, securityHeaders } from './http/middleware.ts';
import { activationRoutes } from './routes/activation.ts';
import { authRoutes } from './routes/auth.ts';
import { deviceRoutes } from './routes/device.ts';
import { healthRoutes, readyRoutes } from './routes/health.ts';
import { oidcInteractionRoutes, oidcRoutes } from './routes/oidc.ts';
import { createOidcService } from './services/oidc-provider.ts';
import { loginRequestRoutes } from './routes/login-requests.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { officerRoutes } from './routes/officer.ts';
import { passkeyLoginRoutes } from './routes/passkey-login.ts';
import { passwordResetRoutes } from './routes/password-reset.ts';
import { officerPasskeyRoutes } from './routes/officer-passkey.ts';
import { portalRoutes } from './routes/portal.ts';
import { proofingRoutes } from './routes/proofing.ts';
import { publicRoutes } from './routes/public.ts';
import { registrationRoutes } from './routes/registration.ts';
import { serviceRequestRoutes } from './routes/service-requests.ts';

export type AppOptions = { webDist?: string; extraFormActions?: string[] };

export function createApp(deps: Deps, opts: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const oidc = createOidcService(deps);
  app.use('*', async (c, next) => { c.set('deps', deps); c.set('oidc', oidc); await next(); });
  // Outside every other middleware, so a live channel's head carries all their headers.
  app.use('/api/*', liveChannels());
  // Before the request log and metrics: a scrape every few seconds is neither logged nor measured.
  app.route('/metrics', metricsRoutes);
  app.use('*', requestLog(), requestMetrics(), language(), securityHeaders(opts.extraFormActions ?? []));
  // Our own forms and fetches: the API, and the answers to a sign-in for another system.
  app.use('/api/*', csrf(deps.config.publicOrigin));
  app.use('/oidc/interaction/*', csrf(deps.config.publicOrigin));
  // The CSV import sets its own larger limit; uploads (multipart) theirs.
  app.use('/api/*', jsonBodyLimit(['/api/officer/accounts/import']), requireGoodText());
  // Set on the response itself: c.header() on a finished response copies it, and its body into a web stream.
  app.use('/api/*', async (c, next) => { await next(); c.res.headers.set('Cache-Control', 'no-store'); });

  app.route('/api/health', healthRoutes);
  app.route('/api/ready', readyRoutes);
  app.route('/api/public', publicRoutes);
  app.route('/api/auth', authRoutes);
  app.route('/api/auth/password-reset', passwordResetRoutes);
  app.route('/api/auth/passkey', passkeyLoginRoutes);
  app.route('/api/login-requests', loginRequestRoutes);
  app.route('/api/registration', registrationRoutes);
  app.route('/api/proofing', proofingRoutes);
  app.route('/api/officer', officerRoutes);
  app.route('/api/officer-passkey', officerPasskeyRoutes);
  app.route('/api/activation', activationRoutes);
  app.route('/api/device', deviceRoutes);
  app.route('/api/portal', portalRoutes);
  app.route('/api/service-requests', serviceRequestRoutes);
  app.route('/api/oidc', oidcInteractionRoutes);

  app.all('/api/*', () => { throw new AppError('not_found'); });
  app.route('/', oidcRoutes);

  if (opts.webDist && existsSync(join(opts.webDist, 'index.html'))) mountWeb(app, opts.webDist);

  app.onError((err, c) => {
    const lang = c.var.lang ?? 'th';
    if (err instanceof AppError) {
      const { status, body } = errorBody(err.code, lang, err.fields);
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(body, status as 400);
    }
    const unique = uniqueViolation(err);
    if (unique) {
      // A race or a reused value hit a unique constraint: a conflict, never a server error.
      deps.log.warn({ req: c.var.requestId, path: c.req.path, constraint: unique.constraint }, 'unique violation');
      const { status, body } = errorBody(CONSTRAINT_CODES[unique.constraint ?? ''] ?? 'duplicate', lang);
      return c.json(body, status as 409);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code = err.status === 413 ? 'payload_too_large' : err.status === 404 ? 'not_found' : 'bad_request';
      const { status, body } = errorBody(code, lang);
      return c.json(body, status as 400);
    }
    if (isDatabaseUnavailable(err)) {
      // The database is restarting or unreachable: the pool reconnects by itself, so this is
      // "try again shortly" (503), not a server bug.
      deps.log.warn({ err, req: c.var.requestId, path: c.req.path }, 'database unavailable');
      c.header('Retry-After', '5');
      const { status, body } = errorBody('unavailable', lang);
      return c.json(body, status as 503);
    }
    deps.log.error({ err, req: c.var.requestId, path: c.req.path }, 'unhandled error');
    const { status, body } = errorBody('internal', lang);
    return c.json(body, status as 500);
  });
  return app;
}

/** Unique constraints whose violation has a more specific message than `duplicate`. */
const CONSTRAINT_CODES: Record<string, ErrorCode> = {
  authenticators_credential_id_unique: 'credential_taken',
  officer_passkeys_credential_id_unique: 'credential_taken',
};

/**
 * PostgreSQL's unique_violation (23505), from postgres.js or PGlite, possibly wrapped by
 * drizzle (`cause`).
 */
function uniqueViolation(err: unknown): { constraint?: string } | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint, constraint_name: constraintName } = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (code === '23505') {
      const name = typeof constraint === 'string' ? constraint : typeof constraintName === 'string' ? constraintName : undefined;
      return { constraint: name };
    }
  }
  return null;
}

/** Types sent compressed when the build wrote a .br or .gz beside the file (vite.config.ts). */
const COMPRESSIBLE_TYPE = /^(?:text\/|application\/(?:javascript|json|manifest\+json)|image\/svg\+xml)/;

function mountWeb(app: Hono<AppEnv>, webDist: string) {
  const root = relative(process.cwd(), webDist) || '.';
  app.use('/assets/*', async (c, next) => { await next(); c.header('Cache-Control', 'public, max-age=31536000, immutable'); });
  app.use('/sw.js', async (c, next) => { await next(); c.header('Cache-Control', 'no-cache'); c.header('Service-Worker-Allowed', '/'); });
  app.use('*', async (c, next) => {
    await next();
    const type = c.res.headers.get('Content-Type') ?? '';
    // The app shell (/, /index.html or any page address) is revalidated, so a new build is picked up.
    if (type.startsWith('text/html')) c.header('Cache-Control', 'no-cache');
    // One address answers br, gzip or plain by Accept-Encoding: caches must keep them apart,
    // also when this answer is the plain file.
    if (c.res.ok && COMPRESSIBLE_TYPE.test(type) && !/accept-encoding/i.test(c.res.headers.get('Vary') ?? '')) {
      c.header('Vary', 'Accept-Encoding', { append: true });
    }
  });
  // `precompressed` sends the .br, else the .gz, that the request's Accept-Encoding lists.
  app.use('*', serveStatic({ root, precompressed: true }));
  // A missing file (an old chunk after a deploy) is a plain 404, not the app shell.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  // Every other path is a route of the single-page app; read per request so a rebuild is picked up.
  const shell = serveStatic({ root, path: 'index.html', precompressed: true });
  app.get('*', async (c, next) => {
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404);
    await next();
  }, shell);
}

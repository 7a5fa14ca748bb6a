/**
 * Configuration, read from the environment and validated once. Everything else takes
 * its settings from the object this returns; nothing reads process.env elsewhere.
 */
import { hostname } from 'node:os';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
// How many reverse proxies stand in front: a hop count; 'true'/'false' stay accepted (one / none).
const proxyHops = z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)).or(z.coerce.number().int().min(0).max(10));

const base64Key = z.string().trim().transform((v, ctx) => {
  const key = Buffer.from(v, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)' });
    return z.NEVER;
  }
  return key;
});

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TRUST_PROXY: proxyHops.default(0),
  PUBLIC_ORIGIN: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_LISTEN_URL: z.string().min(1).optional(), // LISTEN straight to PostgreSQL when DATABASE_URL is a transaction pooler
  DATA_DIR: z.string().default('.data'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Soft Token <no-reply@softtoken.local>'),
  PROOFING_ISSUER: z.url().optional(),
  PROOFING_CLIENT_ID: z.string().default('soft-token'),
  PROOFING_CLIENT_SECRET: z.string().optional(),
  PROOFING_SCOPES: z.string().default(
    'openid pid title title_en given_name middle_name family_name given_name_en middle_name_en family_name_en birthdate address ial',
  ),
  PROOFING_CLAIMS: z.string().optional(), // JSON: our field → the provider's claim name
  PROOFING_MIN_IAL: z.coerce.number().default(2.3),
  PROOFING_PROVIDER_NAME: z.string().default('เป๋าตัง'),
  PROOFING_PROVIDER_NAME_EN: z.string().default('Pao Tang'),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().default('mailto:softtoken@localhost'),
  PUSH_ENDPOINT_HOSTS: z.string().optional(), // comma-separated hosts; `*.` matches any subdomain
  WEBAUTHN_RP_ID: z.string().optional(),
  WEBAUTHN_RP_NAME: z.string().default('Soft Token'),
  DEVICE_BOUND_ONLY: bool.default(false),
  // Phishing-resistant sign-in ([PASSKEY]): staff of these units (comma-separated 10-digit unit
  // codes) must sign in with the phone's passkey from the desktop; password + picture matching is
  // refused for them. Officers already sign in with password + their own passkey, which satisfies it.
  PHISHING_RESISTANT_UNITS: z.string().default(''),
  PASSWORD_POLICY: z.enum(['manual', 'nist']).default('manual'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(12).default(12),
  EMAIL_CODES_PER_DAY: z.coerce.number().int().min(1).max(100).default(10),
  OFFICER_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
  // Personal data at rest (PDPA): the key-encryption key, 32 bytes in base64 (required in production),
  // and the one it replaces while a change of key is under way.
  DATA_KEY: base64Key.optional(),
  DATA_KEY_PREVIOUS: base64Key.optional(),
  // Retention, in days: appointment PDFs after the decision, signed scans after the request is
  // closed, registrations abandoned before submission, expired codes/challenges/login requests.
  RETENTION_APPOINTMENT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_SCAN_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  RETENTION_DRAFT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_EXPIRED_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  // OpenID Connect provider (docs/oidc.md)
  OIDC_KEY_GRACE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24), // a retired signing key stays in JWKS
  OIDC_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(10), // single sign-on across clients
  OIDC_ACCESS_TOKEN_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  // Running many instances ([SCALE], docs/operations.md)
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10), // pooled connections per instance (LISTEN has its own)
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25), // SIGTERM: drain within this, then close what is left
  JOB_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(120), // a claimed job (mail) is taken over after this if its instance died
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(), // Prometheus /metrics on its own listener (HOST below)
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(16).optional(), // or /metrics on the main port, with `Authorization: Bearer <token>`
  INSTANCE_NAME: z.string().regex(/^[\w.-]{1,60}$/).optional(), // names this instance in logs, metrics and pg_stat_activity
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Development helpers (never started when NODE_ENV=production)
  DEV_SERVICES: bool.optional(), // false: this process starts none (npm run cluster runs them once, in its supervisor)
  DEV_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  DEV_MAIL_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  DEV_PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(3003), // the demo relying portal
});

export type Config = ReturnType<typeof buildConfig>;

/** Where each proven field comes from: Thailand's ThaID OpenID Connect profile by default. */
export const DEFAULT_CLAIMS = {
  nationalId: 'pid', ial: 'ial', title: 'title', titleEn: 'title_en',
  firstNameTh: 'given_name', middleNameTh: 'middle_name', lastNameTh: 'family_name',
  firstNameEn: 'given_name_en', middleNameEn: 'middle_name_en', lastNameEn: 'family_name_en',
  birthDate: 'birthdate', address: 'address',
};
export type ClaimMap = typeof DEFAULT_CLAIMS;

function parseClaimMap(json: string | undefined): ClaimMap {
  if (!json) return DEFAULT_CLAIMS;
  const keys = Object.keys(DEFAULT_CLAIMS) as [keyof ClaimMap, ...(keyof ClaimMap)[]];
  let value: unknown;
  try { value = JSON.parse(json); } catch { value = null; }
  const parsed = z.partialRecord(z.enum(keys), z.string().min(1)).safeParse(value);
  if (!parsed.success) throw new ConfigError(`PROOFING_CLAIMS: expected a JSON object with keys among ${keys.join(', ')}`);
  return { ...DEFAULT_CLAIMS, ...parsed.data };
}

/** The browsers' push services: Chrome/Edge (FCM), Firefox, Windows, Safari. */
export const DEFAULT_PUSH_HOSTS = ['fcm.googleapis.com', '*.push.services.mozilla.com', '*.notify.windows.com', 'web.push.apple.com', '*.push.apple.com'];
/** Development and tests only: the tests' local push endpoints (integration on 127.0.0.1, e2e on *.test). */
const DEV_PUSH_HOSTS = ['localhost', '127.0.0.1', '*.test'];

function parsePushHosts(list: string | undefined, production: boolean): string[] {
  const hosts = list === undefined ? DEFAULT_PUSH_HOSTS : list.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bad = hosts.filter((h) => !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h));
  if (bad.length || !hosts.length) throw new ConfigError(`PUSH_ENDPOINT_HOSTS: expected comma-separated host names (\`*.\` for any subdomain), got ${bad.join(', ') || 'none'}`);
  return production ? hosts : [...hosts, ...DEV_PUSH_HOSTS];
}

function parseUnitCodes(list: string): string[] {
  const codes = list.split(',').map((c) => c.trim()).filter(Boolean);
  const bad = codes.filter((c) => !/^\d{10}$/.test(c));
  if (bad.length) throw new ConfigError(`PHISHING_RESISTANT_UNITS: expected comma-separated 10-digit unit codes, got ${bad.join(', ')}`);
  return [...new Set(codes)];
}

export class ConfigError extends Error {}

function buildConfig(env: z.infer<typeof EnvSchema>) {
  const production = env.NODE_ENV === 'production';
  const publicOrigin = (env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  const origin = new URL(publicOrigin);
  if (production) {
    const missing = (['PUBLIC_ORIGIN', 'DATABASE_URL', 'SMTP_URL', 'PROOFING_ISSUER', 'PROOFING_CLIENT_SECRET',
      'VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'DATA_KEY'] as const).filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(`Missing in production: ${missing.join(', ')}`);
    if (origin.protocol !== 'https:') throw new ConfigError('PUBLIC_ORIGIN must be https in production');
  }
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    // Proxies in front of us: the client is the address this many hops from the right of X-Forwarded-For.
    trustProxyHops: env.TRUST_PROXY,
    publicOrigin,
    secureCookies: origin.protocol === 'https:',
    databaseUrl: env.DATABASE_URL,
    databaseListenUrl: env.DATABASE_LISTEN_URL,
    dataDir: env.DATA_DIR,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    proofing: {
      issuer: env.PROOFING_ISSUER, // unset in development: the local provider is used
      clientId: env.PROOFING_CLIENT_ID,
      clientSecret: env.PROOFING_CLIENT_SECRET,
      scopes: env.PROOFING_SCOPES,
      claims: parseClaimMap(env.PROOFING_CLAIMS),
      minIal: env.PROOFING_MIN_IAL,
      providerName: env.PROOFING_PROVIDER_NAME,
      providerNameEn: env.PROOFING_PROVIDER_NAME_EN,
    },
    vapid: { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT },
    // The server POSTs to subscription endpoints, so only these push services are accepted.
    pushEndpointHosts: parsePushHosts(env.PUSH_ENDPOINT_HOSTS, production),
    webauthn: {
      rpId: env.WEBAUTHN_RP_ID ?? origin.hostname,
      rpName: env.WEBAUTHN_RP_NAME,
      origin: publicOrigin,
      deviceBoundOnly: env.DEVICE_BOUND_ONLY,
    },
    // Who must sign in with a passkey rather than password + picture matching (api/domain/passkey-login.ts).
    phishingResistant: { units: parseUnitCodes(env.PHISHING_RESISTANT_UNITS) },
    passwordPolicy: env.PASSWORD_POLICY,
    emailCodesPerDay: env.EMAIL_CODES_PER_DAY, // email codes one registration may receive in 24 hours
    // Officers idle out sooner: their console decides who gets a token (FLOWS §7).
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS, officerIdleMinutes: env.OFFICER_SESSION_IDLE_MINUTES },
    dataKey: { key: env.DATA_KEY, previous: env.DATA_KEY_PREVIOUS },
    retentionDays: {
      appointment: env.RETENTION_APPOINTMENT_DAYS, scan: env.RETENTION_SCAN_DAYS,
      draft: env.RETENTION_DRAFT_DAYS, expired: env.RETENTION_EXPIRED_DAYS,
    },
    oidc: { keyGraceHours: env.OIDC_KEY_GRACE_HOURS, sessionHours: env.OIDC_SESSION_HOURS, accessTokenMinutes: env.OIDC_ACCESS_TOKEN_MINUTES },
    logLevel: env.LOG_LEVEL,
    instance: {
      name: env.INSTANCE_NAME ?? `${hostname()}-${process.pid}`,
      poolSize: env.DB_POOL_SIZE,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      jobClaimSeconds: env.JOB_CLAIM_SECONDS,
    },
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN },
    dev: {
      // The mail catcher, local identity provider and demo portal: never in production.
      services: !production && (env.DEV_SERVICES ?? true),
      idpPort: env.DEV_IDP_PORT, smtpPort: env.DEV_SMTP_PORT, mailPort: env.DEV_MAIL_PORT, portalPort: env.DEV_PORTAL_PORT,
    },
  };
}

/** Parse and validate configuration; throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return buildConfig(parsed.data);
}

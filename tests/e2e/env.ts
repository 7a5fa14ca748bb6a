/**
 * Where the e2e system listens. The browser must use exactly `origin`: it is the
 * PUBLIC_ORIGIN (WebAuthn, CSRF) and, being localhost, a secure context for service workers.
 */
export const E2E = {
  port: 4300,
  origin: 'http://localhost:4300',
  idpPort: 4301,
  mailPort: 4302,
  smtpPort: 4325,
  /** The test harness's own control port (tests/e2e/control.ts): fixtures on the running system's database. */
  controlPort: 4303,
} as const;

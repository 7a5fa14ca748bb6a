/**
 * Where the e2e system listens. The browser must use exactly `origin`: it is the
 * PUBLIC_ORIGIN (WebAuthn, CSRF) and, being localhost, a secure context for service workers.
 * E2E_PORT_BASE moves every port at once, so two runs on one machine do not collide.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 4300);

export const E2E = {
  port: base,
  origin: `http://localhost:${base}`,
  idpPort: base + 1,
  mailPort: base + 2,
  smtpPort: base + 25,
  /** The test harness's own control port (tests/e2e/control.ts): fixtures on the running system's database. */
  controlPort: base + 3,
  /** The demo relying portal the system starts (examples/portal/server.ts). */
  portalPort: base + 4,
  /** A second demo portal, started by rp.spec.ts itself (back-channel logout). */
  secondPortalPort: base + 5,
  /**
   * The one unit whose staff must sign in with a passkey (PHISHING_RESISTANT_UNITS, created by
   * tests/e2e/server.ts); only passkey.spec.ts puts accounts in it.
   */
  passkeyOnlyUnit: '7700100000',
} as const;

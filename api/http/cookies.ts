/** Cookies: HttpOnly, SameSite, Secure (and the __Host- prefix) whenever the site is https. */
import { deleteCookie, generateCookie, getCookie, setCookie } from 'hono/cookie';
import { depsOf, type AppEnv, type Ctx } from './context.ts';

export type CookieName = 'session' | 'binding' | 'device' | 'proofing' | 'known';

function fullName<E extends AppEnv>(c: Ctx<E>, name: CookieName): string {
  return depsOf(c).config.secureCookies ? `__Host-st_${name}` : `st_${name}`;
}

export function readCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName): string | undefined {
  return getCookie(c, fullName(c, name));
}

/**
 * Set one of our cookies. Lifetimes are given as an end time on the app's clock and sent
 * as Max-Age, so the browser's own clock does not matter (and browsers cap at 400 days).
 */
export function writeCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName, value: string, opts: { until: Date; sameSite?: 'Strict' | 'Lax' }) {
  const seconds = Math.floor((opts.until.getTime() - depsOf(c).clock.now().getTime()) / 1000);
  setCookie(c, fullName(c, name), value, {
    path: '/', httpOnly: true, secure: depsOf(c).config.secureCookies, sameSite: opts.sameSite ?? 'Strict',
    maxAge: Math.max(0, Math.min(seconds, MAX_COOKIE_SECONDS)),
  });
}

const MAX_COOKIE_SECONDS = 399 * 86_400;

export function clearCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName) {
  deleteCookie(c, fullName(c, name), { path: '/', secure: depsOf(c).config.secureCookies });
}

/** The Set-Cookie value that clears one of our cookies, for a response written outside Hono (the OIDC provider's). */
export function clearedCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName): string {
  return generateCookie(fullName(c, name), '', { path: '/', secure: depsOf(c).config.secureCookies, maxAge: 0 });
}

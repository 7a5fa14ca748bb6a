/** Cookies: HttpOnly, SameSite, Secure (and the __Host- prefix) whenever the site is https. */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Ctx } from '../context.ts';

export type CookieName = 'session' | 'binding' | 'device' | 'proofing';

function fullName<E extends AppEnv>(c: Ctx<E>, name: CookieName): string {
  return c.var.deps.config.secureCookies ? `__Host-st_${name}` : `st_${name}`;
}

export function readCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName): string | undefined {
  return getCookie(c, fullName(c, name));
}

export function writeCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName, value: string, opts: { expires?: Date; sameSite?: 'Strict' | 'Lax' } = {}) {
  setCookie(c, fullName(c, name), value, {
    path: '/', httpOnly: true, secure: c.var.deps.config.secureCookies, sameSite: opts.sameSite ?? 'Strict', expires: opts.expires,
  });
}

export function clearCookie<E extends AppEnv>(c: Ctx<E>, name: CookieName) {
  deleteCookie(c, fullName(c, name), { path: '/', secure: c.var.deps.config.secureCookies });
}

/** The known-browser cookie: read at the password step, renewed when a login completes. */
import type { Executor } from '../../db/index.ts';
import { depsOf, type AppEnv, type Ctx } from '../http/context.ts';
import { KNOWN_BROWSER_TTL_MS, parseKnownBrowserCookie, rememberBrowser } from '../domain/known-browsers.ts';
import { readCookie, writeCookie } from '../http/cookies.ts';

/** The tokens this browser presents (none for a stranger). */
export function knownBrowserTokens<E extends AppEnv>(c: Ctx<E>): string[] {
  return parseKnownBrowserCookie(readCookie(c, 'known'));
}

/** A login completed in this browser: from now on its attempts are throttled apart from strangers'. */
export async function rememberThisBrowser<E extends AppEnv>(c: Ctx<E>, accountId: string, ex?: Executor): Promise<void> {
  const { database, clock } = depsOf(c);
  const value = await rememberBrowser(ex ?? database.db, clock, { accountId, tokens: knownBrowserTokens(c) });
  writeCookie(c, 'known', value, { until: new Date(clock.now().getTime() + KNOWN_BROWSER_TTL_MS) });
}

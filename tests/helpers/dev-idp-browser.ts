/**
 * A minimal "browser" for integration tests: plain fetch with a cookie jar, following the
 * local identity provider's redirects and posting its sign-in and consent forms the way a
 * person would, until the provider sends the browser back to the client's redirect URI.
 */

type Cookie = { name: string; value: string; path: string; origin: string };

export type CookieJar = {
  header(url: URL): string;
  store(url: URL, res: Response): void;
};

function parseSetCookie(line: string, url: URL): { cookie: Cookie; expired: boolean } {
  const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const cookie: Cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), path: '/', origin: url.origin };
  let expired = false;
  for (const attr of attrs) {
    const [k = '', v = ''] = attr.split('=');
    const key = k.toLowerCase();
    if (key === 'path' && v) cookie.path = v;
    if (key === 'max-age' && Number(v) <= 0) expired = true;
    if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
  }
  return { cookie, expired };
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, Cookie>();
  const pathMatches = (cookiePath: string, path: string) =>
    path === cookiePath || path.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
  return {
    header(url) {
      return [...cookies.values()]
        .filter((c) => c.origin === url.origin && pathMatches(c.path, url.pathname))
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
    },
    store(url, res) {
      for (const line of res.headers.getSetCookie()) {
        const { cookie, expired } = parseSetCookie(line, url);
        const key = `${cookie.origin}|${cookie.path}|${cookie.name}`;
        if (expired) cookies.delete(key);
        else cookies.set(key, cookie);
      }
    },
  };
}

export type Page = { url: URL; status: number; html: string };

/** Request `url` and follow redirects with cookies; stops early at a URL under `stopAt`. */
export async function browse(
  jar: CookieJar,
  url: URL,
  opts: { form?: Record<string, string>; stopAt?: string } = {},
): Promise<Page> {
  let current = url;
  let form = opts.form;
  for (let hops = 0; hops < 20; hops++) {
    if (opts.stopAt && current.href.startsWith(opts.stopAt)) return { url: current, status: 0, html: '' };
    const res = await fetch(current, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(current), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    jar.store(current, res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      current = new URL(location, current);
      form = undefined;
      continue;
    }
    const html = await res.text();
    const auto = autoSubmittedForm(html, current);
    if (auto) {
      // What a browser's script would do on oidc-provider's self-submitting pages.
      [current, form] = auto;
      continue;
    }
    return { url: current, status: res.status, html };
  }
  throw new Error(`too many redirects from ${url.href}`);
}

/** The form of a page that posts itself on load (oidc-provider's logout and form_post pages). */
function autoSubmittedForm(html: string, base: URL): [URL, Record<string, string>] | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  return [new URL(action.replace(/&amp;/g, '&'), base), fields];
}

export type DevIdpSignIn = {
  nationalId: string;
  consent: 'allow' | 'deny';
  redirectUri: string;
  jar?: CookieJar;
};

/** Open the authorization URL, sign in as `nationalId`, answer the consent page; returns the callback URL. */
export async function signInAtDevIdp(authorizationUrl: URL, o: DevIdpSignIn): Promise<URL> {
  const jar = o.jar ?? createCookieJar();
  const login = await browse(jar, authorizationUrl, { stopAt: o.redirectUri });
  if (login.url.href.startsWith(o.redirectUri)) return login.url;
  if (login.status !== 200 || !login.html.includes('name="pid"')) throw new Error(`expected the sign-in page, got ${login.status} at ${login.url.href}`);
  const consent = await browse(jar, new URL(`${login.url.pathname}/login`, login.url), { form: { pid: o.nationalId }, stopAt: o.redirectUri });
  if (consent.url.href.startsWith(o.redirectUri)) return consent.url;
  if (consent.status !== 200 || !consent.html.includes('name="decision"')) throw new Error(`expected the consent page, got ${consent.status} at ${consent.url.href}`);
  const done = await browse(jar, new URL(`${consent.url.pathname}/confirm`, consent.url), { form: { decision: o.consent }, stopAt: o.redirectUri });
  if (!done.url.href.startsWith(o.redirectUri)) throw new Error(`expected a redirect to the client, got ${done.status} at ${done.url.href}`);
  return done.url;
}

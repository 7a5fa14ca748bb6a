/** What every test client sends as a same-origin browser would: its Origin, and a JSON body when given. */
export type BrowserInit = RequestInit & { json?: unknown };

/** `request(path, init)` for tests: `send` delivers it (in process, or over real HTTP). */
export function browserRequest(origin: string, send: (path: string, init: RequestInit) => Promise<Response>) {
  return (path: string, init: BrowserInit = {}): Promise<Response> => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (!headers.has('origin')) headers.set('origin', origin);
    let body = rest.body;
    if (json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(json);
    }
    return send(path, { ...rest, headers, body });
  };
}

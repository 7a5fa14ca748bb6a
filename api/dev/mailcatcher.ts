/**
 * A local mail catcher for development and tests: a real SMTP server that accepts
 * every message, parses it and keeps it in memory, plus a small page listing what was sent
 * (`/`, newest first) and the same as JSON (`/messages.json`). Plain SMTP without AUTH or
 * TLS: it listens on the development host only and is never started in production.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../lib/html.ts';

export type CaughtMail = {
  id: string;
  from: string;
  /** Envelope recipients: who the message was actually delivered to (Bcc included). */
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** When the catcher received it, ISO 8601 (the same in memory and in /messages.json). */
  date: string;
};

export type MailCatcher = {
  smtpUrl: string;
  webUrl: string;
  messages(): CaughtMail[];
  waitFor(pred: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
};

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Oldest mail is dropped beyond this, so a long-running dev server cannot grow without bound. */
const MAX_KEPT = 500;

function hostForUrl(host: string): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return name.includes(':') ? `[${name}]` : name;
}

function addressText(a: AddressObject | AddressObject[] | undefined): string {
  if (!a) return '';
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
}

/** The page at `/`: newest first, every value escaped (mail bodies are untrusted input). */
export function renderMailPage(mails: readonly CaughtMail[]): string {
  const items = mails.map((m) => `<article>
<h2>${escapeHtml(m.subject || '(ไม่มีหัวเรื่อง)')}</h2>
<p class="meta"><span>ถึง <small lang="en">To</small>: ${escapeHtml(m.to.join(', '))}</span>
<span>จาก <small lang="en">From</small>: ${escapeHtml(m.from)}</span>
<time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time></p>
<pre>${escapeHtml(m.text)}</pre>
</article>`).join('\n');
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="5"><title>อีเมลที่ส่งออก · Mail catcher</title>
<style>
body{font-family:Sarabun,"Noto Sans Thai",Tahoma,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;background:#f3f6fb;color:#1b2430}
article{background:#fff;border-radius:.75rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px #0002}
h2{font-size:1.1rem;margin:0 0 .25rem}.meta{display:flex;flex-wrap:wrap;gap:1rem;color:#5b6675;margin:0 0 .5rem}
pre{white-space:pre-wrap;font-family:inherit;margin:0}small{color:#5b6675}
</style></head><body>
<h1>อีเมลที่ส่งออก <small lang="en">Sent mail (development mail catcher)</small></h1>
<p><a href="/messages.json">messages.json</a> · ${mails.length} ฉบับ <small lang="en">messages</small></p>
${items || '<p>ยังไม่มีอีเมล <small lang="en">No mail yet</small></p>'}
</body></html>`;
}

export async function startMailCatcher(opts: { smtpPort: number; httpPort: number; host: string }): Promise<MailCatcher> {
  const kept: CaughtMail[] = [];
  const waiters = new Set<(m: CaughtMail) => void>();

  function keep(mail: CaughtMail): void {
    kept.push(mail);
    if (kept.length > MAX_KEPT) kept.splice(0, kept.length - MAX_KEPT);
    for (const notify of [...waiters]) notify(mail);
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Soft Token development mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
            return;
          }
          keep({
            id: randomUUID(),
            from: addressText(parsed.from) || (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : undefined,
            date: new Date().toISOString(),
          });
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });

  const web = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://mail.invalid').pathname;
    const newestFirst = [...kept].reverse();
    if (req.method === 'GET' && path === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(newestFirst));
    } else if (req.method === 'GET' && path === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(renderMailPage(newestFirst));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    }
  });

  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, opts.host, () => { smtp.off('error', reject); resolve(); });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      web.once('error', reject);
      web.listen(opts.httpPort, opts.host, () => { web.off('error', reject); resolve(); });
    });
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  }

  const host = hostForUrl(opts.host);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (web.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${httpPort}`,
    messages: () => [...kept].reverse(),
    waitFor(pred, timeoutMs = 10_000) {
      const found = kept.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const onMail = (m: CaughtMail) => {
          if (!pred(m)) return;
          clearTimeout(timer);
          waiters.delete(onMail);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(onMail);
          reject(new Error(`no matching mail within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(onMail);
      });
    },
    async close() {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          web.close(() => resolve());
          web.closeAllConnections();
        }),
      ]);
    },
  };
}

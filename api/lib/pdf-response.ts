/** A stored PDF for an officer's in-page viewer: inline, sandboxed, never sniffed or cached. */
import type { Context } from 'hono';

export function pdfResponse(c: Context, doc: { filename: string; content: Uint8Array }): Response {
  const ascii = doc.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(doc.content as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    // Sandboxed, no scripts, no loads; only this site's console may frame it.
    'Content-Security-Policy': "sandbox; default-src 'none'; frame-ancestors 'self'",
    'Cache-Control': 'no-store',
  });
}

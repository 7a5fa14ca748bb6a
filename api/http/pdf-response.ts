/** A stored PDF for an officer's in-page viewer: inline, sandboxed, never sniffed or cached. */
import type { Context } from 'hono';

/** The name a saved copy gets: always `.pdf`, whatever the uploader called it (`x.html` → `x.html.pdf`). */
export function pdfFilename(stored: string): string {
  const name = stored.replace(/[\p{Cc}\p{Cs}]/gu, '_').trim() || 'document';
  return /\.pdf$/i.test(name) ? name : `${name}.pdf`;
}

export function pdfResponse(c: Context, doc: { filename: string; content: Uint8Array }): Response {
  const filename = pdfFilename(doc.filename);
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(doc.content as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'X-Content-Type-Options': 'nosniff',
    // Sandboxed, no scripts, no loads; only this site's console may frame it.
    'Content-Security-Policy': "sandbox; default-src 'none'; frame-ancestors 'self'",
    'Cache-Control': 'no-store',
  });
}

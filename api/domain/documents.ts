/** Uploaded PDFs: at most 10 MB, a real PDF by content, kept in the database. */
import type { Executor } from '../../db/index.ts';
import { documents } from '../../db/schema.ts';
import { sha256 } from '../lib/crypto.ts';
import { parsePdfPages } from '../lib/pdf-parse.ts';

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export type PdfCheck = { ok: true } | { ok: false; reason: 'pdf_too_large' | 'pdf_invalid' | 'pdf_required' | 'pdf_too_complex' };

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * Magic bytes at byte 0 (cheap; a file that is also HTML is refused), then a full parse in a
 * worker with a time cap: a renamed, broken or crafted-to-be-slow file is refused.
 */
export async function checkPdf(bytes: Uint8Array | undefined): Promise<PdfCheck> {
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'pdf_required' };
  if (bytes.length > MAX_PDF_BYTES) return { ok: false, reason: 'pdf_too_large' };
  if (!PDF_MAGIC.every((b, i) => bytes[i] === b)) return { ok: false, reason: 'pdf_invalid' };
  const parsed = await parsePdfPages(bytes);
  if (!parsed.ok) return { ok: false, reason: parsed.reason === 'timeout' ? 'pdf_too_complex' : 'pdf_invalid' };
  if (parsed.pages < 1) return { ok: false, reason: 'pdf_invalid' };
  return { ok: true };
}

/** Store a checked PDF; returns its id. The name is kept only for display. */
export async function storeDocument(
  ex: Executor,
  input: { ownerAccountId: string | null; kind: 'appointment' | 'service_request_scan'; filename: string; bytes: Uint8Array },
): Promise<string> {
  const filename = input.filename.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120) || 'document.pdf';
  const [doc] = await ex.insert(documents).values({
    ownerAccountId: input.ownerAccountId, kind: input.kind, filename, mediaType: 'application/pdf',
    size: input.bytes.length, sha256: sha256(input.bytes), content: input.bytes,
  }).returning({ id: documents.id });
  return doc!.id;
}

// Parses PDFs with pdf-lib off the main thread (see pdf-parse.ts), one at a time, for as long
// as it lives. Plain JavaScript so that Node runs it as it is, under tsx, vitest or a bare
// `node`, with no TypeScript loader.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';

// A low CPU priority for this thread (Linux: /proc/thread-self names its thread id), so a
// crafted file being parsed yields to the requests the main thread is answering. Not the lowest
// (19): on a saturated machine that starves even a small honest file past the time cap.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // Elsewhere the thread keeps the process's priority; the time cap still bounds it.
}

// pdf-lib warns on every broken object; a crafted file would flood the server's stderr.
console.warn = () => {};
console.log = () => {};

parentPort.on('message', async (bytes) => {
  try {
    // Fastest: this thread has nothing else to do, so pdf-lib need not yield between objects.
    const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    parentPort.postMessage({ ok: true, pages: pdf.getPageCount() });
  } catch {
    parentPort.postMessage({ ok: false });
  }
});
parentPort.postMessage('ready');

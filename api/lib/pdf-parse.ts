/**
 * PDF parsing off the event loop: pdf-lib runs in worker threads with a time cap and a memory
 * cap, so a crafted file costs one worker a bounded time and never stalls requests. Workers
 * are started once and kept (loading pdf-lib takes a few hundred ms); one that overruns its
 * time is terminated and replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export type PdfParse = { ok: true; pages: number } | { ok: false; reason: 'invalid' | 'timeout' };

/** The parse itself; starting a worker (only after one was terminated) has its own, looser cap. */
export const PDF_PARSE_TIMEOUT_MS = 2_000;
const WORKER_START_TIMEOUT_MS = 20_000;
const WORKER_HEAP_MB = 256;
// At most this many parses at once; the rest wait their turn, so uploads cannot take every core.
const MAX_PARALLEL = Math.max(1, availableParallelism() - 1);

type Reply = { ok: boolean; pages?: number };
type PdfWorker = { worker: Worker; ready: Promise<boolean> };

const idle: PdfWorker[] = [];
let running = 0;
const waiting: Array<() => void> = [];

function startWorker(): PdfWorker {
  const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    execArgv: [], // not the parent's loaders (tsx): the worker is plain JavaScript
  });
  worker.unref(); // an idle worker never keeps the process alive
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), WORKER_START_TIMEOUT_MS);
    worker.once('message', (m: unknown) => { clearTimeout(timer); resolve(m === 'ready'); });
    worker.once('error', () => { clearTimeout(timer); resolve(false); });
    worker.once('exit', () => { clearTimeout(timer); resolve(false); });
  });
  return { worker, ready };
}

async function acquire(): Promise<PdfWorker> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return idle.pop() ?? startWorker();
}

function release(w: PdfWorker | null) {
  if (w) idle.push(w);
  running--;
  waiting.shift()?.();
}

/** Count the pages of `bytes` in a worker; `timeout` when parsing takes longer than `timeoutMs`. */
export async function parsePdfPages(bytes: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<PdfParse> {
  const w = await acquire();
  let keep = false;
  try {
    // A worker that cannot start is the server's fault, not the file's: a logged 500.
    if (!(await w.ready)) throw new Error('the PDF worker did not start');
    w.worker.ref();
    const result = await new Promise<PdfParse>((resolve) => {
      const done = (r: PdfParse, healthy: boolean) => {
        clearTimeout(timer);
        w.worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure);
        keep = healthy;
        resolve(r);
      };
      const onMessage = (m: Reply) => done(m.ok ? { ok: true, pages: m.pages ?? 0 } : { ok: false, reason: 'invalid' }, true);
      // Out of memory or a crash: the file is not one we accept (and the worker is gone).
      const onFailure = () => done({ ok: false, reason: 'invalid' }, false);
      const timer = setTimeout(() => done({ ok: false, reason: 'timeout' }, false), opts.timeoutMs ?? PDF_PARSE_TIMEOUT_MS);
      w.worker.on('message', onMessage).once('error', onFailure).once('exit', onFailure);
      w.worker.postMessage(bytes);
    });
    return result;
  } finally {
    if (keep) w.worker.unref();
    else void w.worker.terminate();
    release(keep ? w : null);
  }
}

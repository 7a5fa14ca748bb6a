/**
 * The local admin channel: while the server holds the embedded database (PGlite is one
 * process's database), `npm run admin` sends its command over a Unix domain socket in the
 * data directory and the server runs it in-process. Only the same OS user can connect (the
 * socket is created with mode 0600); nothing listens on the network. One JSON request per
 * connection: `{ "argv": [...] }`, answered with what the CLI prints and its exit code.
 */
import { lstatSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../lib/log.ts';

/** What a command prints and how it exits, the same whether run by the CLI or by the server. */
export type AdminOutput = { stdout: string; stderr: string; exitCode: number };

export type AdminChannel = { path: string; close(): Promise<void> };

/** Commands are a few short flags: anything larger is not the CLI talking. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** A client that connects and says nothing is cut off. */
const REQUEST_TIMEOUT_MS = 10_000;

const requestSchema = z.object({ argv: z.array(z.string().max(4096)).max(64) });
const outputSchema = z.object({ stdout: z.string(), stderr: z.string(), exitCode: z.number().int() });

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, 'admin.sock');
}

/**
 * Serve the channel at `path`. The caller holds the database's lock, so a socket file found
 * there was left by a run that crashed: it is replaced.
 */
export async function startAdminChannel(opts: {
  path: string; log: Logger; run: (argv: string[]) => Promise<AdminOutput>;
}): Promise<AdminChannel> {
  const { path, log, run } = opts;
  removeStaleSocket(path);
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    let size = 0;
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        log.warn({ bytes: size }, 'admin channel: request too large, refused');
        socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => {
      socket.setTimeout(0); // a command such as rotate-data-key may take a while
      const request = parseRequest(Buffer.concat(chunks).toString('utf8'));
      if (!request) {
        log.warn('admin channel: malformed request, refused');
        socket.destroy();
        return;
      }
      const command = request.argv[0] ?? '';
      // The arguments may carry national IDs: only the command's name is logged.
      void run(request.argv).then((out) => {
        log.info({ command, exitCode: out.exitCode }, 'admin command run over the local channel');
        socket.end(JSON.stringify(out));
      }, (err: unknown) => {
        log.error({ err, command }, 'admin command over the local channel failed');
        socket.destroy();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket is bound during listen(): this umask makes it 0600 from its first instant.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => { server.off('error', reject); resolve(); });
    } finally {
      process.umask(umask);
    }
  });
  return {
    path,
    close: () => new Promise<void>((resolve) => {
      server.close(() => { rmSync(path, { force: true }); resolve(); });
    }),
  };
}

function parseRequest(text: string): z.infer<typeof requestSchema> | undefined {
  const parsed = requestSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : undefined;
}

function removeStaleSocket(path: string): void {
  try {
    if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket: remove it or choose another DATA_DIR`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  rmSync(path);
}

/**
 * Ask the server behind `path` to run a command. Resolves undefined when no server listens
 * there (no socket, or a socket left by a crashed run), so the caller can say why it stopped.
 */
export function sendAdminCommand(path: string, argv: string[]): Promise<AdminOutput | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let connected = false;
    const socket = createConnection(path, () => {
      connected = true;
      socket.end(JSON.stringify({ argv }));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(undefined);
      else reject(err);
    });
    socket.on('close', (hadError) => {
      if (hadError) return;
      const parsed = outputSchema.safeParse(safeJson(Buffer.concat(chunks).toString('utf8')));
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('The server closed the admin channel without an answer: see its log'));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Standing in for a push service: an HTTPS certificate for 127.0.0.1 the sender can be told to trust, a server, and a VAPID header reader. */
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed P-256 certificate for 127.0.0.1 (in subjectAltName, as certificate checks want), made by openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'push-service-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a VAPID `Authorization: vapid t=…, k=…` header says (RFC 8292), and whether its ES256 signature verifies with k. */
export function readVapidHeader(authorization: string) {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization);
  if (!m) throw new Error(`not a VAPID header: ${authorization}`);
  const [jwt, k] = [m[1]!, m[2]!];
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  return {
    jwt, k,
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as { typ: string; alg: string },
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud: string; exp: number; sub: string },
    signatureValid: verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')),
  };
}

export type Received = { authorization: string; body: Buffer };

/** A push service on 127.0.0.1 that answers 201, keeps what it receives and counts the TLS connections it accepted. */
export async function startPushService(tls: { key: string; cert: string }) {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer(tls, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ authorization: String(req.headers.authorization), body: Buffer.concat(chunks) });
    res.writeHead(201).end();
  });
  server.on('secureConnection', () => { connections++; });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin, received,
    connections: () => connections,
    close: () => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())); },
  };
}

/**
 * A push service stand-in for the bench (forked by bench/push.ts): HTTPS on 127.0.0.1 with a
 * self-signed certificate made by openssl (sent to the parent, which trusts only it), reads each
 * message and answers 201 as FCM does. Its own process, so the sender's CPU time is the sender's alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'softtoken-bench-push-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(201, { location: '/m/1' }); res.end(); });
});
rmSync(dir, { recursive: true, force: true });
let connections = 0;
server.on('secureConnection', () => { connections++; });
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0, cert });
});
// Asked how many TLS connections it accepted: the sender's keep-alive at work (or not).
process.on('message', (m: unknown) => { if (m === 'connections') process.send?.({ connections }); });
const stop = () => server.close(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * Where the key-encryption key of personal data comes from: `DATA_KEY` (required in
 * production), or outside production a key generated once into the data directory, with a
 * warning. A cloud KMS would be another `KeySource` (db/sealing.ts) returned from here.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localKeySource, type KeySource } from '../../db/sealing.ts';
import type { Config } from '../config.ts';
import type { Logger } from './log.ts';

export function dataKeySources(config: Config, log: Logger): { source: KeySource; previous?: KeySource } {
  const previous = config.dataKey.previous ? localKeySource(config.dataKey.previous) : undefined;
  if (config.dataKey.key) return { source: localKeySource(config.dataKey.key), previous };
  if (config.production) throw new Error('DATA_KEY is required in production');
  const file = join(config.dataDir, 'data-key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    log.warn({ file }, 'DATA_KEY is not set: generated a development key-encryption key; set DATA_KEY in production');
  }
  return { source: localKeySource(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')), previous };
}

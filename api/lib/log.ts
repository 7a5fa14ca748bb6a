/** Structured logging (JSON lines) through pino. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'soft-token' }, redact: ['password', '*.password', 'code', '*.code'] });
}

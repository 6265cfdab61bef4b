// The platform's own logs: structured JSON lines on stdout (pino). Secrets never go in here: tokens
// are referred to by file path or name, and the redact list is a second line of defence.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'logwarden' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'password', '*.password'], censor: '[redacted]' },
  });
}

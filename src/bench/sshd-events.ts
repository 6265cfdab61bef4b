// What the search benches store and search: sshd-like events, and a query that is slow on them.
import type { LogEvent } from '../schema/event.ts';

/** A query of wildcards that no message matches: every term is checked on every message. */
export const HEAVY_QUERY = Array.from({ length: 50 }, (_, i) => `NOT *a?s?w?q${i}*`).join(' AND ');

/** Event number `i`: a failed sshd login, ten milliseconds after the one before. */
export function sshdEvent(i: number): LogEvent {
  return {
    'event.sequence': i,
    '@timestamp': Date.UTC(2026, 10, 24) + i * 10,
    'event.ingested': Date.UTC(2026, 10, 24) + i * 10,
    message: `Failed password for user${i % 1000} from 10.${i % 250}.${i % 200}.${i % 100} port ${20000 + (i % 40000)} ssh2 session${i % 5000}`,
    'host.name': `web-${i % 20}`,
  } as LogEvent;
}

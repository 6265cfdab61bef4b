// Prometheus metrics for the platform itself, served at /metrics. One registry per server so tests
// can run several servers in one process without sharing counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Events received, per source protocol. */
  readonly received: Counter<'protocol'>;
  /** Inputs flagged or refused, per source protocol and reason (closed set: REJECT_REASONS). */
  readonly rejected: Counter<'protocol' | 'reason'>;
  /** UDP datagrams dropped because the queue was full (UDP cannot push back). */
  readonly dropped: Counter<'protocol'>;
  /** Events written to storage. */
  readonly stored: Counter;
  /** Events waiting for storage. */
  readonly queueDepth: Gauge;
  /** Storage write failures (each batch is retried until it is stored). */
  readonly storeErrors: Counter;
  readonly batchSeconds: Histogram;
  /** 1 while free disk space is below the reserve and ingest is refused. */
  readonly readOnly: Gauge;
  readonly diskFree: Gauge;
  // ingest request limits

  // searches and queries
  /** Searches, counts and aggregations refused: `busy` (429, too many at once) or `timeout` (504). */
  readonly queriesRefused: Counter<'route' | 'reason'>;
  /** Search pages cut short of their limit by http.maxResponseBytes. */
  readonly searchPagesTruncated: Counter;

  // authentication

  // syslog listeners

}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'logwarden_process_' });
  return {
    registry,
    received: new Counter({ name: 'logwarden_events_received_total', help: 'Events received', labelNames: ['protocol'], registers: [registry] }),
    rejected: new Counter({
      name: 'logwarden_events_rejected_total',
      help: 'Inputs flagged as unparseable, oversize or malformed (stored verbatim when possible)',
      labelNames: ['protocol', 'reason'],
      registers: [registry],
    }),
    dropped: new Counter({ name: 'logwarden_events_dropped_total', help: 'Datagrams dropped with the queue full', labelNames: ['protocol'], registers: [registry] }),
    stored: new Counter({ name: 'logwarden_events_stored_total', help: 'Events written to storage', registers: [registry] }),
    queueDepth: new Gauge({ name: 'logwarden_queue_events', help: 'Events waiting for storage', registers: [registry] }),
    storeErrors: new Counter({ name: 'logwarden_store_errors_total', help: 'Storage write failures (retried)', registers: [registry] }),
    readOnly: new Gauge({ name: 'logwarden_read_only', help: '1 while free disk space is below the reserve and new events are refused', registers: [registry] }),
    diskFree: new Gauge({ name: 'logwarden_disk_free_bytes', help: 'Free bytes on the data directory filesystem', registers: [registry] }),
    batchSeconds: new Histogram({
      name: 'logwarden_store_batch_seconds',
      help: 'Time to write one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    // ingest request limits

    // searches and queries
    queriesRefused: new Counter({
      name: 'logwarden_queries_refused_total',
      help: 'Searches, counts and aggregations refused: busy (429, too many at once) or timeout (504, over search.maxQuerySeconds)',
      labelNames: ['route', 'reason'],
      registers: [registry],
    }),
    searchPagesTruncated: new Counter({ name: 'logwarden_search_pages_truncated_total', help: 'Search pages cut short by http.maxResponseBytes (answered with a cursor)', registers: [registry] }),

    // authentication

    // syslog listeners

  };
}

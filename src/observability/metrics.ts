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
  /** HTTP ingest requests refused whole for carrying more than ingest.maxEventsPerRequest events. */
  readonly requestsOverEventCap: Counter<'protocol'>;
  /** HTTP ingest requests larger than the queue's free room, stored in parts as room freed. */
  readonly requestsStoredInParts: Counter<'protocol'>;

  // searches and queries
  /** Searches, counts and aggregations refused: `busy` (429, too many at once) or `timeout` (504). */
  readonly queriesRefused: Counter<'route' | 'reason'>;
  /** Search pages cut short of their limit by http.maxResponseBytes. */
  readonly searchPagesTruncated: Counter;

  // authentication
  /** Refused credentials, per reason: missing, scheme (not accepted on that route), invalid, expired, revoked. */
  readonly authFailures: Counter<'reason'>;
  /** Peer addresses locked out for too many failed authentications. */
  readonly authLockouts: Counter;
  /** Requests refused (429) because their peer address was locked out. */
  readonly authThrottled: Counter;

  // syslog listeners
  /** Open connections per stream listener (syslog-tcp, syslog-tls, relp, relp-tls). */
  readonly syslogConnections: Gauge<'protocol'>;
  /** Connections closed at once because the listener had syslog.maxConnections open. */
  readonly syslogConnectionsRefused: Counter<'protocol'>;
  /** Connections closed after syslog.idleTimeoutSeconds without a byte. */
  readonly syslogConnectionsIdleClosed: Counter<'protocol'>;
  /** Receive buffer the kernel granted each UDP listener (it may cap what was asked). */
  readonly udpReceiveBuffer: Gauge<'listener'>;
  /** Readers of the kernel's drop count of each UDP socket, read when /metrics is scraped. */
  readonly udpKernelDropReaders: Set<UdpKernelDropReader>;

  // stream consumers
  /** Stored records a consumer of the stream (ledger, detection, …) has not finished yet. */
  readonly consumerLag: Gauge<'consumer'>;
}

/** The kernel's count of datagrams dropped on one UDP socket (undefined when it cannot be read). */
export type UdpKernelDropReader = () => Promise<{ readonly listener: string; readonly drops: number } | undefined>;

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
    requestsOverEventCap: new Counter({
      name: 'logwarden_ingest_requests_over_event_cap_total',
      help: 'HTTP ingest requests refused (413) for holding more events than ingest.maxEventsPerRequest',
      labelNames: ['protocol'],
      registers: [registry],
    }),
    requestsStoredInParts: new Counter({
      name: 'logwarden_ingest_requests_in_parts_total',
      help: 'HTTP ingest requests that waited for queue room and were stored in parts',
      labelNames: ['protocol'],
      registers: [registry],
    }),

    // searches and queries
    queriesRefused: new Counter({
      name: 'logwarden_queries_refused_total',
      help: 'Searches, counts and aggregations refused: busy (429, too many at once) or timeout (504, over search.maxQuerySeconds)',
      labelNames: ['route', 'reason'],
      registers: [registry],
    }),
    searchPagesTruncated: new Counter({ name: 'logwarden_search_pages_truncated_total', help: 'Search pages cut short by http.maxResponseBytes (answered with a cursor)', registers: [registry] }),

    // authentication
    authFailures: new Counter({ name: 'logwarden_auth_failures_total', help: 'Failed authentications (the token is never logged)', labelNames: ['reason'], registers: [registry] }),
    authLockouts: new Counter({ name: 'logwarden_auth_lockouts_total', help: 'Peer addresses locked out after too many failed authentications', registers: [registry] }),
    authThrottled: new Counter({ name: 'logwarden_auth_throttled_requests_total', help: 'Requests refused with 429 while their peer address was locked out', registers: [registry] }),

    // syslog listeners
    syslogConnections: new Gauge({ name: 'logwarden_syslog_connections', help: 'Open connections per stream listener', labelNames: ['protocol'], registers: [registry] }),
    syslogConnectionsRefused: new Counter({
      name: 'logwarden_syslog_connections_refused_total',
      help: 'Connections closed at once because the listener had syslog.maxConnections open',
      labelNames: ['protocol'],
      registers: [registry],
    }),
    syslogConnectionsIdleClosed: new Counter({
      name: 'logwarden_syslog_connections_idle_closed_total',
      help: 'Connections closed after syslog.idleTimeoutSeconds without a byte',
      labelNames: ['protocol'],
      registers: [registry],
    }),
    udpReceiveBuffer: new Gauge({ name: 'logwarden_udp_receive_buffer_bytes', help: 'Receive buffer the kernel granted the UDP socket', labelNames: ['listener'], registers: [registry] }),
    consumerLag: new Gauge({
      name: 'logwarden_consumer_lag_events',
      help: 'Stored records a stream consumer has not finished yet (it lags; ingest never waits for it)',
      labelNames: ['consumer'],
      registers: [registry],
    }),
    udpKernelDropReaders: ((readers: Set<UdpKernelDropReader>) => {
      new Counter({
        name: 'logwarden_udp_kernel_drops_total',
        help: 'Datagrams the kernel dropped on the UDP socket before logwarden read them (receive buffer full), from /proc/net/udp',
        labelNames: ['listener'],
        registers: [registry],
        async collect() {
          // The kernel keeps the count; each scrape copies its current value.
          const readings = await Promise.all([...readers].map((read) => read()));
          this.reset();
          for (const reading of readings) if (reading) this.inc({ listener: reading.listener }, reading.drops);
        },
      });
      return readers;
    })(new Set()),
  };
}

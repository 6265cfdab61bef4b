// Prometheus metrics for the platform itself, served at /metrics. One registry per server so tests
// can run several servers in one process without sharing counters. The metrics come in groups, one per
// stage (ingest, storage, queries, authentication, listeners): adding a metric is one field in its
// group's interface and one entry in its group's builder.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Ingest: what arrived, and what was flagged, refused or dropped on the way in. */
export interface IngestMetrics {
  /** Events received, per source protocol. */
  readonly received: Counter<'protocol'>;
  /** Inputs flagged or refused, per source protocol and reason (closed set: REJECT_REASONS). */
  readonly rejected: Counter<'protocol' | 'reason'>;
  /** UDP datagrams dropped because the queue was full (UDP cannot push back). */
  readonly dropped: Counter<'protocol'>;
  /** HTTP ingest requests refused whole for carrying more than ingest.maxEventsPerRequest events. */
  readonly requestsOverEventCap: Counter<'protocol'>;
  /** HTTP ingest requests larger than the queue's free room, stored in parts as room freed. */
  readonly requestsStoredInParts: Counter<'protocol'>;
}

/** Storage: the queue in front of it, the writes, and the disk under it. */
export interface StorageMetrics {
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
}

/** Searches and queries. */
export interface QueryMetrics {
  /** Searches, counts and aggregations refused: `busy` (429, too many at once) or `timeout` (504). */
  readonly queriesRefused: Counter<'route' | 'reason'>;
  /** Search pages cut short of their limit by http.maxResponseBytes. */
  readonly searchPagesTruncated: Counter;
}

/** Authentication. */
export interface AuthMetrics {
  /** Refused credentials, per reason: missing, scheme (not accepted on that route), invalid, expired, revoked. */
  readonly authFailures: Counter<'reason'>;
  /** Peer addresses locked out for too many failed authentications. */
  readonly authLockouts: Counter;
  /** Requests refused (429) because their peer address was locked out. */
  readonly authThrottled: Counter;
}

/** Syslog and RELP listeners. */
export interface ListenerMetrics {
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

/** Recognition: the per-program parsers and the senders' clocks (issue 11). */
export interface RecognitionMetrics {
  /** Events a parser (src/parsers/) recognised, per parser. */
  readonly parsed: Counter<'parser'>;
  /** Rolling median of @timestamp − event.ingested per source, in ms (src/systems/clock-skew.ts). */
  readonly clockSkew: Gauge<'source'>;
  /** Events flagged with logwarden.time.skew_ms, per source. */
  readonly clockSkewed: Counter<'source'>;
}

/** Detection (issue 12): rules loaded, detections made, events too late for their windows, latency. */
export interface DetectionMetrics {
  /** Rules loaded and skipped, per ruleset. */
  readonly rules: Gauge<'ruleset' | 'state'>;
  /** Detections stored, per level. */
  readonly detections: Counter<'level'>;
  /** Events that arrived later than detection.latenessSeconds behind the newest and were left out of correlation windows. */
  readonly detectionLateEvents: Counter;
  /** Seconds from an evidence event's receipt (event.ingested) to its detection being stored. */
  readonly detectionLatency: Histogram;
}

/** The audit trail (issue 13, src/audit/): what it recorded, and what it could not (each one refused its action). */
export interface AuditMetrics {
  /** Audit events stored, per action and outcome. */
  readonly auditEvents: Counter<'action' | 'outcome'>;
  /** Audit events that could not be stored, per action: each one refused its action (LW_AUDIT_UNAVAILABLE). */
  readonly auditFailures: Counter<'action'>;
}

/** Alerting (issue 14, src/alerts/, src/notify/): alerts opened, notifications sent and how long they took. */
export interface AlertingMetrics {
  /** Alerts opened, per rule level. */
  readonly alertsOpened: Counter<'level'>;
  /** Active (open or acknowledged) alerts now. */
  readonly alertsActive: Gauge;
  /** Delivery attempts per channel, kind and outcome (delivered, failed, dead). */
  readonly notifications: Counter<'channel' | 'kind' | 'outcome'>;
  /** Notifications held back by a silence, per channel. */
  readonly notificationsSuppressed: Counter<'channel'>;
  /** Seconds from the receipt of the event behind an alert's first detection to its first notification being delivered, per channel. */
  readonly notificationLatency: Histogram<'channel'>;
}

export interface Metrics extends IngestMetrics, StorageMetrics, QueryMetrics, AuthMetrics, ListenerMetrics, RecognitionMetrics, DetectionMetrics, AuditMetrics, AlertingMetrics {
  readonly registry: Registry;
}

/** The kernel's count of datagrams dropped on one UDP socket (undefined when it cannot be read). */
export type UdpKernelDropReader = () => Promise<{ readonly listener: string; readonly drops: number } | undefined>;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'logwarden_process_' });
  return {
    registry,
    ...ingestMetrics(registry),
    ...storageMetrics(registry),
    ...queryMetrics(registry),
    ...authMetrics(registry),
    ...listenerMetrics(registry),
    ...recognitionMetrics(registry),
    ...detectionMetrics(registry),
    ...auditMetrics(registry),
    ...alertingMetrics(registry),
  };
}

function alertingMetrics(registry: Registry): AlertingMetrics {
  return {
    alertsOpened: counter(registry, 'logwarden_alerts_opened_total', 'Alerts opened, per rule level', ['level']),
    alertsActive: gauge(registry, 'logwarden_alerts_active', 'Alerts open or acknowledged now'),
    notifications: counter(registry, 'logwarden_notifications_total', 'Notification delivery attempts, per channel, kind and outcome (delivered, failed, dead)', ['channel', 'kind', 'outcome']),
    notificationsSuppressed: counter(registry, 'logwarden_notifications_suppressed_total', 'Notifications held back by a silence, per channel', ['channel']),
    notificationLatency: new Histogram({
      name: 'logwarden_notification_latency_seconds',
      help: "From the receipt of the event behind an alert's first detection to its first notification being delivered, per channel",
      labelNames: ['channel'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
  };
}

function auditMetrics(registry: Registry): AuditMetrics {
  return {
    auditEvents: counter(registry, 'logwarden_audit_events_total', 'Audit events stored, per action and outcome', ['action', 'outcome']),
    auditFailures: counter(registry, 'logwarden_audit_failures_total', 'Audit events that could not be stored: their actions were refused (LW_AUDIT_UNAVAILABLE)', ['action']),
  };
}

function detectionMetrics(registry: Registry): DetectionMetrics {
  return {
    rules: gauge(registry, 'logwarden_detection_rules', 'Detection rules loaded or skipped (with a reason: logwarden rules list), per ruleset', ['ruleset', 'state']),
    detections: counter(registry, 'logwarden_detections_total', 'Detections stored, per level', ['level']),
    detectionLateEvents: counter(registry, 'logwarden_detection_late_events_total', 'Events older than detection.latenessSeconds behind the newest, left out of correlation windows'),
    detectionLatency: new Histogram({
      name: 'logwarden_detection_latency_seconds',
      help: 'From the receipt of the event that made a detection fire to the detection being stored',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

function recognitionMetrics(registry: Registry): RecognitionMetrics {
  return {
    parsed: counter(registry, 'logwarden_events_parsed_total', 'Events a per-program parser recognised', ['parser']),
    clockSkew: gauge(registry, 'logwarden_source_clock_skew_ms', 'Rolling median of @timestamp minus event.ingested per source (ms); positive: the sender is ahead', ['source']),
    clockSkewed: counter(registry, 'logwarden_events_clock_skewed_total', 'Events flagged logwarden.time.skew_ms: beyond the clock-skew threshold', ['source']),
  };
}

function ingestMetrics(registry: Registry): IngestMetrics {
  return {
    received: counter(registry, 'logwarden_events_received_total', 'Events received', ['protocol']),
    rejected: counter(registry, 'logwarden_events_rejected_total', 'Inputs flagged as unparseable, oversize or malformed (stored verbatim when possible)', ['protocol', 'reason']),
    dropped: counter(registry, 'logwarden_events_dropped_total', 'Datagrams dropped with the queue full', ['protocol']),
    requestsOverEventCap: counter(registry, 'logwarden_ingest_requests_over_event_cap_total', 'HTTP ingest requests refused (413) for holding more events than ingest.maxEventsPerRequest', [
      'protocol',
    ]),
    requestsStoredInParts: counter(registry, 'logwarden_ingest_requests_in_parts_total', 'HTTP ingest requests that waited for queue room and were stored in parts', ['protocol']),
  };
}

function storageMetrics(registry: Registry): StorageMetrics {
  return {
    stored: counter(registry, 'logwarden_events_stored_total', 'Events written to storage'),
    queueDepth: gauge(registry, 'logwarden_queue_events', 'Events waiting for storage'),
    storeErrors: counter(registry, 'logwarden_store_errors_total', 'Storage write failures (retried)'),
    readOnly: gauge(registry, 'logwarden_read_only', '1 while free disk space is below the reserve and new events are refused'),
    diskFree: gauge(registry, 'logwarden_disk_free_bytes', 'Free bytes on the data directory filesystem'),
    batchSeconds: new Histogram({
      name: 'logwarden_store_batch_seconds',
      help: 'Time to write one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

function queryMetrics(registry: Registry): QueryMetrics {
  return {
    queriesRefused: counter(registry, 'logwarden_queries_refused_total', 'Searches, counts and aggregations refused: busy (429, too many at once) or timeout (504, over search.maxQuerySeconds)', [
      'route',
      'reason',
    ]),
    searchPagesTruncated: counter(registry, 'logwarden_search_pages_truncated_total', 'Search pages cut short by http.maxResponseBytes (answered with a cursor)'),
  };
}

function authMetrics(registry: Registry): AuthMetrics {
  return {
    authFailures: counter(registry, 'logwarden_auth_failures_total', 'Failed authentications (the token is never logged)', ['reason']),
    authLockouts: counter(registry, 'logwarden_auth_lockouts_total', 'Peer addresses locked out after too many failed authentications'),
    authThrottled: counter(registry, 'logwarden_auth_throttled_requests_total', 'Requests refused with 429 while their peer address was locked out'),
  };
}

function listenerMetrics(registry: Registry): ListenerMetrics {
  return {
    syslogConnections: gauge(registry, 'logwarden_syslog_connections', 'Open connections per stream listener', ['protocol']),
    syslogConnectionsRefused: counter(registry, 'logwarden_syslog_connections_refused_total', 'Connections closed at once because the listener had syslog.maxConnections open', ['protocol']),
    syslogConnectionsIdleClosed: counter(registry, 'logwarden_syslog_connections_idle_closed_total', 'Connections closed after syslog.idleTimeoutSeconds without a byte', ['protocol']),
    udpReceiveBuffer: gauge(registry, 'logwarden_udp_receive_buffer_bytes', 'Receive buffer the kernel granted the UDP socket', ['listener']),
    udpKernelDropReaders: udpKernelDrops(registry),
    consumerLag: gauge(registry, 'logwarden_consumer_lag_events', 'Stored records a stream consumer has not finished yet (it lags; ingest never waits for it)', ['consumer']),
  };
}

/** The kernel's UDP drop counts: a counter whose value is read from the readers at each scrape. */
function udpKernelDrops(registry: Registry): Set<UdpKernelDropReader> {
  const readers = new Set<UdpKernelDropReader>();
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
}

function counter<T extends string = string>(registry: Registry, name: string, help: string, labelNames: readonly T[] = []): Counter<T> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge<T extends string = string>(registry: Registry, name: string, help: string, labelNames: readonly T[] = []): Gauge<T> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

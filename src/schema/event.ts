// The normalised event as it moves through the pipeline: ECS field names (see fields.ts) to values.
// Times are epoch milliseconds (UTC) until the store encodes them; `labels` is a string map;
// array fields (`event.category`, `event.type`) hold lists of strings.

export type FieldValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

export type LogEvent = Record<string, FieldValue | undefined>;

/** Where an event came from: recorded on every event (R-COLLECT-1, R-COLLECT-4). */
export interface SourceIdentity {
  /** syslog-udp, syslog-tcp, http, … */
  readonly protocol: string;
  /** The listener address, host:port. */
  readonly listener: string;
  /** The sender's address, ip:port. */
  readonly peer: string;
  /** Authenticated sender: API token name, certificate subject; empty when anonymous. */
  readonly identity: string;
}

/**
 * The `logwarden.source.*` fields every normaliser records. An anonymous sender's identity is ''
 * and is left out rather than set empty: the store keeps no empty value (schema/empty.ts), so the
 * record, its ledger leaf and what is read back are the same either way, but an event without an
 * empty field already is its own stored view and is handed to the stream's consumers without a
 * copy (src/stream/recent-stored-records.ts; docs/benchmarks.md, "Detection end to end").
 */
export function sourceFields(source: SourceIdentity): LogEvent {
  const fields: LogEvent = {
    'logwarden.source.protocol': source.protocol,
    'logwarden.source.listener': source.listener,
    'logwarden.source.peer': source.peer,
  };
  if (source.identity !== '') fields['logwarden.source.identity'] = source.identity;
  return fields;
}

/** Closed set of reasons an input is flagged or refused. Counted in /metrics per source. */
export const REJECT_REASONS = [
  'invalid_syslog',
  'invalid_json',
  'invalid_utf8',
  'nul_byte',
  'oversize',
  'bad_frame',
  'invalid_field',
  /** Nested deeper than the normalisers follow (JSON or OTLP values). */
  'too_deep',
  /** A logwarden API token was found in the input and replaced before storage. */
  'secret_redacted',
  /** An HTTP request arrived on a syslog port; its headers were not stored. */
  'http_request',
  /** An Elasticsearch `_bulk` item refused and not stored: delete or update, a malformed action line, no or a bad index name. */
  'bad_action',
  /** A parser (src/parsers/) matched the message but a value it read does not fit its field, or it failed: the fields it could read are kept, the rest is in the detail. */
  'parser_error',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Format epoch ms as the policy's timestamp form `YYYY-MM-DDTHH:mm:ss.SSSZ` (R-FIELDS-1). */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Array.isArray, narrowing to the one kind of array a field holds (it does not narrow readonly arrays). */
export function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value);
}

// Turns one OpenTelemetry LogRecord (with its resource and scope, as decoded by codecs/otlp-logs.ts)
// into a stored event. The mapping is deliberately conservative: only attributes whose meaning is
// unambiguous fill ECS fields; every other attribute becomes a label, and the whole record is kept
// in `event.original` as JSON (docs/api.md, "OTLP logs").
import { isIP } from 'node:net';
import type { OtlpLogRecord, OtlpScope, OtlpValue } from '../codecs/otlp-logs.ts';
import { sourceFields, type LogEvent, type SourceIdentity } from '../schema/event.ts';
import { LabelSet } from './label-limit.ts';
import { flagEvent } from './parse-flag.ts';

export interface OtlpNormaliseContext {
  readonly source: SourceIdentity;
  readonly receivedAt: number;
}

type Attributes = readonly (readonly [string, OtlpValue])[];

/** OTLP severity number ranges (1–4 TRACE … 21–24 FATAL) as `log.level` words; the syslog words where one fits. */
const LEVELS = ['trace', 'debug', 'informational', 'warning', 'error', 'critical'] as const;

/** Record attributes stored in ECS string fields. */
const STRING_ATTRIBUTES: Readonly<Record<string, string>> = {
  'user.id': 'user.id',
  'user.name': 'user.name',
  'session.id': 'session.id',
  'network.protocol.name': 'network.protocol',
  'event.name': 'event.action',
};

/** Resource attributes stored in ECS fields. */
const RESOURCE_ATTRIBUTES: Readonly<Record<string, string>> = {
  'service.name': 'service.name',
  'host.name': 'host.name',
};

/** Record attributes stored in ECS list fields: a string or an array of strings, as ECS allows. */
const LIST_ATTRIBUTES = new Set(['event.category', 'event.type']);

const ADDRESS_ATTRIBUTES = ['client.address', 'source.address'];
const PORT_ATTRIBUTES = ['client.port', 'source.port'];

/** The OTLP severity number as a `log.level` word; undefined for 0 (unspecified) or out of range. */
export function otlpLevel(severityNumber: number): string | undefined {
  return severityNumber >= 1 && severityNumber <= 24 ? LEVELS[Math.floor((severityNumber - 1) / 4)] : undefined;
}

export function normaliseOtlp(resource: Attributes, scope: OtlpScope, record: OtlpLogRecord, ctx: OtlpNormaliseContext): LogEvent {
  const event: LogEvent = {
    'event.original': otlpOriginal(resource, scope, record),
    'event.ingested': ctx.receivedAt,
    'event.kind': 'event',
    ...sourceFields(ctx.source),
  };
  const time = record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano;
  event['@timestamp'] = time === 0n ? ctx.receivedAt : Number(time / 1_000_000n);
  event['message'] = record.body === null ? '' : typeof record.body === 'string' ? record.body : JSON.stringify(record.body);
  const level = otlpLevel(record.severityNumber) ?? (record.severityText === '' ? undefined : record.severityText.toLowerCase());
  if (level !== undefined) event['log.level'] = level;
  if (record.severityNumber !== 0) event['event.severity'] = record.severityNumber;
  if (record.traceId !== '') event['trace.id'] = record.traceId;
  if (record.eventName !== '') event['event.action'] = record.eventName;

  const labels = new LabelSet();
  // Labels logwarden derives from the record's own fields go first, so the limit never drops them.
  if (record.spanId !== '') labels.set('span.id', record.spanId);
  if (record.severityText !== '') labels.set('otel.severity_text', record.severityText);
  if (scope.name !== '') labels.set('otel.scope.name', scope.name);
  if (scope.version !== '') labels.set('otel.scope.version', scope.version);
  for (const [key, value] of resource) {
    const field = RESOURCE_ATTRIBUTES[key];
    if (field !== undefined && typeof value === 'string' && value !== '') event[field] = value;
    else addLabels(labels, key, value);
  }
  for (const [key, value] of record.attributes) {
    const field = STRING_ATTRIBUTES[key];
    const list = LIST_ATTRIBUTES.has(key) && event[key] === undefined ? stringList(value) : undefined;
    if (list !== undefined) {
      if (list.length > 0) event[key] = list;
    } else if (field !== undefined && typeof value === 'string' && value !== '' && event[field] === undefined) event[field] = value;
    else if (ADDRESS_ATTRIBUTES.includes(key) && typeof value === 'string' && isIP(value) !== 0 && event['source.ip'] === undefined) event['source.ip'] = value;
    else if (PORT_ATTRIBUTES.includes(key) && Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65_535 && event['source.port'] === undefined) {
      event['source.port'] = value as number;
    } else addLabels(labels, key, value);
  }
  const values = labels.values();
  if (values !== undefined) event['labels'] = values;
  const beyondLimit = labels.problem();
  if (beyondLimit !== undefined) flagEvent(event, 'invalid_field', beyondLimit);
  return event;
}

/** A string as a one-value list, an array of strings as it is; anything else is not a list of strings. */
function stringList(value: OtlpValue): string[] | undefined {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return (value as string[]).filter((item) => item !== '');
  return undefined;
}

/** Nested kvlist values flatten to dotted keys; arrays and scalars are stored as strings (JSON for non-strings). */
function addLabels(labels: LabelSet, key: string, value: OtlpValue): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [inner, innerValue] of Object.entries(value)) addLabels(labels, `${key}.${inner}`, innerValue);
    return;
  }
  labels.set(key, value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * `event.original` for an OTLP record: one JSON object in a fixed key order with the resource's
 * attributes, the scope and the record in OTLP/JSON names (times as decimal strings, ids in hex,
 * attributes as a JSON object rather than OTLP's list of key/value pairs), fields left unset omitted.
 */
export function otlpOriginal(resource: Attributes, scope: OtlpScope, record: OtlpLogRecord): string {
  const logRecord: Record<string, unknown> = {};
  if (record.timeUnixNano !== 0n) logRecord['timeUnixNano'] = record.timeUnixNano.toString();
  if (record.observedTimeUnixNano !== 0n) logRecord['observedTimeUnixNano'] = record.observedTimeUnixNano.toString();
  if (record.severityNumber !== 0) logRecord['severityNumber'] = record.severityNumber;
  if (record.severityText !== '') logRecord['severityText'] = record.severityText;
  if (record.eventName !== '') logRecord['eventName'] = record.eventName;
  if (record.body !== null) logRecord['body'] = record.body;
  if (record.attributes.length > 0) logRecord['attributes'] = toObject(record.attributes);
  if (record.droppedAttributesCount !== 0) logRecord['droppedAttributesCount'] = record.droppedAttributesCount;
  if (record.flags !== 0) logRecord['flags'] = record.flags;
  if (record.traceId !== '') logRecord['traceId'] = record.traceId;
  if (record.spanId !== '') logRecord['spanId'] = record.spanId;
  const scopeObject: Record<string, string> = {};
  if (scope.name !== '') scopeObject['name'] = scope.name;
  if (scope.version !== '') scopeObject['version'] = scope.version;
  return JSON.stringify({ resource: { attributes: toObject(resource) }, scope: scopeObject, logRecord });
}

function toObject(attributes: Attributes): Record<string, OtlpValue> {
  const out: Record<string, OtlpValue> = {};
  for (const [key, value] of attributes) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

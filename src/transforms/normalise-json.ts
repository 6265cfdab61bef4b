// Turns one JSON document sent to the HTTP ingest API into a stored event. Senders may use ECS
// names nested (`{"source":{"ip":"…"}}`) or dotted (`{"source.ip":"…"}`); values of known fields
// are checked against the field's kind; anything else becomes a label, so nothing sent is lost.
import { sourceFields, type LogEvent, type RejectReason, type SourceIdentity } from '../schema/event.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../codecs/json-depth.ts';
import { LabelSet } from './label-limit.ts';
import { capDetail, flagEvent } from './parse-flag.ts';

export interface JsonNormaliseContext {
  readonly source: SourceIdentity;
  readonly receivedAt: number;
}

export interface Normalised {
  readonly event: LogEvent;
  readonly reject?: { readonly reason: RejectReason; readonly detail: string };
}

/** Fields the server owns: a sender cannot set them. */
const SERVER_OWNED = new Set([
  'event.sequence',
  'event.ingested',
  'event.original',
  'logwarden.source.protocol',
  'logwarden.source.listener',
  'logwarden.source.peer',
  'logwarden.source.identity',
  'logwarden.parse.error',
  'logwarden.parse.detail',
  'logwarden.truncated',
  'logwarden.original_base64',
  // Stamped by the pipeline (server-fields.ts); a sender's value is kept as a label of that name.
  'logwarden.system',
  'logwarden.retention_class',
  'logwarden.node',
]);

/** The event for a line that is not a usable JSON object: kept verbatim and flagged with `reason`. */
export function unparsedJsonLine(line: string, detail: string, ctx: JsonNormaliseContext, reason: RejectReason = 'invalid_json'): Normalised {
  const event: LogEvent = { ...baseEvent(line, ctx), '@timestamp': ctx.receivedAt, message: line };
  flagEvent(event, reason, detail);
  return { event, reject: { reason, detail: String(event['logwarden.parse.detail']) } };
}

export function normaliseJson(document: unknown, original: string, ctx: JsonNormaliseContext): Normalised {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return unparsedJsonLine(original, `expected a JSON object, found ${Array.isArray(document) ? 'an array' : typeof document}`, ctx);
  }
  if (exceedsJsonDepth(document)) {
    const detail = `objects or arrays nested deeper than ${MAX_JSON_DEPTH} levels; stored verbatim in event.original, not split into fields`;
    return unparsedJsonLine(original, detail, ctx, 'too_deep');
  }
  const event: LogEvent = baseEvent(original, ctx);
  const labels = new LabelSet();
  const problems: string[] = [];
  for (const [name, value] of flatten(document as Record<string, unknown>)) {
    const problem = assign(event, labels, name, value);
    if (problem) problems.push(problem);
  }
  const beyondLimit = labels.problem();
  if (beyondLimit !== undefined) problems.push(beyondLimit);
  const values = labels.values();
  if (values !== undefined) event['labels'] = values;
  event['@timestamp'] ??= ctx.receivedAt; // no timestamp given: the receipt time stands in (docs/normalisation.md)
  event['message'] ??= original;
  if (problems.length === 0) return { event };
  const detail = capDetail(problems.join('; '));
  flagEvent(event, 'invalid_field', detail);
  return { event, reject: { reason: 'invalid_field', detail } };
}

function baseEvent(original: string, ctx: JsonNormaliseContext): LogEvent {
  return {
    'event.original': original,
    'event.ingested': ctx.receivedAt,
    'event.kind': 'event',
    ...sourceFields(ctx.source),
  };
}

/** Nested objects to dotted names; `labels` stays a map; arrays and scalars are leaves. */
function* flatten(object: Record<string, unknown>, prefix = ''): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    const isPlainObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (isPlainObject && name !== 'labels' && !fieldByName(name)) yield* flatten(value as Record<string, unknown>, `${name}.`);
    else yield [name, value];
  }
}

/** Store one value; returns a problem description when the value is unusable for its field. */
function assign(event: LogEvent, labels: LabelSet, name: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (name === 'labels') return assignLabels(labels, value);
  if (name === 'timestamp' || name === '@timestamp') return assignTime(event, '@timestamp', value);
  const field = fieldByName(name);
  if (!field || SERVER_OWNED.has(name)) return addLabel(labels, name, value);
  const converted = field.array ? toList(value) : convert(field, value);
  if (converted === undefined) {
    addLabel(labels, name, value);
    return `${name}: expected ${field.array ? 'a string or a list of strings' : field.kind === 'int' ? 'an integer' : field.kind}, found ${JSON.stringify(value).slice(0, 80)} (kept as label)`;
  }
  event[field.name] = converted;
  return undefined;
}

function assignLabels(labels: LabelSet, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return addLabel(labels, 'labels', value);
  for (const [key, labelValue] of Object.entries(value)) addLabel(labels, key, labelValue);
  return undefined;
}

function assignTime(event: LogEvent, name: string, value: unknown): string | undefined {
  const epochMs = parseTime(value);
  if (epochMs === undefined) return `${name}: expected an ISO 8601 time with a zone or epoch milliseconds, found ${JSON.stringify(value).slice(0, 80)}`;
  event[name] = epochMs;
  return undefined;
}

/** A field that is not an ECS field becomes a label (label-limit.ts reports those beyond the limit). */
function addLabel(labels: LabelSet, name: string, value: unknown): undefined {
  labels.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return undefined;
}

function convert(field: FieldDef, value: unknown): string | number | boolean | undefined {
  switch (field.kind) {
    case 'int':
      return toInteger(value);
    case 'time':
      return parseTime(value);
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'map':
      return undefined;
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  }
}

/** A list field takes a string (a one-value list; '' none) or a list of strings, as ECS allows both. */
function toList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.filter((item) => item !== '');
  return undefined;
}

function toInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

/**
 * ISO 8601 with an explicit zone, or epoch milliseconds. A time without a zone is read as UTC
 * (the documented rule), because guessing a sender's local zone would silently shift events.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) < 8.64e15 ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const epochMs = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(epochMs)) return undefined;
  // Date.parse rolls 2026-02-30 over to March; refuse dates that do not exist.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return check.getUTCDate() === Number(d) && check.getUTCMonth() === Number(mo) - 1 ? epochMs : undefined;
}

// Decodes an OTLP/HTTP logs export request (ExportLogsServiceRequest), in binary protobuf or in
// OTLP/JSON, into one flat list of log records, each with its resource and scope: counted first and
// then decoded one record at a time (codecs/otlp-request-parts.ts splits the request), so that a
// large request can be refused or worked through in slices. A request whose structure is broken, or
// whose resource or scope is, is refused as a whole (OtlpDecodeError); a single record that cannot
// be decoded or whose fields have the wrong shape (e.g. a trace id that is not 16 bytes) is reported
// as unusable and the others are kept, which the route answers with `partial_success`.
//
// The protobuf schema below is written from the OTLP specification (opentelemetry-proto:
// logs/v1, common/v1, resource/v1, collector/logs/v1 and google.rpc.Status): only the messages and
// fields this receiver needs, with the specification's field numbers and wire types. Fields not
// listed are skipped by the decoder, as protobuf requires. Package names do not appear on the wire.
import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import { bomLength, firstInvalidUtf8Offset, strictUtf8 } from './utf8.ts';
import { jsonParts, OtlpShapeError, protobufParts, type RawResourceLogs, type RawScopeLogs } from './otlp-request-parts.ts';

const OTLP_LOGS_PROTO = `
syntax = "proto3";
package logwarden.otlp;

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message Status { int32 code = 1; string message = 2; }
`;

const root = protobuf.parse(OTLP_LOGS_PROTO).root;
const ResponseType = root.lookupType('logwarden.otlp.ExportLogsServiceResponse');
const StatusType = root.lookupType('logwarden.otlp.Status');

/** An attribute or body value as plain JSON: bytes as base64, int64 beyond 2^53 as a decimal string. */
export type OtlpValue = null | string | number | boolean | OtlpValue[] | { [key: string]: OtlpValue };

export interface OtlpLogRecord {
  /** Nanoseconds since the epoch; 0n when not set. */
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: number;
  readonly severityText: string;
  /** null when the record has no body. */
  readonly body: OtlpValue;
  readonly attributes: readonly (readonly [string, OtlpValue])[];
  readonly droppedAttributesCount: number;
  readonly flags: number;
  /** Lower-case hex; empty when not set. */
  readonly traceId: string;
  readonly spanId: string;
  readonly eventName: string;
}

export interface OtlpScope {
  readonly name: string;
  readonly version: string;
}

/** One entry per LogRecord in the request, in order: usable, or the reason it is not. */
export type OtlpEntry =
  { readonly resource: readonly (readonly [string, OtlpValue])[]; readonly scope: OtlpScope; readonly record: OtlpLogRecord } | { readonly error: string; readonly reason: OtlpRejectReason };

/** Why a record was not stored: nested too deep, or any other unusable field. */
export type OtlpRejectReason = 'invalid_field' | 'too_deep';

export class OtlpDecodeError extends Error {
  readonly reason: OtlpRejectReason;
  constructor(message: string, reason: OtlpRejectReason = 'invalid_field') {
    super(message);
    this.reason = reason;
  }
}

/** Nesting beyond this in attribute values makes a record unusable (and bounds recursion). */
export const MAX_OTLP_DEPTH = 32;

export type OtlpEncoding = 'protobuf' | 'json';

export function decodeOtlpProtobuf(body: Uint8Array): OtlpEntry[] {
  return [...otlpEntries(body, 'protobuf')];
}

export function decodeOtlpJson(body: Uint8Array): OtlpEntry[] {
  return [...otlpEntries(body, 'json')];
}

/**
 * How many log records the request holds, found without decoding them (resources and scopes are
 * decoded, so that a request refused as a whole is refused here, before any record is used).
 */
export function countOtlpRecords(body: Uint8Array, encoding: OtlpEncoding): number {
  const codec = codecFor(encoding);
  let count = 0;
  for (const resourceLogs of requestParts(body, encoding)) {
    resourceOf(resourceLogs, codec);
    for (const scopeLogs of decodeErrors(resourceLogs.scopeLogs, encoding)) {
      scopeOf(scopeLogs, codec);
      for (const _record of decodeErrors(scopeLogs.records, encoding)) count++;
    }
  }
  return count;
}

/** The request's log records one at a time, in order, each with its resource and scope. */
export function* otlpEntries(body: Uint8Array, encoding: OtlpEncoding): Generator<OtlpEntry> {
  const codec = codecFor(encoding);
  for (const resourceLogs of requestParts(body, encoding)) {
    // Unusable resource attributes cost the records of that resource only, not the request.
    const resource = attempt(() => resourceOf(resourceLogs, codec));
    for (const scopeLogs of decodeErrors(resourceLogs.scopeLogs, encoding)) {
      const scope = scopeOf(scopeLogs, codec);
      let index = 0;
      for (const bytes of decodeErrors(scopeLogs.records, encoding)) {
        const record = resource instanceof OtlpDecodeError ? resource : attempt(() => logRecord(codec.record(bytes), codec.ids));
        yield record instanceof OtlpDecodeError ? { error: `logRecords[${index}]: ${record.message}`, reason: record.reason } : { resource: resource as Attributes, scope, record };
        index++;
      }
    }
  }
}

interface PartCodec {
  readonly ids: IdEncoding;
  /** A resource or scope as a plain object (undefined when absent). */
  part(bytes: Uint8Array | undefined, type: protobuf.Type): unknown;
  record(bytes: Uint8Array): unknown;
}

const TO_OBJECT = { longs: String, bytes: String, defaults: false, arrays: false, oneofs: false } as const;
const ResourceType = root.lookupType('logwarden.otlp.Resource');
const ScopeType = root.lookupType('logwarden.otlp.InstrumentationScope');
const LogRecordType = root.lookupType('logwarden.otlp.LogRecord');

const PROTOBUF_CODEC: PartCodec = {
  ids: 'base64',
  part: (bytes, type) => (bytes === undefined ? undefined : protobufMessage(bytes, type)),
  record: (bytes) => protobufMessage(bytes, LogRecordType),
};

const JSON_CODEC: PartCodec = {
  ids: 'hex',
  part: (bytes) => (bytes === undefined ? undefined : jsonValue(bytes)),
  record: (bytes) => jsonValue(bytes),
};

function codecFor(encoding: OtlpEncoding): PartCodec {
  return encoding === 'protobuf' ? PROTOBUF_CODEC : JSON_CODEC;
}

/** The result of `work`, or the OtlpDecodeError it threw (any other error is not the sender's). */
function attempt<T>(work: () => T): T | OtlpDecodeError {
  try {
    return work();
  } catch (error) {
    if (error instanceof OtlpDecodeError) return error;
    throw error;
  }
}

type Attributes = (readonly [string, OtlpValue])[];

function protobufMessage(bytes: Uint8Array, type: protobuf.Type): unknown {
  try {
    return type.toObject(type.decode(new StrictUtf8Reader(bytes)), TO_OBJECT);
  } catch (error) {
    const message = (error as Error).message;
    // protobufjs refuses more than 100 nested messages (3 per level of an attribute value): each
    // record and resource is decoded on its own, so this costs only the one it is in.
    if (message === 'max depth exceeded') throw new OtlpDecodeError(`a value of the ${type.name} (body or attributes) is nested deeper than ${MAX_OTLP_DEPTH} levels`, 'too_deep');
    throw new OtlpDecodeError(`not a valid protobuf ${type.name}: ${message}`);
  }
}

/**
 * String fields are read with the one UTF-8 decoder (proto3 strings must be UTF-8; protobufjs
 * would also refuse a broken one, but without saying where): a record with one is refused and
 * reported (partial_success), and a BOM at the start of a string is kept.
 */
class StrictUtf8Reader extends protobuf.Reader {
  override string(): string {
    const bytes = this.bytes();
    const text = strictUtf8(bytes);
    if (text === undefined) throw new Error(`a string field is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)} of the string)`);
    return text;
  }

  override stringVerify(): string {
    return this.string();
  }
}

function jsonValue(bytes: Uint8Array): unknown {
  try {
    // The body was checked as UTF-8 as a whole (requestParts), so this decoding cannot fail.
    return JSON.parse(strictUtf8(bytes.subarray(bomLength(bytes))) ?? '');
  } catch (error) {
    throw new OtlpDecodeError(`not valid JSON: ${(error as Error).message}`);
  }
}

function requestParts(body: Uint8Array, encoding: OtlpEncoding): Iterable<RawResourceLogs> {
  if (encoding === 'json' && !isUtf8(body)) throw new OtlpDecodeError(`the body is not valid OTLP/JSON: it is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(body)})`);
  return decodeErrors(
    {
      [Symbol.iterator]: () => (encoding === 'protobuf' ? protobufParts(body) : jsonParts(body))[Symbol.iterator](),
    },
    encoding,
  );
}

/** The structure's problems as the decode error that refuses the request as a whole. */
function decodeErrors<T>(source: Iterable<T>, encoding: OtlpEncoding): Iterable<T> {
  const what = encoding === 'protobuf' ? 'the body is not a valid protobuf ExportLogsServiceRequest' : 'the body is not valid OTLP/JSON';
  return {
    *[Symbol.iterator]() {
      const iterator = asDecodeError(what, () => source[Symbol.iterator]());
      for (;;) {
        const next = asDecodeError(what, () => iterator.next());
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

function asDecodeError<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof OtlpShapeError) throw new OtlpDecodeError(`${what}: ${error.message}`);
    throw error;
  }
}

function resourceOf(resourceLogs: RawResourceLogs, codec: PartCodec): (readonly [string, OtlpValue])[] {
  const resource = codec.part(resourceLogs.resource, ResourceType);
  if (resource !== undefined && resource !== null && !isObject(resource)) throw new OtlpDecodeError('resource must be an object');
  return attributes(resource ?? {}, 'resource');
}

function scopeOf(scopeLogs: RawScopeLogs, codec: PartCodec): OtlpScope {
  const scope = codec.part(scopeLogs.scope, ScopeType) ?? {};
  if (!isObject(scope)) throw new OtlpDecodeError('scope must be an object');
  return { name: text(get(scope, 'name', 'name'), 'scope.name'), version: text(get(scope, 'version', 'version'), 'scope.version') };
}

/** ExportLogsServiceResponse: empty when every record was accepted and there is nothing to warn of. */
export function encodeOtlpResponse(rejected: number, errorMessage: string, encoding: 'protobuf' | 'json'): Uint8Array | Record<string, unknown> {
  // A message with nothing rejected is a warning, as the OTLP specification allows.
  const empty = rejected === 0 && errorMessage === '';
  if (encoding === 'json') return empty ? {} : { partialSuccess: { rejectedLogRecords: String(rejected), errorMessage } };
  const payload = empty ? {} : { partialSuccess: { rejectedLogRecords: rejected, errorMessage } };
  return ResponseType.encode(ResponseType.fromObject(payload)).finish();
}

/** google.rpc.Status, the body of OTLP/HTTP error answers. */
export function encodeOtlpStatus(code: number, message: string, encoding: 'protobuf' | 'json'): Uint8Array | Record<string, unknown> {
  if (encoding === 'json') return { code, message };
  return StatusType.encode(StatusType.fromObject({ code, message })).finish();
}

type IdEncoding = 'hex' | 'base64';

function logRecord(record: unknown, ids: IdEncoding): OtlpLogRecord {
  if (!isObject(record)) throw new OtlpDecodeError('a log record must be an object');
  const severityNumber = uint(get(record, 'severityNumber', 'severity_number'), 'severityNumber');
  if (severityNumber > 24) throw new OtlpDecodeError(`severityNumber: expected 0–24, found ${severityNumber}`);
  const body = get(record, 'body', 'body');
  return {
    timeUnixNano: nanos(get(record, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    observedTimeUnixNano: nanos(get(record, 'observedTimeUnixNano', 'observed_time_unix_nano'), 'observedTimeUnixNano'),
    severityNumber,
    severityText: text(get(record, 'severityText', 'severity_text'), 'severityText'),
    body: body === undefined || body === null ? null : anyValue(body, 'body', 0),
    attributes: attributes(record, 'attributes'),
    droppedAttributesCount: uint(get(record, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
    flags: uint(get(record, 'flags', 'flags'), 'flags'),
    traceId: id(get(record, 'traceId', 'trace_id'), 16, 'traceId', ids),
    spanId: id(get(record, 'spanId', 'span_id'), 8, 'spanId', ids),
    eventName: text(get(record, 'eventName', 'event_name'), 'eventName'),
  };
}

function attributes(owner: Record<string, unknown>, what: string): (readonly [string, OtlpValue])[] {
  const out: (readonly [string, OtlpValue])[] = [];
  for (const keyValue of list(owner, 'attributes', 'attributes', what)) out.push(pair(keyValue, what, 0));
  return out;
}

function pair(keyValue: unknown, what: string, depth: number): readonly [string, OtlpValue] {
  if (!isObject(keyValue)) throw new OtlpDecodeError(`${what}: each attribute must be an object with key and value`);
  const key = get(keyValue, 'key', 'key');
  if (typeof key !== 'string') throw new OtlpDecodeError(`${what}: an attribute key must be a string`);
  const value = get(keyValue, 'value', 'value');
  return [key, value === undefined || value === null ? null : anyValue(value, `${what}.${key}`, depth + 1)];
}

function anyValue(value: unknown, what: string, depth: number): OtlpValue {
  if (depth > MAX_OTLP_DEPTH) throw new OtlpDecodeError(`${what}: nested deeper than ${MAX_OTLP_DEPTH}`, 'too_deep');
  if (!isObject(value)) throw new OtlpDecodeError(`${what}: expected an AnyValue object`);
  const stringValue = get(value, 'stringValue', 'string_value');
  if (stringValue !== undefined) return text(stringValue, what);
  const boolValue = get(value, 'boolValue', 'bool_value');
  if (boolValue !== undefined) {
    if (typeof boolValue !== 'boolean') throw new OtlpDecodeError(`${what}: boolValue must be true or false`);
    return boolValue;
  }
  const intValue = get(value, 'intValue', 'int_value');
  if (intValue !== undefined) {
    const big = integer(intValue, what);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
  }
  const doubleValue = get(value, 'doubleValue', 'double_value');
  if (doubleValue !== undefined) {
    if (typeof doubleValue === 'number') return doubleValue;
    if (doubleValue === 'NaN' || doubleValue === 'Infinity' || doubleValue === '-Infinity') return doubleValue; // JSON cannot hold them
    if (typeof doubleValue === 'string' && doubleValue.trim() !== '' && Number.isFinite(Number(doubleValue))) return Number(doubleValue);
    throw new OtlpDecodeError(`${what}: doubleValue must be a number`);
  }
  const arrayValue = get(value, 'arrayValue', 'array_value');
  if (arrayValue !== undefined) {
    if (!isObject(arrayValue)) throw new OtlpDecodeError(`${what}: arrayValue must be an object`);
    return list(arrayValue, 'values', 'values', what).map((item, index) => (item === null ? null : anyValue(item, `${what}[${index}]`, depth + 1)));
  }
  const kvlistValue = get(value, 'kvlistValue', 'kvlist_value');
  if (kvlistValue !== undefined) {
    if (!isObject(kvlistValue)) throw new OtlpDecodeError(`${what}: kvlistValue must be an object`);
    const out: Record<string, OtlpValue> = {};
    for (const item of list(kvlistValue, 'values', 'values', what)) {
      const [key, inner] = pair(item, what, depth + 1);
      Object.defineProperty(out, key, { value: inner, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const bytesValue = get(value, 'bytesValue', 'bytes_value');
  if (bytesValue !== undefined) {
    if (typeof bytesValue !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(bytesValue)) throw new OtlpDecodeError(`${what}: bytesValue must be base64`);
    return bytesValue;
  }
  return null; // an empty AnyValue
}

/** A trace or span id: `size` bytes, hex in OTLP/JSON, base64 as protobufjs renders bytes; all zeros is "not set". */
function id(value: unknown, size: number, what: string, encoding: IdEncoding): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new OtlpDecodeError(`${what}: expected a hex string`);
  const hex = encoding === 'hex' ? value.toLowerCase() : Buffer.from(value, 'base64').toString('hex');
  if (!/^[0-9a-f]*$/.test(hex) || hex.length !== size * 2) throw new OtlpDecodeError(`${what}: expected ${size} bytes (${size * 2} hex digits)`);
  return /^0+$/.test(hex) ? '' : hex;
}

function nanos(value: unknown, what: string): bigint {
  if (value === undefined || value === null) return 0n;
  const big = integer(value, what);
  if (big < 0n || big >= 1n << 64n) throw new OtlpDecodeError(`${what}: expected an unsigned 64-bit integer`);
  return big;
}

function uint(value: unknown, what: string): number {
  if (value === undefined || value === null) return 0;
  const big = integer(value, what);
  if (big < 0n || big > 0xffff_ffffn) throw new OtlpDecodeError(`${what}: expected an unsigned 32-bit integer`);
  return Number(big);
}

/** int64 in OTLP/JSON is a decimal string or a number; protobufjs renders longs as strings. */
function integer(value: unknown, what: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  throw new OtlpDecodeError(`${what}: expected an integer, found ${JSON.stringify(value)?.slice(0, 40)}`);
}

function text(value: unknown, what: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new OtlpDecodeError(`${what}: expected a string`);
  return value;
}

function list(owner: Record<string, unknown>, camel: string, snake: string, what: string): unknown[] {
  const value = get(owner, camel, snake);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${what}.${camel}: expected an array`);
  return value;
}

/** OTLP/JSON uses lowerCamelCase names; the protobuf JSON mapping also accepts the proto names. */
function get(object: Record<string, unknown>, camel: string, snake: string): unknown {
  if (Object.hasOwn(object, camel)) return object[camel];
  return Object.hasOwn(object, snake) ? object[snake] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

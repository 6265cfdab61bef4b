// Decodes an OTLP/HTTP logs export request (ExportLogsServiceRequest), in binary protobuf or in
// OTLP/JSON, into one flat list of log records, each with its resource and scope. A request that is
// not a well-formed message is refused as a whole (OtlpDecodeError); a single record whose fields
// have the wrong shape (e.g. a trace id that is not 16 bytes) is reported as unusable and the others
// are kept, which the route answers with `partial_success`.
//
// The protobuf schema below is written from the OTLP specification (opentelemetry-proto:
// logs/v1, common/v1, resource/v1, collector/logs/v1 and google.rpc.Status): only the messages and
// fields this receiver needs, with the specification's field numbers and wire types. Fields not
// listed are skipped by the decoder, as protobuf requires. Package names do not appear on the wire.
import protobuf from 'protobufjs';

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
// The request as first decoded: record bodies and attributes left as bytes, so that protobufjs's
// nesting limit (100 messages, beyond which it refuses the whole message) can only be reached
// inside one record's value, which is decoded on its own and costs that record only.
message ShallowRequest { repeated ShallowResourceLogs resource_logs = 1; }
message ShallowResourceLogs { ShallowResource resource = 1; repeated ShallowScopeLogs scope_logs = 2; }
message ShallowResource { repeated bytes attributes = 1; }
message ShallowScopeLogs { ShallowScope scope = 1; repeated ShallowLogRecord log_records = 2; }
message ShallowScope { string name = 1; string version = 2; }
message ShallowLogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  bytes body = 5;
  repeated bytes attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message Status { int32 code = 1; string message = 2; }
`;

const root = protobuf.parse(OTLP_LOGS_PROTO).root;
const RequestType = root.lookupType('logwarden.otlp.ShallowRequest');
const AnyValueType = root.lookupType('logwarden.otlp.AnyValue');
const KeyValueType = root.lookupType('logwarden.otlp.KeyValue');
const TO_OBJECT = { longs: String, bytes: String, defaults: false, arrays: false, oneofs: false } as const;
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
  | { readonly resource: readonly (readonly [string, OtlpValue])[]; readonly scope: OtlpScope; readonly record: OtlpLogRecord }
  | { readonly error: string; readonly reason: OtlpRejectReason };

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

export function decodeOtlpProtobuf(body: Uint8Array): OtlpEntry[] {
  let object: unknown;
  try {
    object = RequestType.toObject(RequestType.decode(body), TO_OBJECT);
  } catch (error) {
    throw new OtlpDecodeError(`the body is not a valid protobuf ExportLogsServiceRequest: ${(error as Error).message}`);
  }
  return entries(object, 'base64', expandProtobuf);
}

/** A body or attribute left as bytes (base64 here) by the first decoding, decoded on its own. */
function expandProtobuf(value: unknown, type: 'AnyValue' | 'KeyValue', what: string): unknown {
  if (typeof value !== 'string') return value;
  const messageType = type === 'AnyValue' ? AnyValueType : KeyValueType;
  try {
    return messageType.toObject(messageType.decode(Buffer.from(value, 'base64')), TO_OBJECT);
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'max depth exceeded') throw new OtlpDecodeError(`${what}: nested deeper than ${MAX_OTLP_DEPTH}`, 'too_deep');
    throw new OtlpDecodeError(`${what}: not a valid protobuf ${type}: ${message}`);
  }
}

export function decodeOtlpJson(body: Uint8Array): OtlpEntry[] {
  let object: unknown;
  try {
    object = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new OtlpDecodeError(`the body is not valid OTLP/JSON: ${(error as Error).message}`);
  }
  return entries(object, 'hex', (value) => value);
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

/** Turns a value the first decoding left undecoded into its object form (protobuf); JSON: as is. */
type Expand = (value: unknown, type: 'AnyValue' | 'KeyValue', what: string) => unknown;

type Attributes = (readonly [string, OtlpValue])[];

function entries(request: unknown, ids: IdEncoding, expand: Expand): OtlpEntry[] {
  if (!isObject(request)) throw new OtlpDecodeError('the body must be an ExportLogsServiceRequest object');
  const out: OtlpEntry[] = [];
  for (const resourceLogs of list(request, 'resourceLogs', 'resource_logs', 'request')) {
    if (!isObject(resourceLogs)) throw new OtlpDecodeError('resourceLogs: each entry must be an object');
    const resource = get(resourceLogs, 'resource', 'resource');
    if (resource !== undefined && resource !== null && !isObject(resource)) throw new OtlpDecodeError('resource must be an object');
    // Unusable resource attributes cost the records of that resource only, not the request.
    const resourceAttributes = attempt(() => attributes(resource ?? {}, 'resource', expand));
    for (const scopeLogs of list(resourceLogs, 'scopeLogs', 'scope_logs', 'resourceLogs')) {
      if (!isObject(scopeLogs)) throw new OtlpDecodeError('scopeLogs: each entry must be an object');
      const scopeObject = get(scopeLogs, 'scope', 'scope') ?? {};
      if (!isObject(scopeObject)) throw new OtlpDecodeError('scope must be an object');
      const scope = { name: text(get(scopeObject, 'name', 'name'), 'scope.name'), version: text(get(scopeObject, 'version', 'version'), 'scope.version') };
      for (const [index, record] of list(scopeLogs, 'logRecords', 'log_records', 'scopeLogs').entries()) {
        const entry = resourceAttributes instanceof OtlpDecodeError ? resourceAttributes : attempt(() => logRecord(record, ids, expand));
        if (entry instanceof OtlpDecodeError) out.push({ error: `logRecords[${index}]: ${entry.message}`, reason: entry.reason });
        else out.push({ resource: resourceAttributes as Attributes, scope, record: entry });
      }
    }
  }
  return out;
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

function logRecord(record: unknown, ids: IdEncoding, expand: Expand): OtlpLogRecord {
  if (!isObject(record)) throw new OtlpDecodeError('a log record must be an object');
  const severityNumber = uint(get(record, 'severityNumber', 'severity_number'), 'severityNumber');
  if (severityNumber > 24) throw new OtlpDecodeError(`severityNumber: expected 0–24, found ${severityNumber}`);
  const body = expand(get(record, 'body', 'body'), 'AnyValue', 'body');
  return {
    timeUnixNano: nanos(get(record, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    observedTimeUnixNano: nanos(get(record, 'observedTimeUnixNano', 'observed_time_unix_nano'), 'observedTimeUnixNano'),
    severityNumber,
    severityText: text(get(record, 'severityText', 'severity_text'), 'severityText'),
    body: body === undefined || body === null ? null : anyValue(body, 'body', 0),
    attributes: attributes(record, 'attributes', expand),
    droppedAttributesCount: uint(get(record, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
    flags: uint(get(record, 'flags', 'flags'), 'flags'),
    traceId: id(get(record, 'traceId', 'trace_id'), 16, 'traceId', ids),
    spanId: id(get(record, 'spanId', 'span_id'), 8, 'spanId', ids),
    eventName: text(get(record, 'eventName', 'event_name'), 'eventName'),
  };
}

function attributes(owner: Record<string, unknown>, what: string, expand: Expand): Attributes {
  const out: Attributes = [];
  for (const keyValue of list(owner, 'attributes', 'attributes', what)) out.push(pair(expand(keyValue, 'KeyValue', what), what, 0));
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

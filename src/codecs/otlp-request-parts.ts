// Splits an OTLP logs export request into its parts without decoding the log records: for each
// ResourceLogs its resource, for each ScopeLogs its scope, and the bytes of each LogRecord. The
// records can then be counted cheaply (a request over the per-request cap is refused before any is
// built) and decoded one at a time (codecs/otlp-logs.ts), a slice between two turns of the event
// loop. Protobuf is walked by its wire format (tags and lengths); OTLP/JSON by its structure
// (codecs/json-scan.ts). A request whose structure is broken is refused as a whole.
import { arrayElements, JsonShapeError, objectMembers, skipSpace, valueEnd } from './json-scan.ts';
import { bomLength } from './utf8.ts';

export class OtlpShapeError extends Error {}

export interface RawScopeLogs {
  /** The encoded InstrumentationScope (protobuf) or its JSON text; undefined when absent. */
  readonly scope: Uint8Array | undefined;
  readonly records: Iterable<Uint8Array>;
}

export interface RawResourceLogs {
  readonly resource: Uint8Array | undefined;
  readonly scopeLogs: Iterable<RawScopeLogs>;
}

// ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.resource = 1, .scope_logs = 2;
// ScopeLogs.scope = 1, .log_records = 2 (opentelemetry-proto, collector/logs/v1 and logs/v1).
const RESOURCE_LOGS = 1;
const RESOURCE = 1;
const SCOPE_LOGS = 2;
const SCOPE = 1;
const LOG_RECORDS = 2;

export function protobufParts(body: Uint8Array): Iterable<RawResourceLogs> {
  return mapIterable(messageFields(body, RESOURCE_LOGS), (resourceLogs) => ({
    resource: lastField(resourceLogs, RESOURCE),
    scopeLogs: mapIterable(messageFields(resourceLogs, SCOPE_LOGS), (scopeLogs) => ({
      scope: lastField(scopeLogs, SCOPE),
      records: messageFields(scopeLogs, LOG_RECORDS),
    })),
  }));
}

/** The payload of each length-delimited field `wanted` of a message; other fields are skipped. */
function messageFields(message: Uint8Array, wanted: number): Iterable<Uint8Array> {
  return {
    *[Symbol.iterator]() {
      let at = 0;
      while (at < message.length) {
        const [tag, afterTag] = varint(message, at);
        const field = Math.floor(tag / 8);
        const wireType = tag % 8;
        if (field === 0) throw new OtlpShapeError(`field number 0 at offset ${at}`);
        const end = fieldEnd(message, afterTag, wireType);
        if (field === wanted) {
          if (wireType !== 2) throw new OtlpShapeError(`field ${field} at offset ${at} has wire type ${wireType}; a message field must be length-delimited (2)`);
          const [length, start] = varint(message, afterTag);
          yield message.subarray(start, start + length);
        }
        at = end;
      }
    },
  };
}

function lastField(message: Uint8Array, wanted: number): Uint8Array | undefined {
  let last: Uint8Array | undefined;
  for (const payload of messageFields(message, wanted)) last = payload;
  return last;
}

function fieldEnd(message: Uint8Array, at: number, wireType: number): number {
  let end: number;
  if (wireType === 0) end = varint(message, at)[1];
  else if (wireType === 1) end = at + 8;
  else if (wireType === 5) end = at + 4;
  else if (wireType === 2) {
    const [length, start] = varint(message, at);
    end = start + length;
  } else throw new OtlpShapeError(`wire type ${wireType} at offset ${at} is not used by OTLP`);
  if (end > message.length) throw new OtlpShapeError(`a field at offset ${at} runs past the end of its message`);
  return end;
}

/** A varint and the offset after it; lengths and tags beyond 2^53 are refused. */
function varint(bytes: Uint8Array, at: number): readonly [number, number] {
  let value = 0;
  let scale = 1;
  for (let cursor = at; cursor < bytes.length && cursor < at + 10; cursor++) {
    const byte = bytes[cursor] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (!Number.isSafeInteger(value)) throw new OtlpShapeError(`varint at offset ${at} is too large`);
      return [value, cursor + 1];
    }
    scale *= 128;
  }
  throw new OtlpShapeError(`varint at offset ${at} is not terminated`);
}

/** OTLP/JSON: lowerCamelCase names, or the proto names, as the protobuf JSON mapping allows. */
export function jsonParts(body: Uint8Array): Iterable<RawResourceLogs> {
  // A leading byte order mark is allowed (RFC 8259 §8.1) and is not part of the request.
  const start = skipSpace(body, bomLength(body));
  if (body[start] !== 0x7b) throw new OtlpShapeError('the body must be an ExportLogsServiceRequest object');
  const end = shaped(() => valueEnd(body, start));
  if (skipSpace(body, end) < body.length) throw new OtlpShapeError(`unexpected content after the request object, at offset ${skipSpace(body, end)}`);
  return mapIterable(jsonList(body, members(body, start), 'resourceLogs', 'resource_logs', 'request'), (resourceLogs) => {
    if (body[resourceLogs[0]] !== 0x7b) throw new OtlpShapeError('resourceLogs: each entry must be an object');
    const fields = members(body, resourceLogs[0]);
    return {
      resource: jsonMember(body, fields, 'resource', 'resource'),
      scopeLogs: mapIterable(jsonList(body, fields, 'scopeLogs', 'scope_logs', 'resourceLogs'), (scopeLogs) => {
        if (body[scopeLogs[0]] !== 0x7b) throw new OtlpShapeError('scopeLogs: each entry must be an object');
        const inner = members(body, scopeLogs[0]);
        return {
          scope: jsonMember(body, inner, 'scope', 'scope'),
          records: mapIterable(jsonList(body, inner, 'logRecords', 'log_records', 'scopeLogs'), ([from, to]) => body.subarray(from, to)),
        };
      }),
    };
  });
}

type Members = ReadonlyMap<string, readonly [number, number]>;

/** An object's members by key (the last of a repeated key wins, as JSON.parse has it). */
function members(body: Uint8Array, at: number): Members {
  return shaped(() => {
    const out = new Map<string, readonly [number, number]>();
    for (const [key, from, to] of objectMembers(body, at)) out.set(key, [from, to]);
    return out;
  });
}

function jsonMember(body: Uint8Array, fields: Members, camel: string, snake: string): Uint8Array | undefined {
  const range = fields.get(camel) ?? fields.get(snake);
  return range === undefined || isNull(body, range) ? undefined : body.subarray(range[0], range[1]);
}

function jsonList(body: Uint8Array, fields: Members, camel: string, snake: string, what: string): Iterable<readonly [number, number]> {
  const range = fields.get(camel) ?? fields.get(snake);
  if (range === undefined || isNull(body, range)) return [];
  if (body[range[0]] !== 0x5b) throw new OtlpShapeError(`${what}.${camel}: expected an array`);
  return { [Symbol.iterator]: () => shapedIterator(arrayElements(body, range[0], range[1])) };
}

function isNull(body: Uint8Array, [from, to]: readonly [number, number]): boolean {
  return to - from === 4 && body[from] === 0x6e && body[from + 1] === 0x75 && body[from + 2] === 0x6c && body[from + 3] === 0x6c;
}

function shaped<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof JsonShapeError) throw new OtlpShapeError(error.message);
    throw error;
  }
}

function* shapedIterator<T>(iterator: Iterator<T>): Generator<T> {
  for (;;) {
    const next = shaped(() => iterator.next());
    if (next.done) return;
    yield next.value;
  }
}

function mapIterable<T, U>(source: Iterable<T>, map: (item: T) => U): Iterable<U> {
  return {
    *[Symbol.iterator]() {
      for (const item of source) yield map(item);
    },
  };
}

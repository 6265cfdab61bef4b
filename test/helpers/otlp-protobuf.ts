// Test helper: OTLP ExportLogsServiceRequest bodies written by hand, field number by field number
// (opentelemetry-proto logs/v1, common/v1), with protobufjs's Writer. By hand because protobufjs's
// own encoder refuses messages nested deeper than 100, and the tests need deeper ones.
import protobuf from 'protobufjs';

type Bytes = Uint8Array;

const concat = (parts: readonly Bytes[]): Bytes => Buffer.concat(parts);
/** A length-delimited field (wire type 2). */
const field = (number: number, inner: Bytes): Bytes =>
  protobuf.Writer.create()
    .uint32((number << 3) | 2)
    .bytes(inner)
    .finish();
const text = (number: number, value: string): Bytes =>
  protobuf.Writer.create()
    .uint32((number << 3) | 2)
    .string(value)
    .finish();

/** AnyValue { string_value = 1 } */
export const stringValue = (value: string): Bytes => text(1, value);

/** KeyValue { key = 1; value = 2 } */
export const keyValue = (key: string, value: Bytes): Bytes => concat([text(1, key), field(2, value)]);

/** An AnyValue holding `levels` kvlists one inside the other, with `leaf` at the bottom. */
export function nestedKvlist(levels: number, leaf: string): Bytes {
  let value = stringValue(leaf);
  for (let level = 0; level < levels; level++) value = field(6, field(1, keyValue('k', value))); // kvlist_value(6).values(1)
  return value;
}

export interface RecordParts {
  readonly body?: Bytes;
  readonly attributes?: readonly Bytes[];
  /** time_unix_nano, fixed64 */
  readonly timeUnixNano?: bigint;
}

/** LogRecord { time_unix_nano = 1 (fixed64); body = 5; attributes = 6 } */
export function logRecord(parts: RecordParts): Bytes {
  const out: Bytes[] = [];
  if (parts.timeUnixNano !== undefined) {
    const time = Buffer.alloc(9);
    time[0] = (1 << 3) | 1;
    time.writeBigUInt64LE(parts.timeUnixNano, 1);
    out.push(time);
  }
  if (parts.body) out.push(field(5, parts.body));
  for (const attribute of parts.attributes ?? []) out.push(field(6, attribute));
  return concat(out);
}

/** ExportLogsServiceRequest with one ResourceLogs (optional resource attributes) and one ScopeLogs of `records`. */
export function exportRequest(records: readonly Bytes[], resourceAttributes: readonly Bytes[] = []): Bytes {
  const scopeLogs = concat(records.map((record) => field(2, record)));
  const resource = resourceAttributes.length === 0 ? [] : [field(1, concat(resourceAttributes.map((attribute) => field(1, attribute))))];
  return field(1, concat([...resource, field(2, scopeLogs)]));
}

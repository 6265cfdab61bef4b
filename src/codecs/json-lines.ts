// Decodes an HTTP ingest body (NDJSON, or one JSON array) into JSON documents. Each line stands
// alone: a line that is not valid UTF-8, not valid JSON or too long comes back as unusable, with
// its reason and the text to keep verbatim, and the valid lines around it come back as usual. A
// body is counted first and decoded one document at a time (jsonBodyShape, jsonBodyDocuments), so
// that a large one can be refused or worked through in slices without holding every event at once.
// Turning a document into an event is the normaliser's job (transforms/normalise-json.ts); the
// source calls both (sources/json-events.ts).
import type { RejectReason } from '../schema/event.ts';
import { exceedsJsonDepth } from './json-depth.ts';
import { arrayElements, JsonShapeError, skipSpace, valueEnd } from './json-scan.ts';
import { bomLength, firstInvalidUtf8Offset, lossyUtf8, strictUtf8, withoutBom } from './utf8.ts';

export interface JsonDecodeOptions {
  readonly maxEventBytes: number;
}

/** One line or array element of a body: a parsed document, or text kept verbatim and flagged. */
export type DecodedJson =
  | {
      readonly kind: 'document';
      readonly document: unknown;
      /** The text stored as event.original. */
      readonly original: string;
    }
  | {
      readonly kind: 'unusable';
      readonly original: string;
      readonly reason: RejectReason;
      readonly detail: string;
      /** The text was cut at maxEventBytes. */
      readonly truncated?: true;
      /** The exact bytes, when they are not UTF-8 and `original` is a lossy reading of them. */
      readonly originalBase64?: string;
    };

/** What a body holds, found without decoding it: NDJSON lines, or the elements of one JSON array. */
export interface JsonBodyShape {
  readonly kind: 'lines' | 'array' | 'broken-array';
  /** Events the body will give. */
  readonly events: number;
  /** Why a body that starts with `[` is not one well-formed array. */
  readonly problem?: string;
}

export function jsonBodyShape(body: Buffer): JsonBodyShape {
  const start = arrayStart(body);
  if (start >= body.length || body[start] !== 0x5b /* [ */) {
    let events = 0;
    for (const _line of nonBlankLines(body)) events++;
    return { kind: 'lines', events };
  }
  try {
    const arrayEnd = valueEnd(body, start);
    const after = skipSpace(body, arrayEnd);
    if (after < body.length) throw new JsonShapeError(`unexpected content after the array, at offset ${after}`);
    let events = 0;
    for (const _element of arrayElements(body, start, arrayEnd)) events++;
    return { kind: 'array', events };
  } catch (error) {
    if (!(error instanceof JsonShapeError)) throw error;
    return { kind: 'broken-array', events: 1, problem: error.message };
  }
}

/** The body's documents one at a time, in order, so that the caller can work in slices. */
export function* jsonBodyDocuments(body: Buffer, shape: JsonBodyShape, options: JsonDecodeOptions): Generator<DecodedJson> {
  if (shape.kind === 'lines') {
    for (const line of nonBlankLines(body)) yield jsonLineDocument(line, options);
  } else if (shape.kind === 'array') {
    for (const [start, end] of arrayElements(body, arrayStart(body))) yield arrayElementDocument(body.subarray(start, end), options);
  } else {
    const text = lossyUtf8(body.subarray(0, options.maxEventBytes));
    yield unusable(text, 'invalid_json', `body is not a valid JSON array: ${shape.problem ?? ''}`);
  }
}

/** One element of a JSON array body: kept as its compact JSON, each element standing alone. */
function arrayElementDocument(bytes: Buffer, options: JsonDecodeOptions): DecodedJson {
  const text = strictUtf8(bytes);
  if (text === undefined) return notUtf8(bytes, 'array element');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return bytes.length > options.maxEventBytes ? oversize(bytes, options) : unusable(text, 'invalid_json', `array element is not valid JSON: ${(error as Error).message}`);
  }
  // An element too deep to serialise again is kept as the sender wrote it.
  const original = exceedsJsonDepth(document) ? text : JSON.stringify(document);
  if (Buffer.byteLength(original) > options.maxEventBytes) return oversize(Buffer.from(original), options);
  return { kind: 'document', document, original };
}

/** One NDJSON line (no newline): bad UTF-8, bad JSON and oversize lines come back unusable. */
export function jsonLineDocument(line: Buffer, options: JsonDecodeOptions): DecodedJson {
  if (line.length > options.maxEventBytes) return oversize(line, options);
  const text = strictUtf8(line);
  if (text === undefined) return notUtf8(line, 'line');
  try {
    // event.original keeps a leading BOM (it is part of what was sent); JSON.parse refuses one.
    return { kind: 'document', document: JSON.parse(withoutBom(text)), original: text };
  } catch (error) {
    return unusable(text, 'invalid_json', `not valid JSON: ${(error as Error).message}`);
  }
}

/** Bytes that are not UTF-8: the exact bytes are kept as base64 beside the lossy text. */
function notUtf8(bytes: Buffer, what: string): DecodedJson {
  const detail = `${what} is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)})`;
  return { ...unusable(lossyUtf8(bytes), 'invalid_utf8', detail), originalBase64: bytes.toString('base64') };
}

function oversize(bytes: Buffer, options: JsonDecodeOptions): DecodedJson {
  const kept = lossyUtf8(bytes.subarray(0, options.maxEventBytes));
  const detail = `event is ${bytes.length} bytes; the limit is ${options.maxEventBytes}, so it was cut there`;
  return { ...unusable(kept, 'oversize', detail), truncated: true };
}

function unusable(original: string, reason: RejectReason, detail: string): DecodedJson & { kind: 'unusable' } {
  return { kind: 'unusable', original, reason, detail };
}

/** Lines split on LF (a trailing CR is dropped); blank lines are not events. One at a time, as views. */
function* nonBlankLines(body: Buffer): Generator<Buffer> {
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    let line = body.subarray(start, end);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    if (firstNonSpace(line) < line.length) yield line;
    start = end + 1;
  }
}

/** Where a body's content starts: after a UTF-8 byte order mark, if any, and white space. */
function arrayStart(body: Buffer): number {
  const bom = bomLength(body);
  return bom + firstNonSpace(body.subarray(bom));
}

function firstNonSpace(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length && (bytes[index] === 0x20 || bytes[index] === 0x09 || bytes[index] === 0x0d || bytes[index] === 0x0a)) index++;
  return index;
}

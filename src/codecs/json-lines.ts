// Decodes an HTTP ingest body (NDJSON, or one JSON array) into events. Each line stands alone: a
// line that is not valid UTF-8, not valid JSON or too long is stored verbatim and flagged with its
// reason, and the valid lines around it are stored as usual. A body is counted first and decoded
// one event at a time (jsonBodyShape, jsonBodyEvents), so that a large one can be refused or
// worked through in slices without holding every event at once.
import type { RejectReason } from '../schema/event.ts';
import { bomLength, firstInvalidUtf8Offset, lossyUtf8, strictUtf8, withoutBom } from './utf8.ts';
import { exceedsJsonDepth } from '../transforms/json-depth.ts';
import { arrayElements, JsonShapeError, skipSpace, valueEnd } from './json-scan.ts';
import { normaliseJson, unparsedJsonLine, type JsonNormaliseContext, type Normalised } from '../transforms/normalise-json.ts';

export interface JsonBodyOptions extends JsonNormaliseContext {
  readonly maxEventBytes: number;
}

/** One problem with one line, reported back to the sender. */
export interface LineError {
  readonly line: number;
  readonly reason: RejectReason;
  readonly detail: string;
}

export function decodeJsonBody(body: Buffer, options: JsonBodyOptions): Normalised[] {
  return [...jsonBodyEvents(body, jsonBodyShape(body), options)];
}

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

/** The body's events one at a time, in order, so that the caller can work in slices. */
export function* jsonBodyEvents(body: Buffer, shape: JsonBodyShape, options: JsonBodyOptions): Generator<Normalised> {
  if (shape.kind === 'lines') {
    for (const line of nonBlankLines(body)) yield decodeJsonLine(line, options);
  } else if (shape.kind === 'array') {
    for (const [start, end] of arrayElements(body, arrayStart(body))) yield decodeArrayElement(body.subarray(start, end), options);
  } else {
    const text = lossyUtf8(body.subarray(0, options.maxEventBytes));
    yield flagged(text, 'invalid_json', `body is not a valid JSON array: ${shape.problem ?? ''}`, options);
  }
}

/**
 * The flagged lines of a decoded body, numbered from 1 as editors do, read from the events as
 * they stand: called after the pipeline's submit, it includes what the write path flagged (values
 * that do not fit their column, redacted tokens), so the answer matches what is stored.
 */
export function lineErrors(results: readonly Normalised[]): LineError[] {
  const errors: LineError[] = [];
  results.forEach((result, index) => {
    const reason = result.event['logwarden.parse.error'];
    if (reason !== undefined) errors.push({ line: index + 1, reason: reason as RejectReason, detail: String(result.event['logwarden.parse.detail'] ?? '') });
  });
  return errors;
}

/** One element of a JSON array body: stored as its compact JSON, each element standing alone. */
function decodeArrayElement(bytes: Buffer, options: JsonBodyOptions): Normalised {
  const text = strictUtf8(bytes);
  if (text === undefined) return notUtf8(bytes, 'array element', options);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return bytes.length > options.maxEventBytes ? oversize(bytes, options) : flagged(text, 'invalid_json', `array element is not valid JSON: ${(error as Error).message}`, options);
  }
  // An element too deep to serialise again is kept as the sender wrote it.
  const original = exceedsJsonDepth(document) ? text : JSON.stringify(document);
  if (Buffer.byteLength(original) > options.maxEventBytes) return oversize(Buffer.from(original), options);
  return normaliseJson(document, original, options);
}

/** One NDJSON line (no newline) to an event: bad UTF-8, bad JSON and oversize lines are kept, flagged. */
export function decodeJsonLine(line: Buffer, options: JsonBodyOptions): Normalised {
  if (line.length > options.maxEventBytes) return oversize(line, options);
  const text = strictUtf8(line);
  if (text === undefined) return notUtf8(line, 'line', options);
  let document: unknown;
  try {
    // event.original keeps a leading BOM (it is part of what was sent); JSON.parse refuses one.
    document = JSON.parse(withoutBom(text));
  } catch (error) {
    return flagged(text, 'invalid_json', `not valid JSON: ${(error as Error).message}`, options);
  }
  return normaliseJson(document, text, options);
}

/** Bytes that are not UTF-8: flagged, with the exact bytes kept as base64 beside the lossy text. */
function notUtf8(bytes: Buffer, what: string, options: JsonBodyOptions): Normalised {
  const result = flagged(lossyUtf8(bytes), 'invalid_utf8', `${what} is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)})`, options);
  result.event['logwarden.original_base64'] = bytes.toString('base64');
  return result;
}

function oversize(bytes: Buffer, options: JsonBodyOptions): Normalised {
  const kept = lossyUtf8(bytes.subarray(0, options.maxEventBytes));
  const result = flagged(kept, 'oversize', `event is ${bytes.length} bytes; the limit is ${options.maxEventBytes}, so it was cut there`, options);
  result.event['logwarden.truncated'] = true;
  return result;
}

function flagged(original: string, reason: RejectReason, detail: string, options: JsonBodyOptions): Normalised {
  return unparsedJsonLine(original, detail, options, reason);
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

// Decodes an HTTP ingest body (NDJSON, or one JSON array) into events. Each line stands alone: a
// line that is not valid UTF-8, not valid JSON or too long is stored verbatim and flagged with its
// reason, and the valid lines around it are stored as usual.
import type { RejectReason } from '../schema/event.ts';
import { firstInvalidUtf8Offset } from './utf8.ts';
import { arrayElementTexts, exceedsJsonDepth } from '../transforms/json-depth.ts';
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

export function decodeJsonBody(body: Buffer, options: JsonBodyOptions): Normalised[] {
  const start = firstNonSpace(body);
  if (start < body.length && body[start] === 0x5b /* [ */) return decodeArray(body, options);
  return splitLines(body).map((line) => decodeJsonLine(line, options));
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

function decodeArray(body: Buffer, options: JsonBodyOptions): Normalised[] {
  const text = lossyUtf8.decode(body);
  let documents: unknown;
  try {
    documents = JSON.parse(text);
  } catch (error) {
    return [flagged(text.slice(0, options.maxEventBytes), 'invalid_json', `body is not a valid JSON array: ${(error as Error).message}`, options)];
  }
  let verbatim: string[] | undefined;
  return (documents as unknown[]).map((document, index) => {
    // An element too deep to serialise again is kept as the sender wrote it.
    const original = exceedsJsonDepth(document) ? (verbatim ??= arrayElementTexts(text))[index] ?? '' : JSON.stringify(document);
    if (Buffer.byteLength(original) > options.maxEventBytes) return oversize(Buffer.from(original), options);
    return normaliseJson(document, original, options);
  });
}

/** One NDJSON line (no newline) to an event: bad UTF-8, bad JSON and oversize lines are kept, flagged. */
export function decodeJsonLine(line: Buffer, options: JsonBodyOptions): Normalised {
  if (line.length > options.maxEventBytes) return oversize(line, options);
  let text: string;
  try {
    text = strictUtf8.decode(line);
  } catch {
    const result = flagged(lossyUtf8.decode(line), 'invalid_utf8', `line is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(line)})`, options);
    result.event['logwarden.original_base64'] = line.toString('base64');
    return result;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return flagged(text, 'invalid_json', `not valid JSON: ${(error as Error).message}`, options);
  }
  return normaliseJson(document, text, options);
}

function oversize(bytes: Buffer, options: JsonBodyOptions): Normalised {
  const kept = lossyUtf8.decode(bytes.subarray(0, options.maxEventBytes));
  const result = flagged(kept, 'oversize', `event is ${bytes.length} bytes; the limit is ${options.maxEventBytes}, so it was cut there`, options);
  result.event['logwarden.truncated'] = true;
  return result;
}

function flagged(original: string, reason: RejectReason, detail: string, options: JsonBodyOptions): Normalised {
  return unparsedJsonLine(original, detail, options, reason);
}

/** Lines split on LF (a trailing CR is dropped); blank lines are not events. */
function splitLines(body: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    let line = body.subarray(start, end);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    if (firstNonSpace(line) < line.length) lines.push(line);
    start = end + 1;
  }
  return lines;
}

function firstNonSpace(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length && (bytes[index] === 0x20 || bytes[index] === 0x09 || bytes[index] === 0x0d || bytes[index] === 0x0a)) index++;
  return index;
}

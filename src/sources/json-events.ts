// JSON ingest bodies to events: the codec decodes each line or array element into a document (or
// text it cannot use), and the normaliser turns that into the event to store. The two are joined
// here, in the sources, because a codec does not know about events (it imports no transforms).
import { jsonBodyDocuments, jsonBodyShape, jsonLineDocument, type DecodedJson, type JsonBodyShape, type JsonDecodeOptions } from '../codecs/json-lines.ts';
import type { RejectReason } from '../schema/event.ts';
import { normaliseJson, unparsedJsonLine, type JsonNormaliseContext, type Normalised } from '../transforms/normalise-json.ts';

export interface JsonBodyOptions extends JsonNormaliseContext, JsonDecodeOptions {}

/** One problem with one line, reported back to the sender. */
export interface LineError {
  readonly line: number;
  readonly reason: RejectReason;
  readonly detail: string;
}

/** The event of one decoded document; what could not be used is kept verbatim and flagged. */
export function normaliseDecoded(decoded: DecodedJson, ctx: JsonNormaliseContext): Normalised {
  if (decoded.kind === 'document') return normaliseJson(decoded.document, decoded.original, ctx);
  const result = unparsedJsonLine(decoded.original, decoded.detail, ctx, decoded.reason);
  if (decoded.originalBase64 !== undefined) result.event['logwarden.original_base64'] = decoded.originalBase64;
  if (decoded.truncated) result.event['logwarden.truncated'] = true;
  return result;
}

/** The body's events one at a time, in order, so that the caller can work in slices. */
export function* jsonBodyEvents(body: Buffer, shape: JsonBodyShape, options: JsonBodyOptions): Generator<Normalised> {
  for (const decoded of jsonBodyDocuments(body, shape, options)) yield normaliseDecoded(decoded, options);
}

/** One NDJSON line (no newline) to an event: bad UTF-8, bad JSON and oversize lines are kept, flagged. */
export function decodeJsonLine(line: Buffer, options: JsonBodyOptions): Normalised {
  return normaliseDecoded(jsonLineDocument(line, options), options);
}

/** Every event of a body at once (tests and small bodies). */
export function decodeJsonBody(body: Buffer, options: JsonBodyOptions): Normalised[] {
  return [...jsonBodyEvents(body, jsonBodyShape(body), options)];
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

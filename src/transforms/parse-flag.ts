// Flagging an event: `logwarden.parse.error` holds the first reason found (one reason per event,
// so counts by reason add up), `logwarden.parse.detail` says what was wrong. The detail is capped:
// it is stored in every copy of the event and answered to the sender, and a description of a
// huge input must not be bigger than the input (a 62 KB line once had a 471 KB detail). The input
// itself is always kept whole in `event.original`, so nothing is lost by cutting the description.
import type { LogEvent, RejectReason } from '../schema/event.ts';

/** Characters (UTF-16 code units) of `logwarden.parse.detail` kept; docs/limits.md. */
export const MAX_PARSE_DETAIL_CHARS = 1024;

/** `detail` cut to `max` characters, on a code point boundary, saying how much was left out. */
export function capDetail(detail: string, max = MAX_PARSE_DETAIL_CHARS): string {
  if (detail.length <= max) return detail;
  const suffix = ` … (${detail.length - max} more characters left out; the input is in event.original)`;
  let end = Math.max(0, max - suffix.length);
  const code = detail.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // never split a surrogate pair
  return detail.slice(0, end) + suffix;
}

/**
 * Flag `event` with `reason`, or, when it is already flagged, keep the first reason and add this
 * one to the detail. Returns true when the event was not flagged before (the caller counts it).
 */
export function flagEvent(event: LogEvent, reason: RejectReason, detail: string): boolean {
  const first = event['logwarden.parse.error'];
  if (first === undefined) {
    event['logwarden.parse.error'] = reason;
    event['logwarden.parse.detail'] = capDetail(detail);
    return true;
  }
  const earlier = typeof event['logwarden.parse.detail'] === 'string' ? event['logwarden.parse.detail'] : '';
  // Room is kept for the later problem, so that an already long detail cannot hide it.
  const also = `; also ${reason}, not stored as the reason because the event was already flagged ${String(first)}: ${capDetail(detail, MAX_PARSE_DETAIL_CHARS / 2)}`;
  event['logwarden.parse.detail'] = capDetail(earlier, MAX_PARSE_DETAIL_CHARS - also.length) + also;
  return false;
}

// The body of one search page, built event by event and measured as it grows, so that it never
// exceeds http.maxResponseBytes: the page stops before the event that would cross it (a page
// always holds at least one, so paging moves on) and is marked truncated. Pure.
import type { LogEvent } from '../schema/event.ts';
import { presentEvent } from '../schema/present.ts';
import { eventLeafHash } from '../ledger/leaf.ts';
import type { LeafFormats } from '../ledger/leaf-format.ts';

export interface PageBody {
  /** The JSON text to send. */
  readonly json: string;
  readonly returned: number;
}

export interface PageBodyOptions {
  readonly maxBytes: number;
  readonly withLeaves: boolean;
  /** Which leaf format each record's leaf is in (the current one for all, when not given). */
  readonly leafFormats?: LeafFormats;
  readonly limit: number;
  /** The store found more events after these. */
  readonly more: boolean;
  /** The cursor that continues after this event (the last one kept). */
  readonly cursorAfter: (event: LogEvent) => string;
  /** A masked caller's view of each event (Masker.maskEvent); never together with leaves. */
  readonly mask?: ((event: LogEvent) => LogEvent) | undefined;
}

/** Room for `returned`, `truncated` and the difference the last event's position makes to a cursor. */
const ENVELOPE_BYTES = 256;

export function buildPageBody(events: readonly LogEvent[], options: PageBodyOptions): PageBody {
  // A leaf hash is of the unmasked record: it would confirm guesses at what the masking hides.
  if (options.mask && options.withLeaves) throw new Error('buildPageBody: leaves are never given with masked events');
  const shown = options.mask ?? ((event: LogEvent) => event);
  const parts: string[] = [];
  const leaves: string[] = [];
  // A cursor's length depends on the query and bounds, hardly on the position it holds.
  let bytes = ENVELOPE_BYTES + (events[0] ? options.cursorAfter(events[0]).length : 0);
  for (const event of events) {
    const part = JSON.stringify(presentEvent(shown(event)));
    const leaf = options.withLeaves
      ? JSON.stringify({ seq: event['event.sequence'], leafHash: Buffer.from(eventLeafHash(event, options.leafFormats?.formatOf(Number(event['event.sequence'])))).toString('hex') })
      : '';
    const size = Buffer.byteLength(part) + Buffer.byteLength(leaf) + 2;
    if (parts.length > 0 && bytes + size > options.maxBytes) break;
    bytes += size;
    parts.push(part);
    if (options.withLeaves) leaves.push(leaf);
  }
  const returned = parts.length;
  const more = options.more || returned < events.length;
  const truncated = more && returned < options.limit;
  const last = events[returned - 1];
  const cursor = more && last ? `,"cursor":${JSON.stringify(options.cursorAfter(last))}` : '';
  const ledger = options.withLeaves ? `,"ledger":[${leaves.join(',')}]` : '';
  return { json: `{"events":[${parts.join(',')}],"returned":${returned},"truncated":${truncated}${cursor}${ledger}}`, returned };
}

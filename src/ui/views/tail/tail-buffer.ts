// What the Live tail view holds: the last rows shown (newest first, at most `maxRows`), and while
// paused the records that arrived meanwhile, held (at most `maxHeld`, the rest only counted) and
// shown on resume. Immutable: each change gives a new state, so a signal re-renders once. Pure.
import type { PublicEventContract } from '../../../contracts/event.ts';

export interface TailRow {
  /** Unique within the page: the record's sequence number is per node, so a counter. */
  readonly key: number;
  readonly event: PublicEventContract;
}

export interface TailBuffer {
  /** Shown, newest first. */
  readonly rows: readonly TailRow[];
  readonly paused: boolean;
  /** Arrived while paused, oldest first. */
  readonly held: readonly TailRow[];
  /** Arrived while paused beyond what is held: counted, not kept. */
  readonly heldOver: number;
  /** Every record received since the tail started. */
  readonly received: number;
}

export interface TailBounds {
  readonly maxRows: number;
  readonly maxHeld: number;
}

export const TAIL_BOUNDS: TailBounds = { maxRows: 1000, maxHeld: 1000 };

export const EMPTY_TAIL: TailBuffer = { rows: [], paused: false, held: [], heldOver: 0, received: 0 };

/** Records that arrived, oldest first. */
export function arrive(buffer: TailBuffer, events: readonly PublicEventContract[], bounds: TailBounds = TAIL_BOUNDS): TailBuffer {
  if (events.length === 0) return buffer;
  const rows = events.map((event, at) => ({ key: buffer.received + at, event }));
  const received = buffer.received + events.length;
  if (!buffer.paused) return { ...buffer, received, rows: newestFirst(rows, buffer.rows, bounds.maxRows) };
  const room = Math.max(0, bounds.maxHeld - buffer.held.length);
  return { ...buffer, received, held: [...buffer.held, ...rows.slice(0, room)], heldOver: buffer.heldOver + Math.max(0, rows.length - room) };
}

export function pause(buffer: TailBuffer): TailBuffer {
  return buffer.paused ? buffer : { ...buffer, paused: true };
}

/** The held records join the shown ones; what was only counted is gone. */
export function resume(buffer: TailBuffer, bounds: TailBounds = TAIL_BOUNDS): TailBuffer {
  if (!buffer.paused) return buffer;
  return { ...buffer, paused: false, held: [], heldOver: 0, rows: newestFirst(buffer.held, buffer.rows, bounds.maxRows) };
}

/** `arrived` (oldest first) on top of `shown` (newest first), cut to `max`. */
function newestFirst(arrived: readonly TailRow[], shown: readonly TailRow[], max: number): TailRow[] {
  const top = arrived.slice(-max).reverse();
  return top.length >= max ? top : [...top, ...shown.slice(0, max - top.length)];
}

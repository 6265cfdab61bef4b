// Which events' @timestamp came from a time that named no zone (RFC 3164 BSD timestamps, and the
// ISO variant without an offset): the syslog normaliser reads their wall clock as if it were UTC
// and marks them here, and the clock check (src/systems/clock-skew.ts) reads that wall clock again
// in the zone of the event's system or listener. A mark, not a stored field: it only lives while
// the event object is being prepared (a WeakMap lets it go with the event). Pure.
import type { LogEvent } from '../schema/event.ts';

export interface ZonelessTime {
  /** The year was not in the text (BSD `Mar  7 10:00:00`) but chosen near the receipt time. */
  readonly yearInferred: boolean;
}

const zoneless = new WeakMap<LogEvent, ZonelessTime>();

/** Mark `event`'s @timestamp as a wall-clock time read as UTC. */
export function markZoneless(event: LogEvent, time: ZonelessTime): void {
  zoneless.set(event, time);
}

/** How `event`'s @timestamp was read when it had no zone; undefined when it had one (or none at all). */
export function zonelessTime(event: LogEvent): ZonelessTime | undefined {
  return zoneless.get(event);
}

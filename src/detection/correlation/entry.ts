// One piece of evidence in a correlation window: an event a referenced rule matched (or a chained
// correlation's detection, carried by the event that triggered it). Ordered by event time, then by
// sequence number, which makes every ordering decision deterministic. Pure.

export interface Entry {
  /** The event's @timestamp (epoch ms). */
  readonly time: number;
  /** Its sequence number. */
  readonly seq: number;
  /** The referenced rule that matched it. */
  readonly rule: string;
  /** value_count: the value of the counted field. */
  readonly value?: string;
  /** Its logwarden.system. */
  readonly system: string;
}

/** Negative when a comes first: event time, then sequence, then rule id (one event may match two rules). */
export function compareEntries(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time - b.time;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}

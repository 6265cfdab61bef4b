// Where the evidence of detections is in the search: each detection names its evidence events'
// sequence numbers, so `event.sequence:(N OR M …)` over a time range around the detections
// selects exactly those events. Pure (no router: the unit test runs it in Node).

/** Most sequence numbers one link carries: a longer query would outgrow a URL people share. */
export const MAX_LINKED_EVENTS = 500;
/** Margin around the detections' times: an evidence event's own time may differ from its detection's by clock skew. */
const MARGIN_MS = 5 * 60_000;

export interface EvidenceSource {
  readonly time: string;
  readonly events: readonly number[];
  readonly why: Readonly<Record<string, unknown>>;
}

export interface EvidenceLink {
  readonly path: string;
  /** Events linked, and events left out past MAX_LINKED_EVENTS. */
  readonly linked: number;
  readonly leftOut: number;
}

/** The search query selecting these sequence numbers, or undefined for none. */
export function sequenceQuery(sequences: readonly number[]): string | undefined {
  if (sequences.length === 0) return undefined;
  if (sequences.length === 1) return `event.sequence:${sequences[0]}`;
  return `event.sequence:(${sequences.join(' OR ')})`;
}

/** The earliest time of a detection's evidence: a correlation's window start, else its own time. */
function earliest(source: EvidenceSource): number {
  const time = Date.parse(source.time);
  const window = source.why['window'] as { from?: unknown } | undefined;
  const from = typeof window?.from === 'number' ? window.from : time;
  return Math.min(time, from);
}

/** `/search?q=event.sequence:(…)&from=…&to=…` for the evidence of these detections, or undefined when they cite none. */
export function evidenceLink(sources: readonly EvidenceSource[]): EvidenceLink | undefined {
  const all = [...new Set(sources.flatMap((source) => source.events))].sort((a, b) => a - b);
  const sequences = all.slice(0, MAX_LINKED_EVENTS);
  const q = sequenceQuery(sequences);
  const times = sources.map((source) => Date.parse(source.time)).filter((time) => !Number.isNaN(time));
  if (q === undefined || times.length === 0) return undefined;
  const from = Math.min(...sources.map(earliest).filter((time) => !Number.isNaN(time))) - MARGIN_MS;
  const to = Math.max(...times) + MARGIN_MS;
  const path = `/search?${new URLSearchParams({ q, from: new Date(from).toISOString(), to: new Date(to).toISOString() }).toString()}`;
  return { path, linked: sequences.length, leftOut: all.length - sequences.length };
}

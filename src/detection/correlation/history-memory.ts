// DetectionHistory over events held in memory (tests, `rules test`), answering what
// SqlDetectionHistory answers from the store, with the JavaScript predicate matcher. Pure.
import { predicateMatcher } from '../../query/match.ts';
import type { LogEvent } from '../../schema/event.ts';
import { valueText } from './group-key.ts';
import { MIN_GAPS, type BucketCount, type DetectionHistory, type HistoryPart, type HistoryQuery, type KnownValues, type LastHeard } from './history.ts';

const MINUTE = 60_000;

interface Hit {
  readonly event: LogEvent;
  readonly part: HistoryPart;
  readonly group: readonly string[];
}

export class MemoryDetectionHistory implements DetectionHistory {
  readonly #events: readonly LogEvent[];

  /** `events`: what the store holds (alerts among them are never counted). */
  constructor(events: readonly LogEvent[] = []) {
    this.#events = events;
  }

  async bucketCounts(query: HistoryQuery, bucketMs: number): Promise<BucketCount[]> {
    const counts = new Map<string, BucketCount & { count: number }>();
    for (const hit of this.#hits(query, '@timestamp')) {
      const bucket = Math.floor(Number(hit.event['@timestamp']) / bucketMs) * bucketMs;
      const key = JSON.stringify([hit.group, bucket]);
      const row = counts.get(key) ?? { group: hit.group, bucket, count: 0 };
      row.count++;
      counts.set(key, row);
    }
    return [...counts.values()];
  }

  async knownValues(query: HistoryQuery): Promise<KnownValues[]> {
    const groups = new Map<string, { group: readonly string[]; first: number; values: Map<string, number> }>();
    for (const hit of this.#hits(query, '@timestamp')) {
      const time = Number(hit.event['@timestamp']);
      const key = JSON.stringify(hit.group);
      const row = groups.get(key) ?? { group: hit.group, first: time, values: new Map<string, number>() };
      row.first = Math.min(row.first, time);
      const value = hit.part.valueField === undefined ? undefined : valueText(hit.event[hit.part.valueField]);
      if (value !== undefined) row.values.set(value, Math.max(row.values.get(value) ?? time, time));
      groups.set(key, row);
    }
    return [...groups.values()];
  }

  async lastHeard(query: HistoryQuery): Promise<LastHeard[]> {
    const groups = new Map<string, { group: readonly string[]; lastSeen: number; lastSeq: number; minutes: Set<number> }>();
    for (const hit of this.#hits(query, 'event.ingested')) {
      const seen = Number(hit.event['event.ingested']);
      const seq = Number(hit.event['event.sequence']);
      const key = JSON.stringify(hit.group);
      const row = groups.get(key) ?? { group: hit.group, lastSeen: seen, lastSeq: seq, minutes: new Set<number>() };
      if (seen > row.lastSeen || (seen === row.lastSeen && seq > row.lastSeq)) Object.assign(row, { lastSeen: seen, lastSeq: seq });
      row.minutes.add(Math.floor(seen / MINUTE) * MINUTE);
      groups.set(key, row);
    }
    return [...groups.values()].map(({ minutes, ...row }) => {
      const usualGapMs = usualGap([...minutes]);
      return usualGapMs === undefined ? row : { ...row, usualGapMs };
    });
  }

  async earliest(beforeSeq: number): Promise<number | undefined> {
    const times = this.#events.filter((e) => Number(e['event.sequence']) < beforeSeq && e['event.kind'] !== 'alert').map((e) => Number(e['@timestamp']));
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** The events of the query, each with the first part that holds for it and its group. */
  *#hits(query: HistoryQuery, timeField: '@timestamp' | 'event.ingested'): Generator<Hit> {
    const parts = query.parts.map((part) => ({ part, matches: part.predicate === undefined ? () => true : predicateMatcher(part.predicate) }));
    const wanted = query.groups === undefined ? undefined : new Set(query.groups.map((g) => JSON.stringify(g)));
    for (const event of this.#events) {
      const time = Number(event[timeField]);
      if (event['event.kind'] === 'alert' || Number(event['event.sequence']) >= query.beforeSeq || time < query.from || time >= query.to) continue;
      for (const { part, matches } of parts) {
        const group = part.groupFields.map((field) => valueText(event[field]));
        if (group.some((value) => value === undefined) || !matches(event)) continue;
        const values = group as string[];
        if (wanted !== undefined && !wanted.has(JSON.stringify(values))) continue;
        yield { event, part, group: values };
        break;
      }
    }
  }
}

/** The 95th percentile (nearest rank) of the gaps between sorted minutes; undefined with too few. */
export function usualGap(minutes: readonly number[]): number | undefined {
  const sorted = [...minutes].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((m, i) => m - sorted[i]!);
  if (gaps.length < MIN_GAPS) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.ceil(0.95 * gaps.length) - 1];
}

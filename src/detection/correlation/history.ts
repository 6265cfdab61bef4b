// What the stream alone cannot know and the store remembers: for `rate`, how many events a group
// had in the same hour of previous days; for `first_seen`, which values a group had before the
// stream began and since when the group is known; for `silence`, when each group was last heard
// and its usual gap. Every question is about the events stored before the stream's first sequence
// number (`beforeSeq`): what the stream sees itself is never counted twice. The detection consumer
// uses SqlDetectionHistory (src/detection/history-sql.ts); tests and `rules test` use
// MemoryDetectionHistory (history-memory.ts).
import type { Predicate } from '../../query/predicate.ts';

/** One referenced rule's events: its predicate (undefined: every event but alerts) and the fields its events are grouped by. */
export interface HistoryPart {
  readonly predicate?: Predicate;
  /** The ECS field each group-by name reads in this rule's events, in group-by order. */
  readonly groupFields: readonly string[];
  /** first_seen: the ECS field whose values are known. */
  readonly valueField?: string;
}

export interface HistoryQuery {
  /** The union of these parts' events. */
  readonly parts: readonly HistoryPart[];
  /** Only events with a sequence number below this one: the ones the stream will not see. */
  readonly beforeSeq: number;
  /** Event time (@timestamp; silence: event.ingested), epoch ms, from inclusive, to exclusive. */
  readonly from: number;
  readonly to: number;
  /** Only these groups (each its values in group-by order); undefined: every group. */
  readonly groups?: readonly (readonly string[])[];
}

export interface BucketCount {
  readonly group: readonly string[];
  /** The bucket's start (epoch ms, a multiple of bucketMs). */
  readonly bucket: number;
  readonly count: number;
}

export interface KnownValues {
  readonly group: readonly string[];
  /** The group's earliest event time in the range. */
  readonly first: number;
  /** Each value and the last time it was seen. */
  readonly values: ReadonlyMap<string, number>;
}

export interface LastHeard {
  readonly group: readonly string[];
  /** The newest event.ingested (epoch ms) and that event's sequence number. */
  readonly lastSeen: number;
  readonly lastSeq: number;
  /**
   * The usual gap: the 95th percentile of the gaps between the minutes the group was heard in
   * (so minute resolution); undefined with fewer than MIN_GAPS gaps.
   */
  readonly usualGapMs?: number;
}

/** A usual gap needs this many gaps behind it. */
export const MIN_GAPS = 10;

export interface DetectionHistory {
  /** rate: events per group per bucket of event time. */
  bucketCounts(query: HistoryQuery, bucketMs: number): Promise<BucketCount[]>;
  /** first_seen: per group, the values of each part's valueField and the group's earliest event time. */
  knownValues(query: HistoryQuery): Promise<KnownValues[]>;
  /** silence: per group, when it was last heard (the range is of event.ingested) and its usual gap. */
  lastHeard(query: HistoryQuery): Promise<LastHeard[]>;
  /** The earliest stored event time (@timestamp) before beforeSeq: how far back the store's memory goes. */
  earliest(beforeSeq: number): Promise<number | undefined>;
}

export { MemoryDetectionHistory } from './history-memory.ts';

// Histogram buckets over a time range, zero-filled so that a chart's gaps are real gaps: the engine
// returns only buckets that hold events; the rest of the requested range is filled in here. The
// number of buckets is bounded before the engine is asked anything (docs/limits.md). Pure.

import { LogwardenError } from '../errors/codes.ts';

/** The most buckets one histogram may have. */
export const MAX_HISTOGRAM_BUCKETS = 10_000;

export interface Bucket {
  /** Start of the bucket, epoch ms, aligned to the interval from the epoch (as toStartOfInterval). */
  readonly start: number;
  readonly count: number;
}

/** Start of the bucket holding `ms`. */
export function bucketStart(ms: number, intervalMs: number): number {
  return Math.floor(ms / intervalMs) * intervalMs;
}

/** Refuses a range that would need more than MAX_HISTOGRAM_BUCKETS buckets. */
export function checkBucketCount(first: number, endExclusive: number, intervalMs: number): void {
  const count = Math.ceil((endExclusive - first) / intervalMs);
  if (count > MAX_HISTOGRAM_BUCKETS) {
    throw new LogwardenError(
      'LW_BAD_REQUEST',
      `histogram: ${count} buckets of ${intervalMs / 1000} s over this range; the limit is ${MAX_HISTOGRAM_BUCKETS}: choose a longer interval or a shorter range`,
      { limit: MAX_HISTOGRAM_BUCKETS, found: count },
    );
  }
}

/**
 * Every bucket from the one holding `from` up to the one before `to` (exclusive); where a bound is
 * open, the first or last bucket with events bounds the range instead.
 */
export function zeroFill(found: readonly Bucket[], range: { from?: number; to?: number }, intervalMs: number): Bucket[] {
  const first = range.from !== undefined ? bucketStart(range.from, intervalMs) : found[0]?.start;
  const end = range.to ?? (found.length > 0 ? found[found.length - 1]!.start + intervalMs : undefined);
  if (first === undefined || end === undefined) return [];
  checkBucketCount(first, end, intervalMs);
  const counts = new Map(found.map((bucket) => [bucket.start, bucket.count]));
  const buckets: Bucket[] = [];
  for (let start = first; start < end; start += intervalMs) buckets.push({ start, count: counts.get(start) ?? 0 });
  return buckets;
}

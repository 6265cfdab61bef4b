// Top-values buckets of a field as a masked caller sees them: each value masked (maskValue), and
// buckets whose values now read the same (two addresses of one /24) merged, largest first. Pure.
import type { Masker } from '../masking.ts';

export interface Bucket {
  readonly value: string;
  readonly count: number;
}

export function maskBuckets(masker: Masker, field: string, buckets: readonly Bucket[]): Bucket[] {
  const merged = new Map<string, number>();
  for (const bucket of buckets) {
    const value = masker.maskValue(field, bucket.value);
    if (value !== undefined) merged.set(value, (merged.get(value) ?? 0) + bucket.count);
  }
  return [...merged].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

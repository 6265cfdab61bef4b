// The robust baseline rate compares with: the median and the median absolute deviation (MAD) of
// the same hour on previous days, and how many MAD-scaled deviations an observation lies above
// the median. 1.4826 × MAD estimates the standard deviation of normally distributed counts; the
// MAD is floored at 1 so a perfectly regular baseline (every day exactly 12) does not make 13 an
// infinite deviation. Pure.

export const MAD_SCALE = 1.4826;
export const MAD_FLOOR = 1;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Baseline {
  readonly median: number;
  readonly mad: number;
  readonly days: number;
}

export function baselineOf(counts: readonly number[]): Baseline {
  const m = median(counts);
  return { median: m, mad: median(counts.map((c) => Math.abs(c - m))), days: counts.length };
}

/** (observed − median) / (1.4826 × max(MAD, 1)). */
export function robustDeviation(observed: number, baseline: Baseline): number {
  return (observed - baseline.median) / (MAD_SCALE * Math.max(baseline.mad, MAD_FLOOR));
}

// A group's evidence kept sorted by event time, so that a late or out-of-order entry lands where it
// belongs and every window is a contiguous slice found by binary search. Bounded: past `cap`
// entries the oldest go first (docs/detection.md, "Correlations": limits). Pure.
import { compareEntries, type Entry } from './entry.ts';

export class WindowBuffer {
  readonly #entries: Entry[] = [];
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = cap;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Insert in order (in-order arrivals append in O(1)); a duplicate of an entry already held is ignored. */
  insert(entry: Entry): void {
    const entries = this.#entries;
    const last = entries[entries.length - 1];
    if (last === undefined || compareEntries(last, entry) < 0) entries.push(entry);
    else {
      const at = this.#lowerBound(entry);
      const there = entries[at];
      if (there !== undefined && compareEntries(there, entry) === 0) return;
      entries.splice(at, 0, entry);
    }
    if (entries.length > this.#cap) entries.splice(0, entries.length - this.#cap);
  }

  /** Drop every entry whose time is at or before `time`. */
  dropThrough(time: number): void {
    const at = this.#firstAfter(time);
    if (at > 0) this.#entries.splice(0, at);
  }

  /** Drop every entry older than `time`. */
  dropBefore(time: number): void {
    const at = this.#firstAfter(time - 1);
    if (at > 0) this.#entries.splice(0, at);
  }

  /** Every entry, in order (read only: the sweep walks it). */
  get view(): readonly Entry[] {
    return this.#entries;
  }

  /** How many entries have from ≤ time ≤ to. */
  countIn(from: number, to: number): number {
    return Math.max(0, this.#firstAfter(to) - this.#firstAfter(from - 1));
  }

  /** The entries with from ≤ time ≤ to, in order. */
  slice(from: number, to: number): Entry[] {
    return this.#entries.slice(this.#firstAfter(from - 1), this.#firstAfter(to));
  }

  /** The distinct entry times in [from, to], ascending: the ends a window may have. */
  timesIn(from: number, to: number): number[] {
    const times: number[] = [];
    for (let i = this.#firstAfter(from - 1); i < this.#entries.length; i++) {
      const time = this.#entries[i]!.time;
      if (time > to) break;
      if (times[times.length - 1] !== time) times.push(time);
    }
    return times;
  }

  /** The first entry with time > `time`, if any. */
  firstAfter(time: number): Entry | undefined {
    return this.#entries[this.#firstAfter(time)];
  }

  #firstAfter(time: number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid]!.time <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #lowerBound(entry: Entry): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.#entries[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

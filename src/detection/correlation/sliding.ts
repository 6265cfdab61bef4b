// One Sigma correlation rule's state: per group key, the evidence sorted by event time, the newest
// event time the group has seen (lateness is judged per group, so one sender's slow clock does not
// make every other group's events late), and when the group last fired (suppression). Windows
// slide: any span of `timespanMs` between entries counts, not fixed buckets. Pure and
// deterministic: the same entries in the same order fire the same windows.
import type { CorrelationRule } from '../rule.ts';
import { decidedAtClose } from './condition.ts';
import { type Entry } from './entry.ts';
import type { GroupKey } from './group-key.ts';
import { measure, satisfied } from './measure.ts';
import { WindowBuffer } from './window-buffer.ts';

export interface SlidingLimits {
  readonly latenessMs: number;
  /** Groups kept per rule; past it the group updated longest ago is forgotten. */
  readonly maxGroups: number;
  /** Entries kept per group; past it the oldest go. */
  readonly maxEntries: number;
}

/** A window that made its rule fire. */
export interface Firing {
  readonly rule: CorrelationRule;
  readonly group: Readonly<Record<string, string>>;
  /** The entry whose arrival (or, for a window decided at close, whose being last) made it fire. */
  readonly trigger: Entry;
  /** The window's evidence, ordered. */
  readonly entries: readonly Entry[];
  readonly count: number;
  readonly values?: readonly string[];
}

interface GroupState {
  readonly group: Readonly<Record<string, string>>;
  readonly buffer: WindowBuffer;
  newest: number;
  /** Event time of the last firing: nothing at or before it counts again, and the next firing needs a window ending after it + timespan. */
  firedAt?: number;
  /** A window decided at close: its start (the first entry after the previous window). */
  openFrom?: number;
  /** A window decided at close: the end of the last one decided; entries at or before it are left out. */
  decidedThrough?: number;
}

export class SlidingCorrelation {
  readonly rule: CorrelationRule;
  readonly #limits: SlidingLimits;
  readonly #groups = new Map<string, GroupState>();
  readonly #atClose: boolean;
  #late = 0;

  constructor(rule: CorrelationRule, limits: SlidingLimits) {
    this.rule = rule;
    this.#limits = limits;
    this.#atClose = decidedAtClose(rule.condition) && (rule.type === 'event_count' || rule.type === 'value_count');
  }

  /** Entries left out because they were older than their group's newest − lateness. */
  get lateEntries(): number {
    return this.#late;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  /** Add one entry to its group; the firing it causes, if any. False when it was late (left out). */
  add(entry: Entry, key: GroupKey): Firing | undefined | false {
    const state = this.#touch(key);
    if (entry.time < state.newest - this.#limits.latenessMs) {
      this.#late++;
      return false;
    }
    if (state.decidedThrough !== undefined && entry.time <= state.decidedThrough) {
      this.#late++; // its window was decided already: it arrived too late for it
      return false;
    }
    if (state.firedAt !== undefined && entry.time <= state.firedAt) return undefined; // only events after the last firing count
    state.newest = Math.max(state.newest, entry.time);
    state.buffer.insert(entry);
    state.buffer.dropBefore(state.newest - this.#limits.latenessMs - this.rule.timespanMs);
    if (this.#atClose) {
      state.openFrom = Math.min(state.openFrom ?? entry.time, entry.time);
      return undefined;
    }
    return this.#fireSliding(state, entry);
  }

  /**
   * Windows decided at close (lt, lte, eq) whose end lies before `watermark` (the newest event
   * time seen anywhere − lateness): no event can join them any more.
   */
  close(watermark: number): Firing[] {
    if (!this.#atClose) return [];
    const firings: Firing[] = [];
    for (const state of this.#groups.values()) {
      while (state.openFrom !== undefined && state.openFrom + this.rule.timespanMs < watermark) {
        const firing = this.#closeWindow(state, state.openFrom);
        if (firing !== undefined) firings.push(firing);
      }
    }
    return firings;
  }

  /** Restore suppression after a restart: the group fired at `time`. */
  seed(key: GroupKey, time: number): void {
    const state = this.#touch(key);
    if (this.#atClose) {
      state.decidedThrough = Math.max(state.decidedThrough ?? time, time);
      state.openFrom = state.buffer.firstAfter(state.decidedThrough)?.time;
    } else state.firedAt = Math.max(state.firedAt ?? time, time);
    state.buffer.dropThrough(time);
  }

  #touch(key: GroupKey): GroupState {
    let state = this.#groups.get(key.key);
    if (state === undefined) {
      state = { group: key.group, buffer: new WindowBuffer(this.#limits.maxEntries), newest: Number.NEGATIVE_INFINITY };
      if (this.#groups.size >= this.#limits.maxGroups) this.#groups.delete(this.#groups.keys().next().value!);
    } else this.#groups.delete(key.key); // re-inserted below: the map's order is least recently updated first
    this.#groups.set(key.key, state);
    return state;
  }

  /**
   * Every window containing `entry` ends at an entry time in [entry.time, entry.time + timespan];
   * the earliest end whose window satisfies the condition fires. In order, that is `entry` itself.
   */
  #fireSliding(state: GroupState, entry: Entry): Firing | undefined {
    const span = this.rule.timespanMs;
    const after = state.firedAt ?? Number.NEGATIVE_INFINITY;
    for (const end of state.buffer.timesIn(entry.time, entry.time + span)) {
      if (end <= after + span) continue;
      const entries = state.buffer.slice(Math.max(end - span, after + 1), end);
      const result = measure(this.rule, entries);
      if (!satisfied(this.rule, result.count)) continue;
      state.firedAt = entry.time;
      state.buffer.dropThrough(entry.time);
      return { rule: this.rule, group: state.group, trigger: entry, entries, ...result };
    }
    return undefined;
  }

  /** Decide the window [from, from + timespan]; the next one opens at the first entry after it. */
  #closeWindow(state: GroupState, from: number): Firing | undefined {
    const to = from + this.rule.timespanMs;
    const entries = state.buffer.slice(from, to);
    state.buffer.dropThrough(to);
    state.decidedThrough = to;
    state.openFrom = state.buffer.firstAfter(to)?.time;
    const result = measure(this.rule, entries);
    const trigger = entries[entries.length - 1];
    if (trigger === undefined || !satisfied(this.rule, result.count)) return undefined;
    return { rule: this.rule, group: state.group, trigger, entries, ...result };
  }
}

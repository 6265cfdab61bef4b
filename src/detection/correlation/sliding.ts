// One Sigma correlation rule's state: per group key, the evidence sorted by event time, the newest
// event time the group has seen (lateness is judged per group, so one sender's slow clock does not
// make every other group's events late), and when the group last fired (suppression). Windows
// slide: any span of `timespanMs` between entries counts, not fixed buckets. An in-order arrival
// can only complete the window that ends at it, which is counted without walking it (index
// arithmetic, or the keys' last times); an out-of-order one is evaluated with every window it
// belongs to in one sweep (window-sweep.ts). Pure and deterministic: the same entries in the same
// order fire the same windows.
import type { CorrelationRule } from '../rule.ts';
import { CloseQueue } from './close-queue.ts';
import { decidedAtClose } from './condition.ts';
import type { Entry } from './entry.ts';
import type { GroupKey } from './group-key.ts';
import { measure, satisfied, type Measure } from './measure.ts';
import { RecentKeys } from './recent-keys.ts';
import { WindowBuffer } from './window-buffer.ts';
import { countedKey, firstSatisfying } from './window-sweep.ts';

export interface SlidingLimits {
  readonly latenessMs: number;
  /** Groups kept per rule; past it the group updated longest ago is forgotten. */
  readonly maxGroups: number;
  /** Entries kept per group; past it the oldest go. */
  readonly maxEntries: number;
}

/** A window that made its rule fire. */
export interface Firing extends Measure {
  readonly rule: CorrelationRule;
  readonly group: Readonly<Record<string, string>>;
  /** The entry whose arrival (or, for a window decided at close, whose being last) made it fire. */
  readonly trigger: Entry;
  /** The window's evidence, ordered. */
  readonly entries: readonly Entry[];
}

interface GroupState {
  readonly key: string;
  readonly group: Readonly<Record<string, string>>;
  readonly buffer: WindowBuffer;
  /** value_count and temporal: each counted key's last time among the entries after the last firing. */
  readonly recent: RecentKeys;
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
  readonly #due = new CloseQueue();
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
    const tooLate = entry.time < state.newest - this.#limits.latenessMs || (state.decidedThrough !== undefined && entry.time <= state.decidedThrough);
    if (tooLate) {
      this.#late++; // older than the lateness allows, or its window was decided already
      return false;
    }
    if (state.firedAt !== undefined && entry.time <= state.firedAt) return undefined; // only events after the last firing count
    const inOrder = entry.time >= state.newest;
    state.newest = Math.max(state.newest, entry.time);
    state.buffer.insert(entry);
    state.buffer.dropBefore(Math.min(this.#forgetBefore(state), state.openFrom ?? Number.POSITIVE_INFINITY)); // an open window keeps its evidence until decided
    if (this.#atClose) {
      this.#reanchor(state, entry.time);
      return undefined;
    }
    const counted = countedKey(this.rule, entry);
    if (counted !== undefined) state.recent.note(counted, entry.time);
    return inOrder ? this.#fireInOrder(state, entry) : this.#fireLate(state, entry);
  }

  /**
   * Windows decided at close (lt, lte, eq) whose end lies before `watermark` (the newest event
   * time seen anywhere − lateness): no event can join them any more.
   */
  close(watermark: number): Firing[] {
    const firings: Firing[] = [];
    for (let due = this.#due.popDue(watermark); due !== undefined; due = this.#due.popDue(watermark)) {
      const state = this.#groups.get(due.key);
      if (state?.openFrom === undefined || state.openFrom + this.rule.timespanMs !== due.to) continue; // stale: the window moved or the group was forgotten
      const firing = this.#closeWindow(state, state.openFrom);
      if (firing !== undefined) firings.push(firing);
    }
    return firings;
  }

  /**
   * Evidence from before a restart (a chained correlation's stored detection): kept, not evaluated,
   * and without moving the group's clock — the replay's events are judged late as they were.
   */
  preload(entry: Entry, key: GroupKey): void {
    const state = this.#touch(key);
    if (entry.time <= (state.firedAt ?? Number.NEGATIVE_INFINITY) || entry.time <= (state.decidedThrough ?? Number.NEGATIVE_INFINITY)) return;
    state.buffer.insert(entry);
    if (this.#atClose) this.#reanchor(state, entry.time);
    const counted = countedKey(this.rule, entry);
    if (counted !== undefined) state.recent.note(counted, entry.time);
  }

  /** Restore suppression after a restart: the group fired at `time`. */
  seed(key: GroupKey, time: number): void {
    const state = this.#touch(key);
    if (this.#atClose) {
      state.decidedThrough = Math.max(state.decidedThrough ?? time, time);
      state.buffer.dropThrough(time);
      state.openFrom = undefined;
      const next = state.buffer.firstAfter(state.decidedThrough);
      if (next !== undefined) this.#reanchor(state, next.time);
      return;
    }
    state.firedAt = Math.max(state.firedAt ?? time, time);
    state.buffer.dropThrough(time);
    this.#recount(state);
  }

  /** Older evidence can join no window any more: every future entry is at least newest − lateness. */
  #forgetBefore(state: GroupState): number {
    return state.newest - this.#limits.latenessMs - this.rule.timespanMs;
  }

  #touch(key: GroupKey): GroupState {
    let state = this.#groups.get(key.key);
    if (state === undefined) {
      state = { key: key.key, group: key.group, buffer: new WindowBuffer(this.#limits.maxEntries), recent: new RecentKeys(), newest: Number.NEGATIVE_INFINITY };
      if (this.#groups.size >= this.#limits.maxGroups) this.#groups.delete(this.#groups.keys().next().value!);
    } else this.#groups.delete(key.key); // re-inserted below: the map's order is least recently updated first
    this.#groups.set(key.key, state);
    return state;
  }

  /** The window ending at `entry`, the group's newest: counted without walking it unless it may fire. */
  #fireInOrder(state: GroupState, entry: Entry): Firing | undefined {
    const span = this.rule.timespanMs;
    const after = state.firedAt ?? Number.NEGATIVE_INFINITY;
    if (entry.time <= after + span) return undefined;
    const start = Math.max(entry.time - span, after + 1);
    if (!satisfied(this.rule, this.#quickCount(state, entry, start))) return undefined;
    const entries = state.buffer.slice(start, entry.time);
    const result = measure(this.rule, entries);
    return satisfied(this.rule, result.count) ? this.#fire(state, entry, entries, result) : undefined;
  }

  /** The count of the window [start, entry.time], or 0 where it cannot have become true. */
  #quickCount(state: GroupState, entry: Entry, start: number): number {
    switch (this.rule.type) {
      case 'event_count':
        return state.buffer.countIn(start, entry.time); // one entry per event and group (SigmaRunner)
      case 'temporal_ordered': {
        // no complete sequence without the last listed rule in the window: then it is not walked
        const last = this.rule.rules[this.rule.rules.length - 1];
        if (last === undefined || state.recent.lastTime(last) === undefined || state.recent.lastTime(last)! < start) return 0;
        return measure(this.rule, state.buffer.slice(start, entry.time)).count;
      }
      default:
        return state.recent.countSince(start, this.#forgetBefore(state));
    }
  }

  #fireLate(state: GroupState, entry: Entry): Firing | undefined {
    const ends = state.buffer.timesIn(entry.time, entry.time + this.rule.timespanMs);
    const window = firstSatisfying(this.rule, state.buffer.view, ends, state.firedAt ?? Number.NEGATIVE_INFINITY);
    if (window === undefined) return undefined;
    return this.#fire(state, entry, state.buffer.view.slice(window.lo, window.hi), window);
  }

  #fire(state: GroupState, trigger: Entry, entries: readonly Entry[], result: Measure): Firing {
    state.firedAt = trigger.time;
    state.buffer.dropThrough(trigger.time);
    this.#recount(state);
    return { rule: this.rule, group: state.group, trigger, entries, count: result.count, ...(result.values === undefined ? {} : { values: result.values }) };
  }

  /** The keys' last times again from what the buffer still holds (after a firing or a seed). */
  #recount(state: GroupState): void {
    state.recent.clear();
    for (const entry of state.buffer.view) {
      const counted = countedKey(this.rule, entry);
      if (counted !== undefined) state.recent.note(counted, entry.time);
    }
  }

  /** A window decided at close opens at its group's earliest undecided entry; it is queued by its end. */
  #reanchor(state: GroupState, time: number): void {
    if (state.openFrom !== undefined && state.openFrom <= time) return;
    state.openFrom = time;
    this.#due.push({ key: state.key, to: time + this.rule.timespanMs });
  }

  /** Decide the window [from, from + timespan]; the next one opens at the first entry after it. */
  #closeWindow(state: GroupState, from: number): Firing | undefined {
    const to = from + this.rule.timespanMs;
    const entries = state.buffer.slice(from, to);
    state.buffer.dropThrough(to);
    state.decidedThrough = to;
    state.openFrom = undefined;
    const next = state.buffer.firstAfter(to);
    if (next !== undefined) this.#reanchor(state, next.time);
    const result = measure(this.rule, entries);
    // the entry that arrived last: unique to the group's window, and the greatest of its evidence
    const trigger = entries.reduce<Entry | undefined>((last, e) => (last === undefined || e.seq > last.seq ? e : last), undefined);
    if (trigger === undefined || !satisfied(this.rule, result.count)) return undefined;
    return { rule: this.rule, group: state.group, trigger, entries, count: result.count, ...(result.values === undefined ? {} : { values: result.values }) };
  }
}

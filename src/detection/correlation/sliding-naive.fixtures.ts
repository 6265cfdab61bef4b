// The oracle for sliding.ts: the same semantics written the slow, obvious way — every window that
// may contain the new entry is sliced and measured from scratch. The property test holds the real
// state (index counts, keys' last times, one sweep for late entries) equal to it.
import type { CorrelationRule } from '../rule.ts';
import { compareEntries, type Entry } from './entry.ts';
import { measure, satisfied } from './measure.ts';

export interface NaiveFiring {
  readonly trigger: number;
  readonly events: readonly number[];
  readonly count: number;
}

interface State {
  entries: Entry[];
  newest: number;
  firedAt: number;
}

export class NaiveSliding {
  readonly #rule: CorrelationRule;
  readonly #latenessMs: number;
  readonly #groups = new Map<string, State>();

  constructor(rule: CorrelationRule, latenessMs: number) {
    this.#rule = rule;
    this.#latenessMs = latenessMs;
  }

  add(entry: Entry, key: string): NaiveFiring | undefined | false {
    const span = this.#rule.timespanMs;
    const state = this.#groups.get(key) ?? { entries: [], newest: Number.NEGATIVE_INFINITY, firedAt: Number.NEGATIVE_INFINITY };
    this.#groups.set(key, state);
    if (entry.time < state.newest - this.#latenessMs) return false;
    if (entry.time <= state.firedAt) return undefined;
    state.newest = Math.max(state.newest, entry.time);
    if (!state.entries.some((e) => compareEntries(e, entry) === 0)) state.entries = [...state.entries, entry].sort(compareEntries);
    state.entries = state.entries.filter((e) => e.time >= state.newest - this.#latenessMs - span);
    const ends = [...new Set(state.entries.map((e) => e.time))].filter((t) => t >= entry.time && t <= entry.time + span).sort((a, b) => a - b);
    for (const end of ends) {
      if (end <= state.firedAt + span) continue;
      const window = state.entries.filter((e) => e.time >= Math.max(end - span, state.firedAt + 1) && e.time <= end);
      const result = measure(this.#rule, window);
      if (!satisfied(this.#rule, result.count)) continue;
      state.firedAt = entry.time;
      state.entries = state.entries.filter((e) => e.time > entry.time);
      return { trigger: entry.seq, events: window.map((e) => e.seq), count: result.count };
    }
    return undefined;
  }
}

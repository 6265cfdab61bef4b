// `first_seen` (logwarden's extension): a value of `field` the group has not had before — a new
// source address for a user, a new process on a host. Known are the values the store holds from
// the last 2 × learningMs before the stream began, and every value the stream has seen since.
// While the group's own history is shorter than learningMs it is learning: values are remembered,
// nothing is reported (docs/detection.md).
import type { LogEvent } from '../../schema/event.ts';
import { detectionId, detectionRuleRef } from '../detection.ts';
import type { CorrelationRule } from '../rule.ts';
import { candidateGroups, firstSeq, historyParts, isAlert } from './anomaly-scope.ts';
import type { PriorDetection } from './correlator.ts';
import { fieldFor, groupKeyOf, valueText, type GroupKey } from './group-key.ts';
import type { HistoryPart } from './history.ts';
import { LruMap } from './lru.ts';
import { evidencePoint, type EvidencePoint, type Fired, type ObserveResult, type RuleInput, type RuleRunner, type RunnerOptions } from './runner.ts';

export const DEFAULT_LEARNING_MS = 7 * 86_400_000;
/** Values remembered per group; past it the one seen longest ago is forgotten (it would be reported as new again). */
const MAX_VALUES_PER_GROUP = 10_000;

interface GroupValues {
  /** The group's earliest event time known (history or stream). */
  first: number;
  /** value → the last time it was seen. */
  readonly values: LruMap<number>;
}

export class FirstSeenRunner implements RuleRunner {
  readonly rule: CorrelationRule;
  readonly #options: RunnerOptions;
  readonly #field: string | undefined;
  readonly #learningMs: number;
  readonly #parts: HistoryPart[] | undefined;
  readonly #groups: LruMap<GroupValues>;
  /** Groups the history has answered for (with values or without); bounded like the groups (a forgotten one is asked again). */
  readonly #asked: LruMap<true>;
  readonly #seeded = new Set<string>();
  #streamStart: number | undefined;

  constructor(rule: CorrelationRule, options: RunnerOptions) {
    this.rule = rule;
    this.#options = options;
    this.#field = rule.anomaly?.field;
    this.#learningMs = rule.anomaly?.learningMs ?? DEFAULT_LEARNING_MS;
    this.#parts = this.#field === undefined ? undefined : historyParts(rule, options.detectionRules, this.#field);
    this.#groups = new LruMap(options.maxGroups);
    this.#asked = new LruMap(2 * options.maxGroups);
  }

  async prepare(events: readonly LogEvent[]): Promise<void> {
    const parts = this.#parts;
    const first = firstSeq(events);
    if (parts === undefined || first === undefined) return;
    this.#streamStart ??= first;
    const groups = candidateGroups(parts, events).filter((group) => this.#asked.peek(JSON.stringify(group)) === undefined);
    if (groups.length === 0) return;
    const times = events.map((e) => Number(e['@timestamp']));
    // twice the learning period back: a group whose history reaches past the first one has learned
    // (its earliest event lies over learningMs back), and a value of the last two is still known
    const query = { parts, beforeSeq: this.#streamStart, groups, from: Math.min(...times) - 2 * this.#learningMs, to: Math.max(...times) + 1 };
    for (const row of await this.#options.history.knownValues(query)) {
      const state = this.#state(JSON.stringify(row.group), row.first);
      state.first = Math.min(state.first, row.first);
      for (const [value, seen] of row.values) state.values.set(value, Math.max(state.values.peek(value) ?? seen, seen));
    }
    for (const group of groups) this.#asked.set(JSON.stringify(group), true);
  }

  observe(event: LogEvent, inputs: readonly RuleInput[]): ObserveResult {
    const fired: Fired[] = [];
    const input = inputs[0] ?? { ruleId: '' };
    const key = groupKeyOf(this.rule, input.ruleId, event, input.chained?.group);
    const value = this.#field === undefined ? undefined : valueText(event[fieldFor(this.rule, this.#field, input.ruleId)]);
    if (isAlert(event) || key === undefined || value === undefined) return { fired, late: false };
    const point = input.chained?.trigger ?? evidencePoint(event);
    const state = this.#state(key.key, point.time);
    state.first = Math.min(state.first, point.time);
    const known = state.values.get(value);
    state.values.set(value, Math.max(known ?? point.time, point.time));
    if (known !== undefined) return { fired, late: false };
    if (point.time - state.first < this.#learningMs) return { fired, late: false }; // still learning this group
    const detection = this.#fired(key, value, point);
    if (!this.#seeded.has(detection.detection.id)) fired.push(detection);
    return { fired, late: false };
  }

  seed(prior: PriorDetection): void {
    this.#seeded.add(prior.id);
  }

  #state(key: string, first: number): GroupValues {
    let state = this.#groups.get(key);
    if (state === undefined) {
      state = { first, values: new LruMap(MAX_VALUES_PER_GROUP) };
      this.#groups.set(key, state);
    }
    return state;
  }

  #fired(key: GroupKey, value: string, point: EvidencePoint): Fired {
    const groupText = Object.entries(key.group)
      .map(([name, v]) => `${name}=${v}`)
      .join(', ');
    return {
      trigger: point,
      detection: {
        id: detectionId(this.rule, String(point.seq)),
        rule: detectionRuleRef(this.rule),
        time: point.time,
        events: [point.seq],
        systems: [point.system],
        group: key.group,
        why: { kind: 'anomaly', type: 'first_seen', value },
        message: `${this.rule.title}: first ${this.#field ?? 'value'} ${value}${groupText === '' ? '' : ` for ${groupText}`}`,
      },
    };
  }
}

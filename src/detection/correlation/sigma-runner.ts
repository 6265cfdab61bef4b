// A Sigma correlation (event_count, value_count, temporal, temporal_ordered) fed from events: each
// referenced rule that held becomes an entry of its group's window (sliding.ts); firings become
// detections (correlation-detection.ts). Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { CorrelationRule } from '../rule.ts';
import { correlationDetection } from './correlation-detection.ts';
import type { PriorDetection } from './correlator.ts';
import type { Entry } from './entry.ts';
import { fieldFor, groupKeyOf, keyOfGroup, valueText } from './group-key.ts';
import { evidencePoint, type Fired, type ObserveResult, type RuleInput, type RuleRunner, type RunnerOptions } from './runner.ts';
import { SlidingCorrelation, type Firing } from './sliding.ts';

/** Entries kept per group: far above any count a rule asks for; a flood beyond it loses its oldest (documented). */
const MAX_ENTRIES_PER_GROUP = 10_000;

export class SigmaRunner implements RuleRunner {
  readonly rule: CorrelationRule;
  readonly #state: SlidingCorrelation;
  readonly #maxEvidence: number;

  constructor(rule: CorrelationRule, options: RunnerOptions) {
    this.rule = rule;
    this.#maxEvidence = options.maxEvidence;
    this.#state = new SlidingCorrelation(rule, { latenessMs: options.latenessMs, maxGroups: options.maxGroups, maxEntries: MAX_ENTRIES_PER_GROUP });
  }

  observe(event: LogEvent, inputs: readonly RuleInput[]): ObserveResult {
    const fired: Fired[] = [];
    let late = false;
    const counted = new Set<string>();
    for (const input of inputs) {
      const key = groupKeyOf(this.rule, input.ruleId, event, input.chained?.group);
      const entry = key === undefined ? undefined : this.#entry(event, input);
      if (key === undefined || entry === undefined) continue;
      // event_count counts events: one that matched two referenced rules is one entry of its group
      if (this.rule.type === 'event_count' && counted.has(key.key)) continue;
      counted.add(key.key);
      const firing = this.#state.add(entry, key);
      if (firing === false) late = true;
      else if (firing !== undefined) fired.push(this.#fired(firing));
    }
    return { fired, late };
  }

  close(watermark: number): Fired[] {
    return this.#state.close(watermark).map((firing) => this.#fired(firing));
  }

  preload(input: RuleInput): void {
    const trigger = input.chained?.trigger;
    const key = input.chained === undefined ? undefined : keyOfGroup(this.rule, input.chained.group);
    if (trigger !== undefined && key !== undefined) this.#state.preload({ ...trigger, rule: input.ruleId }, key);
  }

  seed(prior: PriorDetection): void {
    const key = keyOfGroup(this.rule, prior.group);
    if (key !== undefined) this.#state.seed(key, prior.time);
  }

  /** The event (or the chained detection's trigger) as evidence; undefined for value_count when the counted field is absent. */
  #entry(event: LogEvent, input: RuleInput): Entry | undefined {
    const ruleId = input.ruleId;
    const base = { ...(input.chained?.trigger ?? evidencePoint(event)), rule: ruleId };
    if (this.rule.type !== 'value_count') return base;
    const field = this.rule.condition.field;
    const value = field === undefined ? undefined : valueText(event[fieldFor(this.rule, field, ruleId)]);
    return value === undefined ? undefined : { ...base, value };
  }

  #fired(firing: Firing): Fired {
    const { time, seq, system } = firing.trigger;
    return { detection: correlationDetection(firing, this.#maxEvidence), trigger: { time, seq, system } };
  }
}

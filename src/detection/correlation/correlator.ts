// Correlations and anomalies on the stream: Sigma correlations v2 (event_count, value_count,
// temporal, temporal_ordered) over sliding event-time windows per group key, tolerating late and
// out-of-order events within the configured lateness, and logwarden's rate, first_seen and silence
// (docs/detection.md). Deterministic: fed the same stored events (and seeded with the detections
// already stored) it fires the same detections with the same ids.
import type { LogEvent } from '../../schema/event.ts';
import type { Detection } from '../detection.ts';
import type { CorrelationRule, DetectionRule, RuleMatch } from '../rule.ts';
import type { DetectionHistory } from './history.ts';
import { chainOrder, hiddenCorrelations } from './chain.ts';
import { createRunner } from './runners.ts';
import { eventTime, type Fired, type RuleInput, type RuleRunner } from './runner.ts';

/** Groups kept per rule unless the options say otherwise (docs/detection.md, "Correlations": limits). */
export const DEFAULT_MAX_GROUPS = 10_000;

export interface CorrelatorOptions {
  /** Events this much older (event time) than the newest seen still join their windows; older ones are counted late and left out. */
  readonly latenessMs: number;
  /** Sequence numbers kept per detection. */
  readonly maxEvidence: number;
  readonly history: DetectionHistory;
  /** Groups kept per rule; past it the group updated longest ago is forgotten (default DEFAULT_MAX_GROUPS). */
  readonly maxGroups?: number;
  /**
   * The detection rules the correlations reference: rate and first_seen ask the history about
   * their predicates. Without them those anomalies see only what the stream shows them.
   */
  readonly detectionRules?: readonly DetectionRule[];
}

/** A detection already stored, so that after a restart the window that fired it stays quiet. */
export interface PriorDetection {
  readonly id: string;
  readonly ruleId: string;
  readonly group: Readonly<Record<string, string>>;
  readonly time: number;
  /**
   * The sequence number of the event that triggered it: a correlation's is the greatest of its
   * `events` (which always keep it). With it, a correlation chained on this one gets the
   * detection back as evidence after a restart; without it the chain misses detections whose
   * inner one fired before the replay.
   */
  readonly trigger?: number;
}

const NONE_FIRED: readonly Fired[] = [];
const NO_INPUTS: readonly RuleInput[] = [];
const NO_RUNNER_INPUTS: ReadonlyMap<RuleRunner, RuleInput[]> = new Map();

export class Correlator {
  readonly #runners: readonly RuleRunner[];
  /** Which runners reference a rule id (a detection rule or a chained correlation). */
  readonly #consumers = new Map<string, RuleRunner[]>();
  readonly #byRule = new Map<string, RuleRunner>();
  /** Correlations only other correlations consume (Sigma `generate: false` on every one that references them). */
  readonly #hidden: ReadonlySet<string>;
  readonly #latenessMs: number;
  #newest = Number.NEGATIVE_INFINITY;
  #late = 0;

  constructor(rules: readonly CorrelationRule[], options: CorrelatorOptions) {
    const runnerOptions = {
      latenessMs: options.latenessMs,
      maxEvidence: options.maxEvidence,
      maxGroups: options.maxGroups ?? DEFAULT_MAX_GROUPS,
      history: options.history,
      detectionRules: new Map((options.detectionRules ?? []).map((rule) => [rule.id, rule])),
    };
    this.#runners = chainOrder(rules).map((rule) => createRunner(rule, runnerOptions));
    for (const runner of this.#runners) {
      this.#byRule.set(runner.rule.id, runner);
      for (const id of runner.rule.rules) this.#consumers.set(id, [...(this.#consumers.get(id) ?? []), runner]);
    }
    this.#hidden = hiddenCorrelations(rules);
    this.#latenessMs = options.latenessMs;
  }

  /** Events left out of correlation windows for arriving later than the lateness allows (metric logwarden_detection_late_events_total). */
  get lateEvents(): number {
    return this.#late;
  }

  /**
   * Before a batch: load the history the anomaly rules need for these events. At start-up with
   * no events yet, call it with none and the wall clock (`now`): silence then learns every group
   * stored, so a restart with nobody sending still reports who fell silent.
   */
  async prepare(events: readonly LogEvent[], now?: number): Promise<void> {
    for (const runner of this.#runners) await runner.prepare?.(events, now);
  }

  /** One stored event, in sequence order, with the detection rules it matched (maybe none). */
  observe(event: LogEvent, matches: readonly RuleMatch[]): Detection[] {
    if (event['logwarden.time.skew_ms'] === undefined) this.#newest = Math.max(this.#newest, eventTime(event));
    // Most events match no rule: they share one empty map, and a map of their own is made only
    // when something is fed (a match here, a chained firing in #emit).
    let inputs = NO_RUNNER_INPUTS;
    for (const match of matches) inputs = this.#feed(inputs, match.rule.id, { ruleId: match.rule.id });
    const out: Detection[] = [];
    let late = false;
    // Every event passes every runner: nothing is allocated for a runner that is given nothing and fires nothing.
    for (const runner of this.#runners) {
      const given = inputs.get(runner);
      let fired: readonly Fired[] = NONE_FIRED;
      if (given !== undefined || runner.rule.rules.length === 0) {
        const result = runner.observe(event, given ?? NO_INPUTS);
        late ||= result.late;
        fired = result.fired;
      }
      const closed = runner.close?.(this.#newest - this.#latenessMs);
      if (closed !== undefined && closed.length > 0) fired = [...fired, ...closed];
      if (fired.length > 0) inputs = this.#emit(runner, fired, inputs, out);
    }
    if (late) this.#late++;
    return out;
  }

  /** Time passed (wall clock, epoch ms): silence is found here, not only when an event arrives. */
  tick(now: number): Detection[] {
    const out: Detection[] = [];
    for (const runner of this.#runners) {
      const fired = runner.tick?.(now) ?? [];
      for (const one of fired) if (!this.#hidden.has(runner.rule.id)) out.push(one.detection);
    }
    return out;
  }

  /** After a restart, before the replay of recent stored events. */
  seed(prior: readonly PriorDetection[]): void {
    const ordered = [...prior].sort((a, b) => a.time - b.time || (a.trigger ?? 0) - (b.trigger ?? 0));
    for (const detection of ordered) this.#byRule.get(detection.ruleId)?.seed(detection);
    // then the chains: a stored inner detection is evidence for the correlations chained on it
    for (const detection of ordered) {
      if (detection.trigger === undefined) continue;
      const trigger = { time: detection.time, seq: detection.trigger, system: '' };
      const input = { ruleId: detection.ruleId, chained: { group: detection.group, trigger } };
      for (const runner of this.#consumers.get(detection.ruleId) ?? []) runner.preload?.(input);
    }
  }

  /** `inputs` with `input` given to every runner that references `ruleId`: the shared empty map is never written to. */
  #feed(inputs: ReadonlyMap<RuleRunner, RuleInput[]>, ruleId: string, input: RuleInput): ReadonlyMap<RuleRunner, RuleInput[]> {
    const runners = this.#consumers.get(ruleId);
    if (runners === undefined) return inputs;
    const own = inputs === NO_RUNNER_INPUTS ? new Map<RuleRunner, RuleInput[]>() : (inputs as Map<RuleRunner, RuleInput[]>);
    for (const runner of runners) own.set(runner, [...(own.get(runner) ?? []), input]);
    return own;
  }

  /** Output what fired (unless hidden) and hand it to the correlations chained on this one; answers the inputs as fed. */
  #emit(runner: RuleRunner, fired: readonly Fired[], inputs: ReadonlyMap<RuleRunner, RuleInput[]>, out: Detection[]): ReadonlyMap<RuleRunner, RuleInput[]> {
    let fed = inputs;
    for (const { detection, trigger } of fired) {
      fed = this.#feed(fed, runner.rule.id, { ruleId: runner.rule.id, chained: { group: detection.group, trigger } });
      if (!this.#hidden.has(runner.rule.id)) out.push(detection);
    }
    return fed;
  }
}

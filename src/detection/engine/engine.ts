// The detection engine on the stream: the matcher (matcher.ts) on every stored event, matches of
// rules that generate made detections (match-detection.ts), and every match handed to the
// correlator (src/detection/correlation/). Alerts are never evaluated (a detection must not detect
// itself). Deterministic: the same stored events give the same detections with the same ids.
import type { LogEvent } from '../../schema/event.ts';
import { Correlator } from '../correlation/correlator.ts';
import type { PriorDetection } from '../correlation/correlator.ts';
import type { DetectionHistory } from '../correlation/history.ts';
import type { Detection } from '../detection.ts';
import type { CorrelationRule, DetectionRule, RuleMatch, RuleSet } from '../rule.ts';
import { matchDetection } from './match-detection.ts';
import { RuleMatcher } from './matcher.ts';
import type { PrefilterStats } from './prefilter.ts';

export interface EngineOptions {
  readonly latenessMs: number;
  readonly maxEvidence: number;
  readonly history: DetectionHistory;
}

export class DetectionEngine {
  readonly #set: RuleSet;
  readonly #matcher: RuleMatcher;
  readonly #correlator: Correlator;

  constructor(set: RuleSet, options: EngineOptions) {
    this.#set = set;
    const detections = set.rules.filter((rule): rule is DetectionRule => rule.kind === 'detection');
    const correlations = set.rules.filter((rule): rule is CorrelationRule => rule.kind === 'correlation');
    this.#matcher = new RuleMatcher(detections);
    this.#correlator = new Correlator(correlations, { latenessMs: options.latenessMs, maxEvidence: options.maxEvidence, history: options.history, detectionRules: detections });
  }

  get ruleSet(): RuleSet {
    return this.#set;
  }

  /**
   * Stored events in sequence order → the detections they make. `now` (wall clock, optional) goes
   * to the correlator's prepare: at start-up, process([], now) lets silence learn every group stored.
   */
  async process(events: readonly LogEvent[], now?: number): Promise<Detection[]> {
    const evaluated = events.filter((event) => event['event.kind'] !== 'alert');
    await this.#correlator.prepare(evaluated, now);
    const detections: Detection[] = [];
    for (const event of evaluated) {
      const matches = this.#matcher.match(event);
      for (const match of matches) if (match.rule.generates) detections.push(matchDetection(event, match));
      detections.push(...this.#correlator.observe(event, matches));
    }
    return detections;
  }

  /** Events left out of correlation windows for arriving later than the lateness allows. */
  get lateEvents(): number {
    return this.#correlator.lateEvents;
  }

  /** What the matcher's prefilter made of the detection rules (bench, diagnostics). */
  get matcherStats(): PrefilterStats {
    return this.#matcher.stats;
  }

  /** Wall-clock time passed (silence). */
  tick(now: number): Detection[] {
    return this.#correlator.tick(now);
  }

  /** After a restart: detections already stored. */
  seed(prior: readonly PriorDetection[]): void {
    this.#correlator.seed(prior);
  }

  /** One event against every detection rule, for `rules test`: which held and why. */
  explain(event: LogEvent): RuleMatch[] {
    return this.#matcher.match(event);
  }
}

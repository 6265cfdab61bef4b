// The detection engine on the stream: the matcher (matcher.ts) on every stored event, matches of
// rules that generate made detections (detection.ts), and every match handed to the correlator
// (src/detection/correlation/). Alerts are never evaluated (a detection must not detect itself).
import type { LogEvent } from '../../schema/event.ts';
import type { Correlator, PriorDetection } from '../correlation/correlator.ts';
import type { DetectionHistory } from '../correlation/history.ts';
import type { Detection } from '../detection.ts';
import type { RuleMatch, RuleSet } from '../rule.ts';

export interface EngineOptions {
  readonly latenessMs: number;
  readonly maxEvidence: number;
  readonly history: DetectionHistory;
}

export class DetectionEngine {
  readonly #set: RuleSet;
  readonly #options: EngineOptions;
  #correlator: Correlator | undefined;

  constructor(set: RuleSet, options: EngineOptions) {
    this.#set = set;
    this.#options = options;
  }

  get ruleSet(): RuleSet {
    return this.#set;
  }

  /** Stored events in sequence order → the detections they make. */
  async process(events: readonly LogEvent[]): Promise<Detection[]> {
    void events;
    void this.#options;
    void this.#correlator;
    return [];
  }

  /** Wall-clock time passed (silence). */
  tick(now: number): Detection[] {
    void now;
    return [];
  }

  /** After a restart: detections already stored. */
  seed(prior: readonly PriorDetection[]): void {
    void prior;
  }

  /** One event against every detection rule, for `rules test`: which held and why. */
  explain(event: LogEvent): RuleMatch[] {
    void event;
    return [];
  }
}

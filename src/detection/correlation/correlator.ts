// Correlations and anomalies on the stream: Sigma correlations v2 (event_count, value_count,
// temporal, temporal_ordered) over sliding event-time windows per group key, tolerating late and
// out-of-order events within the configured lateness, and logwarden's rate, first_seen and silence
// (docs/detection.md). Deterministic: fed the same stored events (and seeded with the detections
// already stored) it fires the same detections with the same ids.
import type { LogEvent } from '../../schema/event.ts';
import type { Detection } from '../detection.ts';
import type { CorrelationRule, RuleMatch } from '../rule.ts';
import type { DetectionHistory } from './history.ts';

export interface CorrelatorOptions {
  /** Events this much older (event time) than the newest seen still join their windows; older ones are counted late and left out. */
  readonly latenessMs: number;
  /** Sequence numbers kept per detection. */
  readonly maxEvidence: number;
  readonly history: DetectionHistory;
}

/** A detection already stored, so that after a restart the window that fired it stays quiet. */
export interface PriorDetection {
  readonly id: string;
  readonly ruleId: string;
  readonly group: Readonly<Record<string, string>>;
  readonly time: number;
}

export class Correlator {
  readonly #rules: readonly CorrelationRule[];
  readonly #options: CorrelatorOptions;

  constructor(rules: readonly CorrelationRule[], options: CorrelatorOptions) {
    this.#rules = rules;
    this.#options = options;
  }

  /** Before a batch: load the history the anomaly rules need for these events. */
  async prepare(events: readonly LogEvent[]): Promise<void> {
    void events;
  }

  /** One stored event, in sequence order, with the detection rules it matched (maybe none). */
  observe(event: LogEvent, matches: readonly RuleMatch[]): Detection[] {
    void event;
    void matches;
    void this.#rules;
    void this.#options;
    return [];
  }

  /** Time passed (wall clock, epoch ms): silence is found here, not only when an event arrives. */
  tick(now: number): Detection[] {
    void now;
    return [];
  }

  /** After a restart, before the replay of recent stored events. */
  seed(prior: readonly PriorDetection[]): void {
    void prior;
  }
}

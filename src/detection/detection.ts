// A detection: a rule fired. It is stored as an event (`event.kind: alert`) in the ledger like any
// other (detection-event.ts turns it into one), and its id is deterministic — the rule's id and
// revision and what triggered it — so a replay or a restart that sees the same events again
// produces the same id, which the store already holds: nothing fires twice. Pure.
import { createHash } from 'node:crypto';
import type { CountCondition, CorrelationType, Rule, RuleLevel } from './rule.ts';

/** Why a detection fired: what a person reads first (docs/detection.md, "Detections"). */
export type DetectionReason =
  | {
      readonly kind: 'match';
      /** The search identifiers whose predicates held for the event. */
      readonly searches: readonly string[];
      /** The values the event had in the fields the rule's searches read. */
      readonly values: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'correlation';
      readonly type: CorrelationType;
      /** The event-time window the condition held in (epoch ms, inclusive). */
      readonly window: { readonly from: number; readonly to: number };
      /** Events in the window (event_count), distinct values (value_count), or rules seen (temporal). */
      readonly count: number;
      readonly condition: CountCondition;
      /** The ids of the rules whose matches made it. */
      readonly rules: readonly string[];
      /** value_count: the distinct values counted (at most 50). */
      readonly values?: readonly string[];
    }
  | {
      readonly kind: 'anomaly';
      readonly type: 'rate' | 'first_seen' | 'silence';
      /** rate: events in the hour; silence: the gap in ms so far. */
      readonly observed?: number;
      /** rate: the same hour of previous days. */
      readonly baseline?: { readonly median: number; readonly mad: number; readonly days: number };
      /** rate: (observed − median) / (1.4826 × MAD), the robust z-score. */
      readonly deviation?: number;
      /** first_seen: the new value. */
      readonly value?: string;
      /** silence: when the group was last heard from (epoch ms); the usual gap it is compared with. */
      readonly lastSeen?: number;
      readonly usualGapMs?: number;
    };

export interface Detection {
  readonly id: string;
  readonly rule: {
    readonly id: string;
    readonly title: string;
    readonly level: RuleLevel;
    readonly revision: string;
    readonly tags: readonly string[];
    readonly ruleset: string;
  };
  /** When it happened, in event time: the @timestamp of the event that made it fire (silence: when the gap passed its limit). */
  readonly time: number;
  /** Sequence numbers of the events that made it fire, ascending (at most detection.maxEvidence). */
  readonly events: readonly number[];
  /** The systems (logwarden.system) of those events. */
  readonly systems: readonly string[];
  /** The group key: group-by field → value (empty for a plain rule match). */
  readonly group: Readonly<Record<string, string>>;
  readonly why: DetectionReason;
  /** One line for people: the title and what fired it, e.g. `SSH brute force: 5 failed logins from 203.0.113.9 in 60 s`. */
  readonly message: string;
}

/**
 * The deterministic id: 32 hex digits of SHA-256 over the rule id, its revision and the trigger —
 * the triggering event's sequence number, or for silence the group and the last sequence heard.
 */
export function detectionId(rule: Pick<Rule, 'id' | 'revision'>, trigger: string): string {
  return createHash('sha256').update(`${rule.id}\n${rule.revision}\n${trigger}`).digest('hex').slice(0, 32);
}

/** The rule as a detection names it. */
export function detectionRuleRef(rule: Rule): Detection['rule'] {
  return { id: rule.id, title: rule.title, level: rule.level, revision: rule.revision, tags: rule.tags, ruleset: rule.ruleset };
}

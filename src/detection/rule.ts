// The rule model every part of detection shares (issue 12, docs/detection.md): what a Sigma rule
// file becomes once loaded (src/detection/load.ts) and compiled (src/detection/sigma/), and what
// the two execution paths run — the stream matcher (src/detection/engine/) and the SQL path
// (src/detection/hunt.ts). Compiled predicates are the query compiler's typed predicates
// (src/query/predicate.ts), so both paths render one tree, as searches do. Pure types.
import type { Predicate } from '../query/predicate.ts';

export const RULE_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** Sigma's logsource: which kind of log a rule reads (mapped to a route predicate in mapping.ts). */
export interface LogSource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** What every loaded rule carries, detection or correlation. */
export interface RuleMeta {
  /** Sigma `id` (a UUID); a rule without one is skipped. */
  readonly id: string;
  /** Sigma `name`, by which correlations may refer to the rule. */
  readonly name?: string;
  readonly title: string;
  /**
   * The rule's revision: the first 16 hex digits of the SHA-256 of its document's canonical JSON
   * (revision.ts). A detection's id is derived from it, so an edited rule's detections are new.
   */
  readonly revision: string;
  readonly level: RuleLevel;
  readonly status?: string;
  readonly description?: string;
  /** Sigma tags as written, e.g. `attack.t1110.001`, `attack.credential-access`. */
  readonly tags: readonly string[];
  readonly references?: readonly string[];
  readonly author?: string;
  readonly falsepositives?: readonly string[];
  /** Where it came from: `logwarden` for the shipped pack, `imported`, or a configured directory. */
  readonly ruleset: string;
  /** Its file, relative to its ruleset's root. */
  readonly path: string;
}

/** A Sigma condition over search identifiers, with `1 of`/`all of` already expanded to names. */
export type Condition =
  | { readonly op: 'search'; readonly name: string }
  | { readonly op: 'and' | 'or'; readonly children: readonly Condition[] }
  | { readonly op: 'not'; readonly child: Condition }
  | { readonly op: 'const'; readonly value: boolean };

export interface DetectionRule extends RuleMeta {
  readonly kind: 'detection';
  readonly logsource: LogSource;
  /** The events the logsource names (mapping.ts); TRUE when the logsource names none in particular. */
  readonly route: Predicate;
  /** Each search identifier's predicate, filters' exclusions included as searches of their own. */
  readonly searches: Readonly<Record<string, Predicate>>;
  readonly condition: Condition;
  /** route AND the condition with its searches put in: exactly what both paths evaluate. */
  readonly predicate: Predicate;
  /** The ECS fields the searches read, in order: what a detection shows of the matching event. */
  readonly fields: readonly string[];
  /**
   * Whether a match is a detection of its own. False for a rule a correlation uses unless the
   * correlation says `generate: true` (Sigma correlations v2).
   */
  readonly generates: boolean;
}

export type SigmaCorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
/** logwarden's extensions, written as correlations (docs/detection.md, "Anomalies"). */
export type AnomalyType = 'rate' | 'first_seen' | 'silence';
export type CorrelationType = SigmaCorrelationType | AnomalyType;

/** A correlation's condition: a count (or distinct count of `field`) compared with bounds. */
export interface CountCondition {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly eq?: number;
  /** value_count: the ECS field whose distinct values are counted. */
  readonly field?: string;
}

/** Parameters of the anomaly types; each is documented in docs/detection.md. */
export interface AnomalyParams {
  /** first_seen: the ECS field whose new values are reported, e.g. source.ip per user.name. */
  readonly field?: string;
  /** first_seen: values stored this long before are known; nothing is reported during the first learning period. */
  readonly learningMs?: number;
  /** rate: how many previous days' same hour make the baseline. */
  readonly baselineDays?: number;
  /** rate: how many robust deviations (MAD-scaled) above the median count as anomalous. */
  readonly deviations?: number;
  /** rate: hours with fewer events than this never fire (a rise from 1 to 3 is no anomaly). */
  readonly minCount?: number;
  /** silence: the longest quiet period allowed; without it the group's usual gap decides. */
  readonly maxGapMs?: number;
}

export interface CorrelationRule extends RuleMeta {
  readonly kind: 'correlation';
  readonly type: CorrelationType;
  /** The ids of the rules it correlates (detection or correlation rules of the same set: chaining). Empty for silence over all events. */
  readonly rules: readonly string[];
  /** The group-by names (an alias or an ECS field name), in order. */
  readonly groupBy: readonly string[];
  /** For each group-by name, the ECS field to read per referenced rule id (aliases; a plain field is the same for every rule). */
  readonly groupFields: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The sliding window: events whose @timestamp lie within this span of each other. */
  readonly timespanMs: number;
  readonly condition: CountCondition;
  /** Sigma `generate`: the referenced rules also make detections of their own. */
  readonly generate: boolean;
  readonly anomaly?: AnomalyParams;
}

export type Rule = DetectionRule | CorrelationRule;

/** A detection rule that held for an event, and which of its searches did (the matcher's answer). */
export interface RuleMatch {
  readonly rule: DetectionRule;
  readonly searches: readonly string[];
}

/** A rule file (or one document of it) that cannot run here, and why: listed, never silently dropped. */
export interface SkippedRule {
  readonly path: string;
  readonly ruleset: string;
  readonly id?: string;
  readonly title?: string;
  /** Says what was wrong, e.g. `unknown logsource product=windows category=process_creation`, `unmapped field CommandLine`. */
  readonly reason: string;
}

export interface RuleSet {
  readonly rules: readonly Rule[];
  readonly skipped: readonly SkippedRule[];
}

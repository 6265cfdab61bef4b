// What the correlator asks of each correlation rule's state, whatever its type: the Sigma types
// (sigma-runner.ts) and the anomalies (rate.ts, first-seen.ts, silence.ts). Pure types.
import type { LogEvent } from '../../schema/event.ts';
import type { Detection } from '../detection.ts';
import type { CorrelationRule, DetectionRule } from '../rule.ts';
import type { DetectionHistory } from './history.ts';
import type { PriorDetection } from './correlator.ts';

/** Where a piece of evidence lies: its event time, sequence number and system. */
export interface EvidencePoint {
  readonly time: number;
  readonly seq: number;
  readonly system: string;
}

/** A referenced rule that held for the event: a detection rule's match, or a chained correlation's detection. */
export interface RuleInput {
  readonly ruleId: string;
  /** A chained correlation's detection: its group (read before the event's fields) and its triggering event. */
  readonly chained?: { readonly group: Readonly<Record<string, string>>; readonly trigger: EvidencePoint };
}

/** A detection and the evidence point that triggered it (what a chained correlation counts). */
export interface Fired {
  readonly detection: Detection;
  readonly trigger: EvidencePoint;
}

export interface ObserveResult {
  readonly fired: readonly Fired[];
  /** The event was left out of a window for being later than the lateness allows. */
  readonly late: boolean;
}

export interface RuleRunner {
  readonly rule: CorrelationRule;
  /** Before a batch of stored events (anomalies load history here); `now` (wall clock) when there are none. */
  prepare?(events: readonly LogEvent[], now?: number): Promise<void>;
  /** One event with the referenced rules that held for it; `rules: []` runners see every event with no inputs. */
  observe(event: LogEvent, inputs: readonly RuleInput[]): ObserveResult;
  /** The newest event time seen anywhere − lateness: windows that end before it are closed. */
  close?(watermark: number): Fired[];
  /** Wall-clock time passed. */
  tick?(now: number): Fired[];
  seed(prior: PriorDetection): void;
  /** After seeding: a stored detection of a rule this one is chained on, as evidence (not evaluated: it was, before the restart). */
  preload?(input: RuleInput): void;
}

export interface RunnerOptions {
  readonly latenessMs: number;
  readonly maxEvidence: number;
  readonly maxGroups: number;
  readonly history: DetectionHistory;
  /** The detection rules by id: the predicates anomaly rules ask the history about. */
  readonly detectionRules: ReadonlyMap<string, DetectionRule>;
}

/** The event's @timestamp, sequence number and system, as every runner reads them. */
export function evidencePoint(event: LogEvent): EvidencePoint {
  return { time: eventTime(event), seq: eventSeq(event), system: eventSystem(event) };
}

export function eventTime(event: LogEvent): number {
  return Number(event['@timestamp']);
}

export function eventSeq(event: LogEvent): number {
  return Number(event['event.sequence']);
}

export function eventSystem(event: LogEvent): string {
  const system = event['logwarden.system'];
  return typeof system === 'string' ? system : '';
}

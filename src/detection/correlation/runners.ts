// Which state a correlation rule runs with, by its type. Pure.
import type { CorrelationRule } from '../rule.ts';
import type { DetectionHistory } from './history.ts';
import type { RuleRunner, RunnerOptions } from './runner.ts';
import { SigmaRunner } from './sigma-runner.ts';

/** The rule's runner; undefined for a type not built here (left out, never silently mis-evaluated). */
export function createRunner(rule: CorrelationRule, options: RunnerOptions, history: DetectionHistory): RuleRunner | undefined {
  void history;
  switch (rule.type) {
    case 'event_count':
    case 'value_count':
    case 'temporal':
    case 'temporal_ordered':
      return new SigmaRunner(rule, options);
    default:
      return undefined;
  }
}

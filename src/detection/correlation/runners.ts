// Which state a correlation rule runs with, by its type. Pure.
import type { CorrelationRule } from '../rule.ts';
import { FirstSeenRunner } from './first-seen.ts';
import { RateRunner } from './rate.ts';
import { SilenceRunner } from './silence.ts';
import type { RuleRunner, RunnerOptions } from './runner.ts';
import { SigmaRunner } from './sigma-runner.ts';

/** The rule's runner, by its type. */
export function createRunner(rule: CorrelationRule, options: RunnerOptions): RuleRunner {
  switch (rule.type) {
    case 'event_count':
    case 'value_count':
    case 'temporal':
    case 'temporal_ordered':
      return new SigmaRunner(rule, options);
    case 'rate':
      return new RateRunner(rule, options);
    case 'first_seen':
      return new FirstSeenRunner(rule, options);
    case 'silence':
      return new SilenceRunner(rule, options);
  }
}

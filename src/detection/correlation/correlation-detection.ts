// A firing window as a detection (detection.ts): the id from the rule's revision and the triggering
// event's sequence number, so the same stored events fire the same ids after a restart; the time
// is the triggering event's; the evidence the window's sequence numbers. Pure.
import { detectionId, detectionRuleRef, type Detection } from '../detection.ts';
import { describeCondition } from './condition.ts';
import type { Entry } from './entry.ts';
import type { Firing } from './sliding.ts';

/** value_count lists at most this many of the values it counted (detection.ts). */
const MAX_VALUES = 50;

export function correlationDetection(firing: Firing, maxEvidence: number): Detection {
  const { rule, trigger, entries } = firing;
  const window = { from: entries[0]?.time ?? trigger.time, to: entries[entries.length - 1]?.time ?? trigger.time };
  return {
    id: detectionId(rule, String(trigger.seq)),
    rule: detectionRuleRef(rule),
    time: trigger.time,
    events: evidence(entries, maxEvidence),
    systems: [...new Set(entries.map((e) => e.system).filter((system) => system !== ''))].sort(),
    group: firing.group,
    why: {
      kind: 'correlation',
      type: rule.type,
      window,
      count: firing.count,
      condition: rule.condition,
      rules: [...new Set(entries.map((e) => e.rule))].sort(),
      ...(firing.values === undefined ? {} : { values: firing.values.slice(0, MAX_VALUES) }),
    },
    message: `${rule.title}: ${what(firing)}${groupText(firing.group)} in ${seconds(window.to - window.from)}`,
  };
}

/**
 * The distinct sequence numbers, ascending: past maxEvidence the earliest and always the last,
 * the trigger's (every other entry arrived before it), which a restart's seeding reads back.
 */
export function evidence(entries: readonly Entry[], maxEvidence: number): number[] {
  const seqs = [...new Set(entries.map((e) => e.seq))].sort((a, b) => a - b);
  if (seqs.length <= maxEvidence) return seqs;
  return [...seqs.slice(0, Math.max(0, maxEvidence - 1)), seqs[seqs.length - 1]!];
}

function what(firing: Firing): string {
  const { rule, count } = firing;
  const condition = describeCondition(rule.condition);
  switch (rule.type) {
    case 'value_count':
      return `${count} distinct ${rule.condition.field ?? 'values'}${condition === '' ? '' : ` (${condition})`}`;
    case 'temporal':
      return `${count} of ${rule.rules.length} rules`;
    case 'temporal_ordered':
      return `${count} rules in order`;
    default:
      return `${count} events${condition === '' ? '' : ` (${condition})`}`;
  }
}

function groupText(group: Readonly<Record<string, string>>): string {
  const parts = Object.entries(group).map(([name, value]) => `${name}=${value}`);
  return parts.length === 0 ? '' : ` for ${parts.join(', ')}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

// Whether a silence's matcher holds an alert (docs/alerting.md, "Silences"): every condition it
// gives must hold — the rule by id or title, the level, one of the alert's systems, all the tags,
// and every group pair equal; a silence made by someone limited to some systems holds only alerts
// all of whose systems are among them. Pure.
import type { AlertState } from './alert-state.ts';
import type { SilenceMatcher } from './silence-state.ts';

export type SilenceTarget = Pick<AlertState, 'rule' | 'systems' | 'group'>;

export function silenceMatches(matcher: SilenceMatcher, alert: SilenceTarget): boolean {
  if (matcher.within !== undefined && !alert.systems.every((system) => matcher.within?.includes(system))) return false;
  if (matcher.rule !== undefined && matcher.rule !== alert.rule.id && matcher.rule !== alert.rule.title) return false;
  if (matcher.level !== undefined && matcher.level !== alert.rule.level) return false;
  if (matcher.system !== undefined && !alert.systems.includes(matcher.system)) return false;
  if (matcher.tags !== undefined && !matcher.tags.every((tag) => alert.rule.tags.includes(tag))) return false;
  if (matcher.group !== undefined && !Object.entries(matcher.group).every(([field, value]) => Object.hasOwn(alert.group, field) && alert.group[field] === value)) return false;
  return true;
}

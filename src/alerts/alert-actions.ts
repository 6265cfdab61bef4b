// A person's change to a stored alert (the API's and the CLI's acknowledge, resolve, close,
// reopen, assign, comment): the input checked, the lifecycle's rules applied to the current
// state (alert-lifecycle.ts), and the one rule that needs the other alerts: one active alert per
// rule and group.
import { LogwardenError } from '../errors/codes.ts';
import { MAX_ASSIGNEE_CHARS, applyAction } from './alert-lifecycle.ts';
import type { StoredAlert } from './alert-state.ts';
import type { AlertStore } from './alert-store.ts';
import type { AlertAction } from './service.ts';

/** Apply `action` by `by` at `now` (LW_ALERT_UNKNOWN for an unknown id, LW_ALERT_STATE for a refused move, LW_BAD_REQUEST for bad input). */
export async function actOn(alerts: AlertStore, id: string, action: AlertAction, by: string, now: number): Promise<StoredAlert> {
  const checked = checkedAction(action);
  return alerts.change(id, by, (current) => {
    if (checked.kind === 'reopen') refuseSecondActive(alerts, current);
    return applyAction(current, checked, by, now);
  });
}

/** The action with its assignee trimmed (empty: unassign); LW_BAD_REQUEST for one too long. */
function checkedAction(action: AlertAction): AlertAction {
  if (action.kind !== 'assign' || action.assignee === undefined) return action;
  const assignee = action.assignee.trim();
  if (assignee.length > MAX_ASSIGNEE_CHARS) throw new LogwardenError('LW_BAD_REQUEST', `an assignee is at most ${MAX_ASSIGNEE_CHARS} characters`);
  return { ...action, assignee: assignee === '' ? undefined : assignee };
}

/**
 * One active alert per rule and group: once an alert was resolved, the next detection opened
 * another, and reopening the old one would make two. Refused: comment on the active one instead.
 */
function refuseSecondActive(alerts: AlertStore, current: StoredAlert): void {
  const active = alerts.activeFor(current.state.rule.id, current.state.group);
  if (active && active.id !== current.id) {
    throw new LogwardenError('LW_ALERT_STATE', `alert ${current.id} cannot be reopened: alert ${active.id} is active for the same rule and group; work on that one`, {
      id: current.id,
      active: active.id,
    });
  }
}

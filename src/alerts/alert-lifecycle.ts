// The lifecycle of an alert as pure functions (docs/alerting.md, "Lifecycle"): the new state after
// a person's change, or LW_ALERT_STATE when the change cannot be made from the current one.
// SCAFFOLD: filled in by the alert-core work.
import { LogwardenError } from '../errors/codes.ts';
import type { AlertState, StoredAlert } from './alert-state.ts';
import type { AlertAction } from './service.ts';

export function applyAction(current: StoredAlert, action: AlertAction, by: string, now: number): AlertState {
  void by;
  void now;
  throw new LogwardenError('LW_ALERT_STATE', `alert ${current.id}: ${action.kind} is not built yet`);
}

// The lifecycle of an alert as pure functions (docs/alerting.md, "Lifecycle"): the new state after
// a person's change, undefined when the change is already made (a retried request changes
// nothing), or LW_ALERT_STATE when the change cannot be made from the current state.
//
//   open → acknowledged → resolved;  open | acknowledged → resolved;
//   open | acknowledged | resolved → closed (with a disposition);  resolved | closed → open (reopen);
//   assign, unassign and comment in any state.
//
// A reopened alert is open again as if never handled: its disposition and its acknowledged,
// resolved and closed times are cleared (its history keeps them), so the review report measures
// the handling that finally ended it. Its openedAt stays: it is still the same alert.
import { LogwardenError } from '../errors/codes.ts';
import { DISPOSITIONS, MAX_COMMENT_CHARS, MAX_COMMENTS, type AlertChange, type AlertState, type StoredAlert } from './alert-state.ts';
import type { AlertAction } from './service.ts';

export { addDetections, type AlertDetection } from './alert-grouping.ts';

/** The longest assignee name (the alert schema's limit). */
export const MAX_ASSIGNEE_CHARS = 200;

/**
 * The alert after `action` by `by` at `now`; undefined when the alert is already as asked (an
 * acknowledgement of an acknowledged alert, a resolve of a resolved one, an assignment to the
 * assignee it has). Throws LW_ALERT_STATE for a move the lifecycle does not allow.
 */
export function applyAction(current: StoredAlert, action: AlertAction, by: string, now: number): AlertState | undefined {
  const alert = current.state;
  switch (action.kind) {
    case 'acknowledge':
      if (alert.state === 'acknowledged') return undefined;
      if (alert.state !== 'open') throw refused(current, action.kind, `it is ${alert.state}; reopen it first`);
      return changed(alert, 'acknowledge', action.comment, by, now, { state: 'acknowledged', acknowledgedAt: now });
    case 'resolve':
      if (alert.state === 'resolved') return undefined;
      if (alert.state === 'closed') throw refused(current, action.kind, 'it is closed; reopen it first');
      return changed(alert, 'resolve', action.comment, by, now, { state: 'resolved', resolvedAt: now });
    case 'close':
      return close(current, action, by, now);
    case 'reopen':
      if (alert.state === 'open' || alert.state === 'acknowledged') throw refused(current, action.kind, `it is ${alert.state}, not resolved or closed`);
      return reopened(changed(alert, 'reopen', action.comment, by, now, { state: 'open' }));
    case 'assign':
      return assign(current, action.assignee, action.comment, by, now);
    case 'comment':
      return changed(alert, 'comment', required(current, action.text), by, now, {});
  }
}

function close(current: StoredAlert, action: Extract<AlertAction, { kind: 'close' }>, by: string, now: number): AlertState | undefined {
  const alert = current.state;
  // The type says a disposition is there; the check is for callers that build actions from input.
  if (!(DISPOSITIONS as readonly string[]).includes(action.disposition)) {
    throw refused(current, 'close', `a disposition is required: one of ${DISPOSITIONS.join(', ')}`);
  }
  if (alert.state === 'closed') {
    if (alert.disposition === action.disposition) return undefined;
    throw refused(current, 'close', `it is closed already as ${alert.disposition ?? 'unknown'}; reopen it to close it as ${action.disposition}`);
  }
  return changed(alert, 'close', action.comment, by, now, { state: 'closed', disposition: action.disposition, closedAt: now });
}

function assign(current: StoredAlert, who: string | undefined, comment: string | undefined, by: string, now: number): AlertState | undefined {
  const assignee = who?.trim() ?? '';
  if (assignee.length > MAX_ASSIGNEE_CHARS) throw new LogwardenError('LW_BAD_REQUEST', `an assignee is at most ${MAX_ASSIGNEE_CHARS} characters`);
  if (assignee === '') {
    if (current.state.assignee === undefined) return undefined;
    const { assignee: _dropped, ...rest } = changed(current.state, 'unassign', comment, by, now, {});
    void _dropped;
    return rest;
  }
  if (current.state.assignee === assignee) return undefined;
  return changed(current.state, 'assign', comment ?? `assigned to ${assignee}`, by, now, { assignee }, comment !== undefined);
}

/** The reopened state without what the earlier handling set. */
function reopened(state: AlertState): AlertState {
  const { disposition, acknowledgedAt, resolvedAt, closedAt, ...rest } = state;
  void [disposition, acknowledgedAt, resolvedAt, closedAt];
  return rest;
}

/**
 * `alert` with `fields` changed, the change recorded as `kind` with `why`, and `why` appended to
 * the comments when a person gave it (`asComment`), with who and when.
 */
function changed(alert: AlertState, kind: AlertChange, why: string | undefined, by: string, now: number, fields: Partial<AlertState>, asComment = true): AlertState {
  const text = why?.trim();
  if (text !== undefined && text.length > MAX_COMMENT_CHARS) {
    throw new LogwardenError('LW_BAD_REQUEST', `a comment is at most ${MAX_COMMENT_CHARS} characters`);
  }
  const comment = asComment && text !== undefined && text !== '';
  if (comment && alert.comments.length >= MAX_COMMENTS) {
    throw new LogwardenError('LW_ALERT_STATE', `the alert has ${MAX_COMMENTS} comments, the most it keeps`);
  }
  return {
    ...alert,
    ...fields,
    comments: comment ? [...alert.comments, { by, at: now, text }] : alert.comments,
    change: text === undefined || text === '' ? { kind } : { kind, why: text },
  };
}

function required(current: StoredAlert, text: string): string {
  if (text.trim() === '') throw new LogwardenError('LW_BAD_REQUEST', `a comment on alert ${current.id} needs some text`);
  return text;
}

function refused(current: StoredAlert, kind: AlertAction['kind'], why: string): LogwardenError {
  return new LogwardenError('LW_ALERT_STATE', `alert ${current.id} cannot ${VERB[kind]}: ${why}`, { id: current.id, state: current.state.state, action: kind });
}

const VERB: Readonly<Record<AlertAction['kind'], string>> = {
  acknowledge: 'be acknowledged',
  resolve: 'be resolved',
  close: 'be closed',
  reopen: 'be reopened',
  assign: 'be assigned',
  comment: 'take a comment',
};

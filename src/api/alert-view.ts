// What a caller sees of alerts (R-ACCESS-1, need to know): an alert is the caller's only when ALL
// its systems are in the caller's scope, as a detection is (src/detection/detection-store.ts);
// any other answers LW_ALERT_UNKNOWN as if it were absent. A masked caller's alerts go through
// maskAlert, its detections through maskDetection. And the stored records as the API answers them.
import type { Masker } from '../access/masking.ts';
import type { AlertContract, NotificationContract, SilenceContract } from '../contracts/alerts.ts';
import type { DetectionContract } from '../contracts/detections.ts';
import type { StoredDetection } from '../detection/detection-event.ts';
import type { StoredTransition } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Scope } from '../query/scope.ts';
import { alertAnswer, maskAlert } from '../alerts/alert-answer.ts';
import type { AlertState, StoredAlert } from '../alerts/alert-state.ts';
import type { AlertService } from '../alerts/service.ts';
import { silenceInForce, type StoredSilence } from '../alerts/silence-state.ts';
import type { StoredNotification } from '../notify/notification-state.ts';
import { detectionAnswer } from './detection-routes.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Whether every system of the alert is one the caller may read. */
export function alertVisible(scope: Scope, alert: Pick<AlertState, 'systems'>): boolean {
  return scope.kind === 'all' || alert.systems.every((system) => scope.systems.includes(system));
}

/** The alert if it exists and is the caller's; LW_ALERT_UNKNOWN otherwise (the same answer for both). */
export async function visibleAlert(alerting: AlertService, scope: Scope, id: string): Promise<StoredAlert> {
  const alert = await alerting.alerts.get(id);
  if (!alert || !alertVisible(scope, alert.state)) throw new LogwardenError('LW_ALERT_UNKNOWN', `no alert ${JSON.stringify(id)}`);
  return alert;
}

/** The alert as this caller sees it: silences in force now, masked for a masked caller. */
export function alertView(alerting: AlertService, masker: Masker | undefined, alert: StoredAlert, now: number): AlertContract {
  const answer = alertAnswer(
    alert,
    alerting.silences.matching(alert.state, now).map((silence) => silence.id),
  );
  return masker ? maskAlert(masker, answer).alert : answer;
}

export function detectionView(masker: Masker | undefined, detection: StoredDetection): DetectionContract {
  const answer = detectionAnswer(detection);
  return masker ? masker.maskDetection(answer) : answer;
}

/** One transition of an alert's history: who, when, which change and why, and the state it left. */
export function transitionView(transition: StoredTransition<AlertState>, masked: boolean) {
  const why = transition.state.change.why;
  return {
    n: transition.n,
    at: iso(transition.at),
    by: transition.by,
    change: transition.state.change.kind,
    // A comment is free text people wrote: a masked caller sees none (as maskAlert leaves comments out).
    ...(why !== undefined && !masked ? { why } : {}),
    state: transition.state.state,
  };
}

export function notificationView(notification: StoredNotification): NotificationContract {
  const s = notification.state;
  return {
    id: notification.id,
    ...(s.alert !== undefined ? { alert: s.alert } : {}),
    route: s.route,
    channel: s.channel,
    channelType: s.channelType,
    kind: s.kind,
    ...(s.level !== undefined ? { level: s.level } : {}),
    dueAt: iso(s.dueAt),
    status: s.status,
    attempts: s.attempts.map((attempt) => ({ at: iso(attempt.at), outcome: attempt.outcome, ms: attempt.ms, ...(attempt.error !== undefined ? { error: attempt.error } : {}) })),
    ...(s.nextAttemptAt !== undefined ? { nextAttemptAt: iso(s.nextAttemptAt) } : {}),
  };
}

/**
 * Whether a caller sees a silence: one limited to some systems sees those made within them, and
 * those naming no system outside them (a silence's matcher can name another system's values).
 */
export function silenceVisible(scope: Scope, silence: Pick<StoredSilence, 'state'>): boolean {
  if (scope.kind === 'all') return true;
  const { within, system } = silence.state.matcher;
  if (within !== undefined) return within.every((one) => scope.systems.includes(one));
  return system !== undefined && scope.systems.includes(system);
}

/** A silence as a masked caller sees it: its group values and its reason (free text) masked like a detection's. */
export function maskSilence(masker: Masker | undefined, silence: SilenceContract): SilenceContract {
  if (!masker) return silence;
  const masked = masker.maskDetection({ group: silence.matcher.group ?? {}, why: { kind: 'match', values: {} }, message: silence.reason });
  const { ended, ...rest } = silence;
  const endedView = ended ? { ended: { at: ended.at, by: ended.by } } : {};
  return { ...rest, ...endedView, matcher: { ...silence.matcher, ...(silence.matcher.group ? { group: masked.group } : {}) }, reason: masked.message };
}

export function silenceView(silence: StoredSilence, now: number): SilenceContract {
  const s = silence.state;
  const m = s.matcher;
  return {
    id: silence.id,
    matcher: {
      ...(m.rule !== undefined ? { rule: m.rule } : {}),
      ...(m.level !== undefined ? { level: m.level } : {}),
      ...(m.system !== undefined ? { system: m.system } : {}),
      ...(m.tags !== undefined ? { tags: [...m.tags] } : {}),
      ...(m.group !== undefined ? { group: { ...m.group } } : {}),
      ...(m.within !== undefined ? { within: [...m.within] } : {}),
    },
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    reason: s.reason,
    author: s.author,
    ...(s.ended ? { ended: { at: iso(s.ended.at), by: s.ended.by, ...(s.ended.why !== undefined ? { why: s.ended.why } : {}) } } : {}),
    active: silenceInForce(s, now),
  };
}

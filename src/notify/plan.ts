// When an alert's notices are due, per route (docs/alerting.md, "Notifications", "Escalation").
// Given the alert, the routes that take it, where each route stands (state.routes), the silences
// in force and `now`, it says what to send now and when to look again. Pure: the scheduler keeps
// the one timer, stores the new progress (before delivering, so a restart never sends twice) and
// delivers.
//
// Per route:
// - initial: once, at openedAt + groupWait, to the route's channels and the policy's level 1;
// - update: detections arrived since the last notice (detectionCount > notifiedCount), at the
//   earliest notifiedAt + groupInterval;
// - repeat: still open (not acknowledged), notifiedAt + repeatInterval after the last notice;
// - escalation: with a policy, level k+1 fires levels[k-1].delay after level k while the alert is
//   still open; acknowledging stops repeats and escalation (updates about new detections go on);
// - resolved / closed / reopened: once per change of state, to the channels already told (a route
//   that never notified stays quiet: nobody needs to hear that an alert they never saw is over).
// A silence in force holds everything due (nothing is sent, the alert is marked); what is due goes
// out when the silence ends.
import { isActive, type AlertState, type RouteProgress } from '../alerts/alert-state.ts';
import type { NotificationKind } from './notification-state.ts';
import type { AlertRoute } from './routing.ts';

/** One notice to send now: to one channel, for one route. */
export interface DueNotice {
  readonly route: string;
  readonly channel: string;
  readonly kind: NotificationKind;
  /** The escalation level it belongs to (with a policy). */
  readonly level?: number;
}

/** A silence in force that matches the alert: its id and when it stops holding. */
export interface HoldingSilence {
  readonly id: string;
  readonly until: number;
}

export interface PlanInput {
  readonly alert: AlertState;
  readonly routes: readonly AlertRoute[];
  readonly silences: readonly HoldingSilence[];
  readonly now: number;
}

export interface Plan {
  /** What to send now (empty while a silence holds it). */
  readonly notices: DueNotice[];
  /** What a silence held back now (for the record and the metric). */
  readonly held: DueNotice[];
  /** Each route's progress once `notices` are sent (unchanged while held). */
  readonly routes: Record<string, RouteProgress>;
  /** Silences that held something and are not yet in state.suppressedBy. */
  readonly newSuppressions: string[];
  /** The earliest time something becomes due (undefined: nothing will without a change). */
  readonly next?: number;
}

interface RoutePlan {
  readonly notices: DueNotice[];
  readonly progress?: RouteProgress;
  readonly next?: number;
}

const FRESH: RouteProgress = { notifiedCount: 0, notifications: 0 };

export function planNotices(input: PlanInput): Plan {
  const { alert, now } = input;
  const planned = input.routes.map((route) => ({ route, plan: planRoute(alert, route, alert.routes[route.name], now) }));
  const due = planned.flatMap(({ plan }) => plan.notices);
  if (due.length > 0 && input.silences.length > 0) {
    const newSuppressions = input.silences.map((silence) => silence.id).filter((id) => !alert.suppressedBy.includes(id));
    return { notices: [], held: due, routes: { ...alert.routes }, newSuppressions, next: Math.min(...input.silences.map((silence) => silence.until)) };
  }
  const routes: Record<string, RouteProgress> = { ...alert.routes };
  for (const { route, plan } of planned) if (plan.progress) routes[route.name] = plan.progress;
  const next = earliest(planned.map(({ plan }) => plan.next));
  return { notices: due, held: [], routes, newSuppressions: [], ...(next === undefined ? {} : { next }) };
}

/** The alert's state after a plan: progress advanced (change notify or escalate) or silences recorded (suppress); undefined when nothing changed. */
export function stateAfter(alert: AlertState, plan: Plan): AlertState | undefined {
  if (plan.held.length > 0) {
    if (plan.newSuppressions.length === 0) return undefined;
    const suppressedBy = [...alert.suppressedBy, ...plan.newSuppressions].slice(-100);
    return { ...alert, suppressedBy, change: { kind: 'suppress', why: `held by silence ${plan.newSuppressions.join(', ')}: ${describe(plan.held)}`.slice(0, 4000) } };
  }
  if (plan.notices.length === 0) return undefined;
  const kind = plan.notices.some((notice) => notice.kind === 'escalation') ? 'escalate' : 'notify';
  return { ...alert, routes: plan.routes, change: { kind, why: describe(plan.notices).slice(0, 4000) } };
}

function planRoute(alert: AlertState, route: AlertRoute, stored: RouteProgress | undefined, now: number): RoutePlan {
  const progress = stored ?? FRESH;
  if (!isActive(alert)) return planEnd(alert, route, progress, now);
  if (progress.notifiedAt === undefined) return planInitial(alert, route, progress, now);
  if (progress.toldState === 'resolved' || progress.toldState === 'closed') {
    const reopened = {
      ...progress,
      notifiedAt: now,
      notifiedCount: alert.detectionCount,
      notifications: progress.notifications + 1,
      toldState: alert.state,
      ...(route.policy ? { levelAt: now } : {}),
    };
    return { notices: toTold(route, progress, 'reopened'), progress: reopened, next: nextDue(alert, route, reopened) };
  }
  return planActive(alert, route, progress, now);
}

function planInitial(alert: AlertState, route: AlertRoute, progress: RouteProgress, now: number): RoutePlan {
  const due = alert.openedAt + route.timing.groupWait;
  if (now < due) return { notices: [], next: due };
  const level = route.policy ? { level: 1, levelAt: now } : {};
  const next: RouteProgress = { ...progress, notifiedAt: now, notifiedCount: alert.detectionCount, notifications: progress.notifications + 1, toldState: alert.state, ...level };
  return { notices: toTold(route, next, 'initial'), progress: next, next: nextDue(alert, route, next) };
}

function planActive(alert: AlertState, route: AlertRoute, progress: RouteProgress, now: number): RoutePlan {
  const notices: DueNotice[] = [];
  let next = progress;
  const updateAt = updateDue(alert, route, progress);
  const repeatAt = repeatDue(alert, route, progress);
  if ((updateAt ?? Infinity) <= now || (repeatAt ?? Infinity) <= now) {
    const kind = (updateAt ?? Infinity) <= now ? 'update' : 'repeat';
    notices.push(...toTold(route, progress, kind));
    next = { ...next, notifiedAt: now, notifiedCount: alert.detectionCount, notifications: next.notifications + 1, toldState: alert.state };
  }
  const escalation = escalationDue(alert, route, progress);
  if (escalation && escalation.at <= now) {
    const level = escalation.level;
    for (const channel of escalation.channels) notices.push({ route: route.name, channel, kind: 'escalation', level });
    next = { ...next, level, levelAt: now, notifications: next.notifications + (notices.length > 0 ? 1 : 0) };
  }
  if (notices.length === 0) return { notices, next: nextDue(alert, route, progress) };
  return { notices, progress: next, next: nextDue(alert, route, next) };
}

function planEnd(alert: AlertState, route: AlertRoute, progress: RouteProgress, now: number): RoutePlan {
  if (progress.notifiedAt === undefined || progress.toldState === alert.state) return { notices: [] };
  const kind = alert.state === 'closed' ? 'closed' : 'resolved';
  return { notices: toTold(route, progress, kind), progress: { ...progress, notifiedAt: now, notifications: progress.notifications + 1, toldState: alert.state } };
}

function updateDue(alert: AlertState, route: AlertRoute, progress: RouteProgress): number | undefined {
  return alert.detectionCount > progress.notifiedCount ? (progress.notifiedAt ?? 0) + route.timing.groupInterval : undefined;
}

function repeatDue(alert: AlertState, route: AlertRoute, progress: RouteProgress): number | undefined {
  return alert.state === 'open' ? (progress.notifiedAt ?? 0) + route.timing.repeatInterval : undefined;
}

/** The next level of the route's policy and when it fires, while the alert is open and a level is left. */
function escalationDue(alert: AlertState, route: AlertRoute, progress: RouteProgress): { level: number; at: number; channels: readonly string[] } | undefined {
  const levels = route.policy?.levels;
  if (!levels || alert.state !== 'open') return undefined;
  const reached = progress.level ?? 1;
  const from = levels[reached - 1];
  const to = levels[reached];
  if (!from || !to) return undefined;
  return { level: reached + 1, at: (progress.levelAt ?? progress.notifiedAt ?? 0) + from.delay, channels: to.channels };
}

function nextDue(alert: AlertState, route: AlertRoute, progress: RouteProgress): number | undefined {
  return earliest([updateDue(alert, route, progress), repeatDue(alert, route, progress), escalationDue(alert, route, progress)?.at]);
}

/** The channels the route has told so far: its own and those of the policy levels reached, each once. */
export function toldChannels(route: AlertRoute, progress: Pick<RouteProgress, 'level'>): string[] {
  const reached = route.policy ? route.policy.levels.slice(0, progress.level ?? 1) : [];
  return [...new Set([...route.channels, ...reached.flatMap((level) => level.channels)])];
}

function toTold(route: AlertRoute, progress: RouteProgress, kind: NotificationKind): DueNotice[] {
  const level = route.policy ? { level: progress.level ?? 1 } : {};
  return toldChannels(route, progress).map((channel) => ({ route: route.name, channel, kind, ...level }));
}

function earliest(times: readonly (number | undefined)[]): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

function describe(notices: readonly DueNotice[]): string {
  const byRoute = new Map<string, string[]>();
  for (const notice of notices) byRoute.set(notice.route, [...(byRoute.get(notice.route) ?? []), `${notice.kind}${notice.kind === 'escalation' ? ` ${notice.level}` : ''} → ${notice.channel}`]);
  return [...byRoute].map(([route, parts]) => `${route}: ${parts.join(', ')}`).join('; ');
}

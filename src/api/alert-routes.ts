// The alerting API (docs/api.md "Alerts", docs/alerting.md): alerts and the changes people make to
// them, silences, notification records, test notices and the review report. Reads need
// alerts.read, changes alerts.act, a test notice config.manage; every alert is the caller's only
// when all its systems are (like detections), and a masked caller's alerts are masked. This file:
// the alert reads; the others are registered from here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { scopeOf } from '../access/scope.ts';
import { alertDetectionsParams, alertId, alertsParams, type AlertDetailResponse, type AlertsParams, type AlertsResponse } from '../contracts/alerts.ts';
import { z } from 'zod';
import { alertDetections } from '../alerts/alert-detections.ts';
import type { StoredAlert } from '../alerts/alert-state.ts';
import type { AlertService } from '../alerts/service.ts';
import type { DetectionService } from '../detection/service.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import { registerAlertActionRoutes } from './alert-action-routes.ts';
import { registerAlertReportRoute } from './alert-report-routes.ts';
import { alertView, alertVisible, detectionView, notificationView, transitionView, visibleAlert } from './alert-view.ts';
import { registerNotificationRoutes } from './notification-routes.ts';
import { parseParams } from './params.ts';
import { registerSilenceRoutes } from './silence-routes.ts';
import { parseTimeBound } from './time-params.ts';

export interface AlertRouteDeps {
  readonly alerting: AlertService;
  /** Detections of an alert and the report's counts are read on the store's search slots. */
  readonly store: Pick<EventStore, 'read'>;
  readonly clock: Clock;
  readonly access: Pick<AccessServices, 'masking'>;
  /** The loaded rules, for the report's rules that never fired; absent when detection is off. */
  readonly detection?: DetectionService;
}

/** The detections shown with an alert's detail; the rest are paged by GET …/detections. */
const DETAIL_DETECTIONS = 100;
/** The notifications shown with an alert's detail, newest first. */
const DETAIL_NOTIFICATIONS = 200;

const idParams = z.object({ id: alertId });

export function registerAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  // Static routes first in the reader's mind: Fastify prefers /alerts/report over /alerts/:id anyway.
  registerAlertReportRoute(app, deps);
  app.get('/api/v1/alerts', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request): Promise<AlertsResponse> => {
    const params = parseParams(alertsParams, request.query);
    const now = deps.clock.now();
    const matches = alertFilter(params, now);
    const scope = scopeOf(request.principal);
    const found = (await deps.alerting.alerts.all())
      .filter((alert) => alertVisible(scope, alert.state) && matches(alert))
      .sort((a, b) => b.state.lastSeen - a.state.lastSeen || b.state.openedAt - a.state.openedAt || a.id.localeCompare(b.id))
      .slice(0, params.limit);
    const masker = deps.access.masking.forPrincipal(request.principal);
    request.auditDetails = { results: found.length };
    return { alerts: found.map((alert) => alertView(deps.alerting, masker, alert, now)) };
  });
  app.get('/api/v1/alerts/:id', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request): Promise<AlertDetailResponse> => {
    const { id } = parseIdParam(request);
    request.auditDetails = { target: id };
    const scope = scopeOf(request.principal);
    const alert = await visibleAlert(deps.alerting, scope, id);
    const masker = deps.access.masking.forPrincipal(request.principal);
    const [page, history, notifications] = await Promise.all([
      alertDetections((sql, values) => deps.store.read(sql, values), alert.state, { scope, limit: DETAIL_DETECTIONS }),
      deps.alerting.alerts.history(id),
      deps.alerting.notifications.list({ alert: id, limit: DETAIL_NOTIFICATIONS }),
    ]);
    return {
      alert: alertView(deps.alerting, masker, alert, deps.clock.now()),
      detections: page.detections.map((detection) => detectionView(masker, detection)),
      history: history.map((transition) => transitionView(transition, masker !== undefined)),
      notifications: notifications.map(notificationView),
    };
  });
  app.get('/api/v1/alerts/:id/detections', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request) => {
    const { id } = parseIdParam(request);
    const params = parseParams(alertDetectionsParams, request.query);
    const scope = scopeOf(request.principal);
    const alert = await visibleAlert(deps.alerting, scope, id);
    const masker = deps.access.masking.forPrincipal(request.principal);
    const page = await alertDetections((sql, values) => deps.store.read(sql, values), alert.state, { scope, limit: params.limit, ...(params.after !== undefined ? { after: params.after } : {}) });
    request.auditDetails = { target: id, results: page.detections.length };
    return { detections: page.detections.map((detection) => detectionView(masker, detection)), ...(page.next !== undefined ? { next: page.next } : {}) };
  });
  registerAlertActionRoutes(app, deps);
  registerSilenceRoutes(app, deps);
  registerNotificationRoutes(app, deps);
}

/** The `:id` of an alert route; a malformed one is an alert that does not exist. */
export function parseIdParam(request: FastifyRequest): { id: string } {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new LogwardenError('LW_ALERT_UNKNOWN', `no alert ${JSON.stringify((request.params as { id?: unknown }).id)}`);
  return parsed.data;
}

/** The list's filters as one predicate: state, rule (id or title), level, system, assignee, last seen. */
export function alertFilter(params: AlertsParams, now: number): (alert: StoredAlert) => boolean {
  const from = parseTimeBound('from', params.from, now);
  const to = parseTimeBound('to', params.to, now);
  if (from !== undefined && to !== undefined && from >= to) throw new LogwardenError('LW_BAD_REQUEST', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
  return ({ state: s }) =>
    (params.state === undefined || params.state.includes(s.state)) &&
    (params.rule === undefined || s.rule.id === params.rule || s.rule.title === params.rule) &&
    (params.level === undefined || s.rule.level === params.level) &&
    (params.system === undefined || s.systems.includes(params.system)) &&
    (params.assignee === undefined || (params.assignee === 'none' ? s.assignee === undefined : s.assignee === params.assignee)) &&
    (from === undefined || s.lastSeen >= from) &&
    (to === undefined || s.lastSeen < to);
}

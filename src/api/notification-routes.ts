// `GET /api/v1/notifications` and `POST /api/v1/notifications/test` (docs/api.md "Alerts"): the
// record of every notification and its attempts, and a test notice sent through one channel now.
// The notifications of alerts outside the caller's systems are left out, as those alerts are.
import type { FastifyInstance } from 'fastify';
import { scopeOf } from '../access/scope.ts';
import { notificationsParams, notificationTestBody, type NotificationContract } from '../contracts/alerts.ts';
import { jsonRequestBody } from '../contracts/parse.ts';
import type { StoredNotification } from '../notify/notification-state.ts';
import type { AlertRouteDeps } from './alert-routes.ts';
import { alertVisible, notificationView } from './alert-view.ts';
import { parseParams } from './params.ts';

/** For a scoped caller, how many records are read to fill a page once others' are left out. */
const SCOPED_READ = 10_000;

export function registerNotificationRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  app.get('/api/v1/notifications', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request): Promise<{ notifications: NotificationContract[] }> => {
    const params = parseParams(notificationsParams, request.query);
    const scope = scopeOf(request.principal);
    const filter = { ...(params.status ? { status: params.status } : {}), ...(params.alert ? { alert: params.alert } : {}), ...(params.channel ? { channel: params.channel } : {}) };
    const listed = await deps.alerting.notifications.list({ ...filter, limit: scope.kind === 'all' ? params.limit : SCOPED_READ });
    const shown = scope.kind === 'all' ? listed : await visibleOnly(deps, scope, listed);
    request.auditDetails = { results: Math.min(shown.length, params.limit) };
    return { notifications: shown.slice(0, params.limit).map(notificationView) };
  });
  app.post(
    '/api/v1/notifications/test',
    { config: { permission: 'config.manage', audit: 'notification-test' }, preValidation: async (request) => void (request.auditDetails = { change: 'test' }) },
    async (request) => {
      const { channel } = parseParams(notificationTestBody, jsonRequestBody(request.body, 'a JSON object with channel') ?? {});
      request.auditDetails = { target: channel, change: 'test' };
      const sent = await deps.alerting.test(channel, (request.principal as { name: string }).name);
      return { notification: notificationView(sent) };
    },
  );
}

/** The records of test notices and of the caller's alerts (each alert looked up once). */
async function visibleOnly(deps: AlertRouteDeps, scope: ReturnType<typeof scopeOf>, listed: readonly StoredNotification[]): Promise<StoredNotification[]> {
  const seen = new Map<string, boolean>();
  const shown: StoredNotification[] = [];
  for (const notification of listed) {
    const alertId = notification.state.alert;
    if (alertId !== undefined && !seen.has(alertId)) {
      const alert = await deps.alerting.alerts.get(alertId);
      seen.set(alertId, alert !== undefined && alertVisible(scope, alert.state));
    }
    if (alertId === undefined || seen.get(alertId) === true) shown.push(notification);
  }
  return shown;
}

// Which routes take an alert, and the notification times in force for it on each (docs/alerting.md,
// "Notifications"). Every route whose match holds takes the alert (not only the first, unlike
// Alertmanager's tree: a route is a list of people to tell, and two teams may both need to know).
// Times: a rule's own (alerts.rules, by id or title) win over the route's, which win over the
// `alerts` defaults, field by field. Pure.
import type { AlertsConfig, NotificationTiming } from '../alerts/alerts-schema.ts';
import type { AlertState } from '../alerts/alert-state.ts';
import { routeName, type NotificationsConfig, type PolicyConfig, type RouteConfig } from './notifications-schema.ts';

/** A route that takes an alert, with its name, the times in force and its escalation policy. */
export interface AlertRoute {
  readonly name: string;
  readonly channels: readonly string[];
  readonly timing: NotificationTiming;
  readonly policy?: PolicyConfig;
}

type RoutedAlert = Pick<AlertState, 'rule' | 'systems'>;

/** Whether a route's match holds: level in its list, every tag on the rule, any of its systems among the alert's. No match: every alert. */
export function routeMatches(route: Pick<RouteConfig, 'match'>, alert: RoutedAlert): boolean {
  const match = route.match;
  if (match === undefined) return true;
  if (match.level !== undefined && !match.level.includes(alert.rule.level)) return false;
  if (match.tags !== undefined && !match.tags.every((tag) => alert.rule.tags.includes(tag))) return false;
  if (match.system !== undefined && !match.system.some((system) => alert.systems.includes(system))) return false;
  return true;
}

/** The times for an alert on a route: rule override (by id, else title) > route > alerts defaults, per field. */
export function timingFor(alert: Pick<AlertState, 'rule'>, route: Pick<RouteConfig, 'groupWait' | 'groupInterval' | 'repeatInterval'>, alerts: AlertsConfig): NotificationTiming {
  const rule = alerts.rules.find((entry) => entry.rule === alert.rule.id) ?? alerts.rules.find((entry) => entry.rule === alert.rule.title);
  return {
    groupWait: rule?.groupWait ?? route.groupWait ?? alerts.groupWait,
    groupInterval: rule?.groupInterval ?? route.groupInterval ?? alerts.groupInterval,
    repeatInterval: rule?.repeatInterval ?? route.repeatInterval ?? alerts.repeatInterval,
  };
}

/** Every route that takes the alert, in configuration order. */
export function routesFor(alert: RoutedAlert, notifications: Pick<NotificationsConfig, 'routes' | 'policies'>, alerts: AlertsConfig): AlertRoute[] {
  return notifications.routes.flatMap((route, index) => {
    if (!routeMatches(route, alert)) return [];
    const policy = route.policy === undefined ? undefined : notifications.policies.find((entry) => entry.name === route.policy);
    return [{ name: routeName(route, index), channels: route.channels, timing: timingFor(alert, route, alerts), ...(policy ? { policy } : {}) }];
  });
}

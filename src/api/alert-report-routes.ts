// `GET /api/v1/alerts/report` (docs/api.md "Alerts"; R-ANALYSE-4): the review report of the alerts
// opened in a period (default: the last 30 days), within the caller's systems. Permission
// alerts.read, audited as alerts-read: who reviewed what is itself on record.
import type { FastifyInstance } from 'fastify';
import { scopeOf } from '../access/scope.ts';
import { alertReportParams, type AlertReportResponse } from '../contracts/alerts.ts';
import { buildReport } from '../alerts/report.ts';
import { detectionsByRule } from '../alerts/report-sql.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { AlertRouteDeps } from './alert-routes.ts';
import { alertVisible } from './alert-view.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

const REPORT_DAYS_MS = 30 * 86_400_000;

export function registerAlertReportRoute(app: FastifyInstance, deps: AlertRouteDeps): void {
  app.get('/api/v1/alerts/report', { config: { permission: 'alerts.read', audit: 'alerts-read' } }, async (request): Promise<AlertReportResponse> => {
    const params = parseParams(alertReportParams, request.query);
    const now = deps.clock.now();
    const to = parseTimeBound('to', params.to, now) ?? now;
    const from = parseTimeBound('from', params.from, now) ?? to - REPORT_DAYS_MS;
    if (from >= to) throw new LogwardenError('LW_BAD_REQUEST', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
    const scope = scopeOf(request.principal);
    const [alerts, fired] = await Promise.all([deps.alerting.alerts.all(), detectionsByRule((sql, values) => deps.store.read(sql, values), { from, to, scope })]);
    const rules = deps.detection?.ruleSet().rules ?? [];
    const report = buildReport({
      from,
      to,
      alerts: alerts.filter((alert) => alertVisible(scope, alert.state)).map((alert) => alert.state),
      rules: rules.map((rule) => ({ id: rule.id, title: rule.title, level: rule.level, ruleset: rule.ruleset })),
      fired: new Set(fired.keys()),
    });
    request.auditDetails = { target: `${report.from}..${report.to}`, results: report.alerts };
    return report;
  });
}

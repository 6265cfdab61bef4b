// `POST /api/v1/alerts/{id}/{acknowledge|ack|resolve|reopen|close|assign|comment}` (docs/api.md
// "Alerts"): the changes people make to an alert, each one transition in the ledger with who
// (the caller), when and why (the comment). Permission alerts.act; audited as alert-change with the
// alert and the change named in the intent, before the change runs. An alert outside the caller's
// systems answers LW_ALERT_UNKNOWN like an absent one; a change the state does not allow,
// LW_ALERT_STATE (409).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scopeOf } from '../access/scope.ts';
import { alertActionBody, alertAssignBody, alertCloseBody, type AlertResponse } from '../contracts/alerts.ts';
import { jsonRequestBody } from '../contracts/parse.ts';
import { DISPOSITIONS, parseDisposition } from '../alerts/alert-state.ts';
import type { AlertAction } from '../alerts/service.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { AlertRouteDeps } from './alert-routes.ts';
import { parseIdParam } from './alert-routes.ts';
import { alertView, visibleAlert } from './alert-view.ts';
import { parseParams } from './params.ts';

/** The URL verb → the change it asks for (`ack` is short for acknowledge). */
const VERBS = ['acknowledge', 'ack', 'resolve', 'reopen', 'close', 'assign', 'comment'] as const;
type Verb = (typeof VERBS)[number];

export function registerAlertActionRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  for (const verb of VERBS) {
    app.post(
      `/api/v1/alerts/:id/${verb}`,
      {
        config: { permission: 'alerts.act', audit: 'alert-change' },
        // Named before the audit hook records the intent, so a change that fails midway is on record with its target.
        preValidation: async (request: FastifyRequest) => {
          request.auditDetails = { target: String((request.params as { id?: unknown }).id ?? ''), change: verb === 'ack' ? 'acknowledge' : verb };
        },
      },
      async (request): Promise<AlertResponse> => {
        const { id } = parseIdParam(request);
        const action = actionOf(verb, jsonRequestBody(request.body, 'a JSON object') ?? {});
        const by = (request.principal as { name: string }).name;
        const scope = scopeOf(request.principal);
        await visibleAlert(deps.alerting, scope, id);
        const changed = await deps.alerting.act(id, action, by);
        if (action.kind === 'assign' && action.assignee === undefined) request.auditDetails = { ...request.auditDetails, change: 'unassign' };
        return { alert: alertView(deps.alerting, deps.access.masking.forPrincipal(request.principal), changed, deps.clock.now()) };
      },
    );
  }
}

/** The request body of a verb → the change. Pure. */
export function actionOf(verb: Verb, body: unknown): AlertAction {
  switch (verb) {
    case 'acknowledge':
    case 'ack':
      return withComment('acknowledge', parseParams(alertActionBody, body).comment);
    case 'resolve':
    case 'reopen':
      return withComment(verb, parseParams(alertActionBody, body).comment);
    case 'comment': {
      const { comment } = parseParams(alertActionBody, body);
      if (comment === undefined) throw new LogwardenError('LW_BAD_REQUEST', 'comment: a comment needs its text');
      return { kind: 'comment', text: comment };
    }
    case 'close': {
      const parsed = parseParams(alertCloseBody, body);
      const disposition = parseDisposition(parsed.disposition);
      if (disposition === undefined) throw new LogwardenError('LW_BAD_REQUEST', `disposition: expected one of ${DISPOSITIONS.join(', ')}, found ${JSON.stringify(parsed.disposition)}`);
      return { kind: 'close', disposition, ...(parsed.comment !== undefined ? { comment: parsed.comment } : {}) };
    }
    case 'assign': {
      const parsed = parseParams(alertAssignBody, body);
      const assignee = parsed.assignee === null || parsed.assignee === '' ? undefined : parsed.assignee;
      return { kind: 'assign', assignee, ...(parsed.comment !== undefined ? { comment: parsed.comment } : {}) };
    }
  }
}

function withComment(kind: 'acknowledge' | 'resolve' | 'reopen', comment: string | undefined): AlertAction {
  return comment === undefined ? { kind } : { kind, comment };
}

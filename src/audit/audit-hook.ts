// The Fastify hooks that record every audited request (route config `audit`) before its answer is
// sent, with its outcome, and answer LW_AUDIT_UNAVAILABLE instead when the record cannot be written
// (fail closed).
//
// Reads are recorded once, in onSend: the answer is held until its record is stored, and replaced
// by a 503 when it cannot be, so nobody receives data whose reading is not on record. A change
// (CHANGE_ACTIONS) must not happen without its record either, and recording only after it would
// leave a change in place with no record when the write fails; so a change is recorded twice: its
// intent (outcome `unknown`) in preHandler, before the route runs, which refuses the change when it
// cannot be stored, and its outcome in onSend. A crash between the two leaves the intent on record.
//
// Not recorded: requests that were never authenticated (401, and 429 of a locked-out address),
// except on sign-in, whose failures are the point. A flood of them would write the disk full; the
// auth throttle, its metrics and the lockout event cover them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';
import { renderNative } from '../errors/http-errors.ts';
import type { AuditAction } from './audit-action.ts';
import type { AuditEntry, AuditTrail } from './audit-trail.ts';

/** Actions that change state: their intent is recorded before the route runs. */
export const CHANGE_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'alert-change',
  'silence-change',
  'notification-test',
  'case-change',
  'rules-import',
  'user-change',
  'token-change',
  'role-change',
  'config-change',
  'hold-change',
  'retention-run',
  'backup',
  'archive-restore',
  'saved-search-change',
]);

/** Requests whose record already failed (their 503 passes onSend without a second try). */
const refused = new WeakSet<FastifyRequest>();

export function registerAuditHook(app: FastifyInstance, trail: AuditTrail): void {
  app.addHook('preHandler', async (request) => {
    const action = request.routeOptions.config.audit;
    if (action === undefined || !CHANGE_ACTIONS.has(action) || request.principal === undefined) return;
    try {
      await trail.record(entryOf(request, action, { outcome: 'unknown' }));
    } catch (error) {
      refused.add(request);
      throw error;
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.audit;
    if (action === undefined || refused.has(request) || !recorded(request, action)) return payload;
    const status = reply.statusCode;
    try {
      await trail.record(entryOf(request, action, { outcome: status < 400 ? 'success' : 'failure', status }));
      return payload;
    } catch (error) {
      return refusal(reply, payload, error);
    }
  });
}

/** Authenticated requests, and every sign-in (its failures have no principal yet). */
function recorded(request: FastifyRequest, action: AuditAction): boolean {
  return request.principal !== undefined || action === 'sign-in';
}

function entryOf(request: FastifyRequest, action: AuditAction, result: Pick<AuditEntry, 'outcome' | 'status'>): AuditEntry {
  return {
    action,
    ...result,
    principal: request.principal,
    sourceIp: peerAddress(request),
    details: request.auditDetails,
    route: `${request.method} ${request.url.split('?')[0] ?? ''}`,
  };
}

/** The answer replaced by LW_AUDIT_UNAVAILABLE: nothing of the original goes out. */
function refusal(reply: FastifyReply, payload: unknown, error: unknown): string {
  const coded = error instanceof LogwardenError ? error : new LogwardenError('LW_AUDIT_UNAVAILABLE', 'the audit trail could not record this action, so it was refused');
  if (payload !== null && typeof payload === 'object' && 'destroy' in payload && typeof payload.destroy === 'function') payload.destroy();
  const answer = renderNative(coded);
  for (const name of ['set-cookie', 'content-length', 'content-disposition', 'etag']) reply.removeHeader(name);
  reply.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8');
  return JSON.stringify(answer.body);
}

/** The socket's peer (no proxy header is trusted), IPv4-mapped IPv6 written as IPv4. */
function peerAddress(request: FastifyRequest): string | undefined {
  const address = request.socket.remoteAddress;
  if (address === undefined) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

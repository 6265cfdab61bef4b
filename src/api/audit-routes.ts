// The audit trail (R-ACCESS-2): GET /api/v1/audit?from=&to=&action=&user=&limit=&cursor= answers
// {"events": [...]}, newest first; callers with audit.read see every action, others only their own.
//
// Any authenticated caller may ask (permission 'authenticated'): everyone may see what they did
// themselves. The route has its own rule for what it reads, not the caller's system scope: audit
// events live in system `logwarden`, which only the server's own events reach (a sender cannot
// claim it: src/transforms/server-fields.ts), so a forged "audit event" sent in by a source is
// never answered here. The filter is a query tree (no text is pasted), compiled to parameterised SQL.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { may, type Principal } from '../access/principal.ts';
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit-action.ts';
import { AUDIT_CATEGORY } from '../audit/audit-event.ts';
import { auditParams, type AuditResponse } from '../contracts/audit.ts';
import { LogwardenError } from '../errors/codes.ts';
import { LOGWARDEN_SYSTEM } from '../ingest/prepare.ts';
import type { QueryNode } from '../query/ast.ts';
import type { ParsedQuery } from '../query/filter.ts';
import { systemsScope } from '../query/scope.ts';
import { presentEvent } from '../schema/present.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Keyset } from '../store/keyset.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

export interface AuditRouteDeps {
  readonly store: EventStore;
  /** A masked caller (its role's masking profile) sees its audit events masked like any other read. */
  readonly access: Pick<AccessServices, 'masking'>;
  readonly clock: Clock;
  /** http.maxResponseBytes: a page stops before it would exceed it (default 8 MiB). */
  readonly maxResponseBytes?: number;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export function registerAuditRoutes(app: FastifyInstance, deps: AuditRouteDeps): void {
  app.get('/api/v1/audit', { config: { permission: 'authenticated', audit: 'audit-read' } }, async (request): Promise<AuditResponse> => {
    const params = parseParams(auditParams, request.query);
    const principal = request.principal as Principal;
    const action = checkedAction(params.action);
    const user = visibleUser(principal, params.user);
    const now = deps.clock.now();
    const from = parseTimeBound('from', params.from, now);
    const to = parseTimeBound('to', params.to, now);
    const query = auditQuery(action, user);
    request.auditDetails = { query: query.text };
    const page = await deps.store.searchPage({
      query,
      scope: systemsScope([LOGWARDEN_SYSTEM]),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      now,
      limit: params.limit,
      maxBytes: deps.maxResponseBytes ?? DEFAULT_MAX_BYTES,
      ...(params.cursor === undefined ? {} : { after: decodeAuditCursor(params.cursor) }),
    });
    request.auditDetails = { query: query.text, results: page.events.length };
    const last = page.events.at(-1);
    const masker = deps.access.masking.forPrincipal(principal);
    return {
      events: page.events.map((event) => presentEvent(masker ? masker.maskEvent(event) : event)),
      ...(page.more && last ? { cursor: encodeAuditCursor({ timestamp: Number(last['@timestamp']), sequence: Number(last['event.sequence']) }) } : {}),
    };
  });
}

function checkedAction(action: string | undefined): AuditAction | undefined {
  if (action === undefined) return undefined;
  if (!(AUDIT_ACTIONS as readonly string[]).includes(action)) throw new LogwardenError('LW_BAD_REQUEST', `action: no audit action "${action}"; the actions are ${AUDIT_ACTIONS.join(', ')}`);
  return action as AuditAction;
}

/** Whose actions the caller may see: anyone's with audit.read, else only their own. */
function visibleUser(principal: Principal, asked: string | undefined): string | undefined {
  if (may(principal, 'audit.read')) return asked;
  if (asked !== undefined && asked !== principal.name) {
    throw new LogwardenError(
      'LW_AUTH_FORBIDDEN',
      `${principal.kind} "${principal.name}" (role ${principal.role}) may see only its own actions in the audit trail: seeing those of "${asked}" needs the permission audit.read`,
    );
  }
  return principal.name;
}

/** event.category logwarden-audit, and the action and the user when given: a tree, not pasted text. */
export function auditQuery(action: AuditAction | undefined, user: string | undefined): ParsedQuery {
  const equals = (field: string, value: string, cased: boolean): QueryNode => ({ type: 'strings', field: { name: field, position: 0 }, at: 'equals', values: [value], all: false, cased });
  const children = [
    equals('event.category', AUDIT_CATEGORY, false),
    ...(action === undefined ? [] : [equals('event.action', action, false)]),
    ...(user === undefined ? [] : [equals('user.name', user, true)]),
  ];
  const text = [`event.category:${AUDIT_CATEGORY}`, ...(action === undefined ? [] : [`event.action:${action}`]), ...(user === undefined ? [] : [`user.name:${JSON.stringify(user)}`])].join(' AND ');
  return { text, ast: { type: 'and', children } };
}

function encodeAuditCursor(after: Keyset): string {
  return Buffer.from(JSON.stringify([after.timestamp, after.sequence])).toString('base64url');
}

function decodeAuditCursor(cursor: string): Keyset {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !decoded.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new LogwardenError('LW_BAD_REQUEST', 'cursor: not a cursor of GET /api/v1/audit; pass the `cursor` of the previous page as it was');
  }
  return { timestamp: decoded[0] as number, sequence: decoded[1] as number };
}

// The audit trail (R-ACCESS-2): GET /api/v1/audit?from=&to=&action= answers {"events": [...]};
// callers with audit.read see every action, others only their own.
//
// SCAFFOLD (issue 13): the audit helper builds this.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../runtime/clock.ts';
import type { EventStore } from '../store/event-store.ts';

export interface AuditRouteDeps {
  readonly store: EventStore;
  readonly clock: Clock;
}

export function registerAuditRoutes(_app: FastifyInstance, _deps: AuditRouteDeps): void {}

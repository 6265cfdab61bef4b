// The Fastify hook that records every audited request (route config `audit`) before its answer is
// sent, with its outcome, and answers LW_AUDIT_UNAVAILABLE instead when the record cannot be written.
//
// SCAFFOLD (issue 13): the audit helper builds this.
import type { FastifyInstance } from 'fastify';
import type { AuditTrail } from './audit-trail.ts';

export function registerAuditHook(_app: FastifyInstance, _trail: AuditTrail): void {}

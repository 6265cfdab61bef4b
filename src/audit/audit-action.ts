// What the audit trail records (R-ACCESS-2: the use of the log system is itself logged). A route
// names its action in its config (`config: { audit: 'search' }`); the route adds what only it
// knows (the query text, how many results, what it acted on) to `request.auditDetails`; the audit
// hook (audit-hook.ts) writes the event before the answer is sent, and refuses the answer when it
// cannot (fail closed). Each action becomes `event.action` of an event with
// `event.category: logwarden-audit`.

// The names themselves live in src/contracts/audit-actions.ts, a plain list the web UI imports too.
import { AUDIT_ACTION_NAMES } from '../contracts/audit-actions.ts';

export const AUDIT_ACTIONS = AUDIT_ACTION_NAMES;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a route adds about its request; the hook adds who, from where, when, the scope and the outcome. */
export interface AuditDetails {
  /** The query text of a search, count, aggregate, tail, hunt or export. */
  query?: string;
  /** How many results were returned (events, buckets, detections). */
  results?: number;
  /** What the action was on: a user, a token, a record's sequence number, a rule id. */
  target?: string;
  /** A finer verb than the action, e.g. `create` or `revoke` of a `token-change`. */
  change?: string;
  /** For a sign-in: the name that tried (the caller is not authenticated yet). */
  userName?: string;
  /** A sentence for `message` when the default (action, target, outcome) says too little. */
  message?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Filled by the route; read by the audit hook. */
    auditDetails?: AuditDetails;
  }
  interface FastifyContextConfig {
    /** The action this route's requests are recorded as; absent: not audited (health, metrics, ingest). */
    audit?: AuditAction;
  }
}

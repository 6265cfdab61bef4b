// The audit trail (`GET /api/v1/audit`, issue 13, R-ACCESS-2): the filters it takes and what it
// answers. Events are ECS, as the search answers them. Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

export const auditParams = z.object({
  /** Time bounds on `@timestamp`, as in search: ISO 8601, epoch ms or `now-7d`. */
  from: z.string().optional(),
  to: z.string().optional(),
  /** One action (event.action), e.g. search; the route checks it is one of src/audit/audit-action.ts. */
  action: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/, 'expected an audit action such as search, sign-in or token-change')
    .optional(),
  /** One actor (user.name): a token's or a user's name. Without audit.read only one's own. */
  user: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_LIMIT).default(DEFAULT_AUDIT_LIMIT),
  /** Continue after the last event of a previous page (with the same filters). */
  cursor: z.string().min(1).max(512).optional(),
});
export type AuditParams = z.input<typeof auditParams>;

export const auditResponse = z.object({
  /** Newest first. */
  events: z.array(publicEvent),
  /** Present while older events follow: pass it as `cursor` for the next page. */
  cursor: z.string().min(1).optional(),
});
export type AuditResponse = z.infer<typeof auditResponse>;

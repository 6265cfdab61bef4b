// `GET /healthz` and `GET /readyz`: public, for probes and load balancers. Pure.
import { z } from 'zod';

export const componentStatus = z.union([z.object({ name: z.string(), status: z.literal('ok') }), z.object({ name: z.string(), status: z.enum(['degraded', 'down']), reason: z.string() })]);

export const healthResponse = z.object({
  status: z.enum(['ok', 'starting', 'stopping', 'read-only', 'down']),
  /** Why not ok: what is starting or stopping, or why ingest is read-only. */
  reason: z.string().optional(),
  /** Each component's health, in start order. */
  components: z.array(componentStatus).readonly(),
});
export type HealthResponse = z.infer<typeof healthResponse>;

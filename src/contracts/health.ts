// `GET /healthz` and `GET /readyz`: public, for probes and load balancers. Pure.
import { z } from 'zod';

export const healthResponse = z.object({
  status: z.enum(['ok', 'starting', 'stopping', 'read-only']),
  /** Why not ok: what is starting or stopping, or why ingest is read-only. */
  reason: z.string().optional(),
});
export type HealthResponse = z.infer<typeof healthResponse>;

// Health routes, public like every probe must be. /healthz answers whether the process is alive and
// serving (200 also while read-only: searches still work, and restarting would not free a byte);
// /readyz answers whether new events are accepted, so a load balancer sends them elsewhere (503)
// while logwarden starts, stops or is read-only on a full disk.
import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../contracts/health.ts';

export type LifecyclePhase = 'starting' | 'ready' | 'stopping';

export interface HealthState {
  readonly phase: LifecyclePhase;
  /** Why ingest is read-only (the disk reserve), or undefined while it accepts events. */
  readonly readOnlyReason: string | undefined;
}

export interface HealthAnswer {
  readonly statusCode: 200 | 503;
  readonly body: HealthResponse;
}

const PHASE_REASONS: Readonly<Record<Exclude<LifecyclePhase, 'ready'>, string>> = {
  starting: 'logwarden is starting: storage and listeners are not all up yet',
  stopping: 'logwarden is stopping: listeners are closing and queued events are being written',
};

/** GET /healthz. Pure. */
export function livenessOf(state: HealthState): HealthAnswer {
  if (state.phase !== 'ready') return { statusCode: 503, body: { status: state.phase, reason: PHASE_REASONS[state.phase] } };
  if (state.readOnlyReason !== undefined) return { statusCode: 200, body: { status: 'read-only', reason: state.readOnlyReason } };
  return { statusCode: 200, body: { status: 'ok' } };
}

/** GET /readyz: 200 only while new events are accepted. Pure. */
export function readinessOf(state: HealthState): HealthAnswer {
  const live = livenessOf(state);
  return live.body.status === 'read-only' ? { statusCode: 503, body: live.body } : live;
}

export function registerHealthRoutes(app: FastifyInstance, health: () => HealthState): void {
  app.get('/healthz', { config: { permission: 'public' } }, async (_request, reply) => {
    const answer = livenessOf(health());
    return reply.code(answer.statusCode).send(answer.body);
  });
  app.get('/readyz', { config: { permission: 'public' } }, async (_request, reply) => {
    const answer = readinessOf(health());
    return reply.code(answer.statusCode).send(answer.body);
  });
}

// Health routes, public like every probe must be. /healthz answers whether the process is alive and
// serving (200 also while read-only: searches still work, and restarting would not free a byte);
// /readyz answers whether new events are accepted, so a load balancer sends them elsewhere (503)
// while logwarden starts, stops, is read-only on a full disk or has a part down. Both list each
// component's health (src/runtime/component.ts), in start order, so an operator sees which part.
import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../contracts/health.ts';
import type { ComponentStatus } from '../runtime/component.ts';

export type LifecyclePhase = 'starting' | 'ready' | 'stopping';

export interface HealthState {
  readonly phase: LifecyclePhase;
  /** Why ingest is read-only (the disk reserve), or undefined while it accepts events. */
  readonly readOnlyReason: string | undefined;
  /** Every component's health, in start order. */
  readonly components: readonly ComponentStatus[];
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
  const { components } = state;
  if (state.phase !== 'ready') return { statusCode: 503, body: { status: state.phase, reason: PHASE_REASONS[state.phase], components } };
  if (state.readOnlyReason !== undefined) return { statusCode: 200, body: { status: 'read-only', reason: state.readOnlyReason, components } };
  return { statusCode: 200, body: { status: 'ok', components } };
}

/** GET /readyz: 200 only while new events are accepted and every component is up. Pure. */
export function readinessOf(state: HealthState): HealthAnswer {
  const live = livenessOf(state);
  if (live.body.status === 'read-only') return { statusCode: 503, body: live.body };
  const down = state.components.filter((component) => component.status === 'down');
  if (live.body.status !== 'ok' || down.length === 0) return live;
  const reason = down.map((component) => `${component.name} is down (${component.status === 'down' ? component.reason : ''})`).join('; ');
  return { statusCode: 503, body: { status: 'down', reason, components: state.components } };
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

// Live tail over HTTP: `GET /api/v1/tail?q=…` answers Server-Sent Events, one `record` event per
// newly stored record that matches the query (docs/api.md, "Live tail"). It is a search that does
// not end: the same permission (events.read), the same query language compiled by the same
// compiler, the caller's scope and masking applied to every record as a search page applies them,
// and opening it is audited (`tail`) before anything is sent. The stream goes through Fastify's
// reply like any answer, so it keeps the security headers; it is never cached.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { scopeOf } from '../access/scope.ts';
import { tailParams } from '../contracts/tail.ts';
import type { Clock } from '../runtime/clock.ts';
import { tailFilter } from '../stream/tail-filter.ts';
import type { TailHub } from '../stream/tail-hub.ts';
import { HEARTBEAT_MS, TailOutlet } from '../stream/tail-outlet.ts';
import { parseParams } from './params.ts';

export interface TailRouteDeps {
  readonly hub: TailHub;
  readonly clock: Clock;
  readonly access: Pick<AccessServices, 'masking'>;
}

export function registerTailRoutes(app: FastifyInstance, deps: TailRouteDeps): void {
  // An open tail would hold the API's close for the whole grace: the tails end first, and each
  // client's EventSource reconnects to whichever server answers next.
  app.addHook('preClose', async () => deps.hub.closeAll());
  app.get('/api/v1/tail', { config: { permission: 'events.read', audit: 'tail' } }, async (request, reply) => {
    const params = parseParams(tailParams, request.query);
    request.auditDetails = { query: params.q };
    // Errors (a bad query, a masked field, a full server) are answered as JSON before the stream starts.
    const filter = tailFilter({ query: params.q, scope: scopeOf(request.principal), masker: deps.access.masking.forPrincipal(request.principal), now: deps.clock.now() });
    const outlet = new TailOutlet();
    const subscription = deps.hub.subscribe(filter, outlet);
    outlet.open({ query: params.q, heartbeatSeconds: HEARTBEAT_MS / 1000, queueLimit: deps.hub.limits.queueLimit });
    reply.raw.once('close', () => subscription.close());
    outlet.once('close', () => subscription.close());
    return reply.code(200).headers({ 'cache-control': 'no-store', 'x-accel-buffering': 'no' }).type('text/event-stream; charset=utf-8').send(outlet);
  });
}

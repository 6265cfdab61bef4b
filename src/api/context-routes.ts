// `GET /api/v1/events/:seq/context?before=&after=` (docs/api.md "Event context"): the record and
// its neighbours from the same source, for the web UI's record panel. It is a read of events like
// search: permission events.read, audited as a search, the caller's scope (a record outside it is
// answered as missing, as the inclusion proof does), and a masked caller's events masked. A masked
// caller may not ask by a source field the profile redacts or rewrites: grouping by it would tell
// which records share the value it hides (pseudonymised values are shown as the same pseudonym, so
// grouping by them tells nothing more).
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { scopeOf } from '../access/scope.ts';
import { contextParams, contextPathParams, type ContextResponseContract } from '../contracts/context.ts';
import { LogwardenError } from '../errors/codes.ts';
import { presentEvent } from '../schema/present.ts';
import type { EventStore } from '../store/event-store.ts';
import { eventContext, SOURCE_FIELDS, sourceOf } from './event-context.ts';
import { parseParams } from './params.ts';

export interface ContextRouteDeps {
  readonly store: EventStore;
  readonly access: Pick<AccessServices, 'masking'>;
}

export function registerContextRoutes(app: FastifyInstance, deps: ContextRouteDeps): void {
  app.get('/api/v1/events/:seq/context', { config: { permission: 'events.read', audit: 'search' } }, async (request): Promise<ContextResponseContract> => {
    const { seq } = parseParams(contextPathParams, request.params);
    const { before, after } = parseParams(contextParams, request.query);
    request.auditDetails = { target: String(seq), message: `read the context of record ${seq}` };
    const masker = deps.access.masking.forPrincipal(request.principal);
    for (const field of SOURCE_FIELDS) masker?.checkAggregate(field);
    const scope = scopeOf(request.principal);
    const record = await deps.store.bySequence(seq, scope);
    if (!record) throw new LogwardenError('LW_NOT_FOUND', `record ${seq} is not in the store`);
    const context = await eventContext(deps.store, record, scope, before, after);
    request.auditDetails = { ...request.auditDetails, results: context.events.length };
    const shown = context.events.map((event) => presentEvent(masker ? masker.maskEvent(event) : event));
    const source = sourceOf(masker ? masker.maskEvent(record) : record);
    return { seq, source: { system: source['logwarden.system'], host: source['host.name'], app: source['log.syslog.appname'] }, events: shown };
  });
}

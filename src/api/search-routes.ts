// The read side of the HTTP API: search (paged, capped in bytes), count and aggregate. Every
// one runs under the store's search limits (time limit, concurrency, queue); refusals are counted.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessServices } from '../access/access-component.ts';
import { refuseEvidenceIfMasked, type Masker } from '../access/masking.ts';
import { maskBuckets } from '../access/masking/buckets.ts';
import { scopeOf } from '../access/scope.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { parsedQuery } from '../query/filter.ts';
import type { Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import type { EventStore } from '../store/event-store.ts';
import { checkCursorMatches, checkCursorScope, decodeCursor, encodeCursor, scopeBinding, type SearchCursor } from './search-cursor.ts';
import { buildPageBody } from './search-response.ts';
import { parseInterval, parseTimeBound } from './time-params.ts';
import { parseParams } from './params.ts';
import { aggregateParams, filterParams, searchParams } from '../contracts/search.ts';
import type { Clock } from '../runtime/clock.ts';

export interface SearchRouteDeps {
  readonly config: Config;
  readonly store: EventStore;
  readonly metrics: Metrics;
  /** What `now` means in a query and a time range. */
  readonly clock: Clock;
  /** The masking profiles: a masked caller's queries are checked and its answers masked. */
  readonly access: Pick<AccessServices, 'masking'>;
}

export function registerSearchRoutes(app: FastifyInstance, deps: SearchRouteDeps): void {
  app.get('/api/v1/search', { config: { permission: 'events.read', audit: 'search' } }, async (request, reply) => {
    const params = parseParams(searchParams, request.query);
    const scope = scopeOf(request.principal);
    const masker = deps.access.masking.forPrincipal(request.principal);
    if (masker && params.leaf === 'true') refuseEvidenceIfMasked(request.principal, 'leaf=true (each record’s ledger leaf hash)');
    const position = searchPosition(params, request.query as Record<string, unknown>, scope, deps.clock.now());
    // The cursor's query too: a cursor is the client's text, not a promise the server made.
    masker?.checkQuery(position.q);
    const page = await counted(deps.metrics, 'search', () =>
      deps.store.searchPage({
        query: parsedQuery(position.q),
        scope,
        ...bounds(position),
        now: position.now,
        ascending: position.order === 'asc',
        limit: params.limit,
        maxBytes: deps.config.http.maxResponseBytes,
        ...(params.cursor ? { after: position.after } : {}),
      }),
    );
    const body = buildPageBody(page.events, {
      maxBytes: deps.config.http.maxResponseBytes,
      withLeaves: params.leaf === 'true',
      leafFormats: deps.store.leafFormats,
      limit: params.limit,
      more: page.more,
      cursorAfter: (event: LogEvent) => encodeCursor({ ...position, after: { timestamp: Number(event['@timestamp']), sequence: Number(event['event.sequence']) } }),
      mask: masker && ((event: LogEvent) => masker.maskEvent(event)),
    });
    request.auditDetails = { query: position.q, results: body.returned };
    if (body.returned < page.events.length || (page.more && body.returned < params.limit)) deps.metrics.searchPagesTruncated.inc();
    return reply.type('application/json; charset=utf-8').send(body.json);
  });
  app.get('/api/v1/count', { config: { permission: 'events.read', audit: 'count' } }, async (request) => {
    const params = parseParams(filterParams, request.query);
    request.auditDetails = { query: params.q };
    deps.access.masking.forPrincipal(request.principal)?.checkQuery(params.q);
    const now = deps.clock.now();
    const filter = { query: parsedQuery(params.q), scope: scopeOf(request.principal), ...timeRange(params, now), now };
    const count = await counted(deps.metrics, 'count', () => deps.store.count(filter));
    request.auditDetails = { query: params.q, results: count };
    return { count };
  });
  app.get('/api/v1/aggregate', { config: { permission: 'events.read', audit: 'aggregate' } }, (request) =>
    counted(deps.metrics, 'aggregate', () => aggregate(request, deps.store, scopeOf(request.principal), deps.clock.now(), deps.access.masking.forPrincipal(request.principal))),
  );
}

type Position = Omit<SearchCursor, 'after'> & { readonly after?: SearchCursor['after'] };

/** Where this page starts: from the cursor, or a new search whose `now` later pages keep. */
function searchPosition(params: z.output<typeof searchParams>, raw: Record<string, unknown>, scope: Scope, now: number): Position {
  if (params.cursor !== undefined) {
    const cursor = decodeCursor(params.cursor);
    checkCursorScope(cursor, scope);
    const given = (name: string): string | undefined => (typeof raw[name] === 'string' ? raw[name] : undefined);
    checkCursorMatches(cursor, { q: given('q'), from: given('from'), to: given('to'), order: given('order') });
    return cursor;
  }
  const range = timeRange(params, now);
  return { q: params.q, fromText: params.from, toText: params.to, ...range, order: params.order, now, scope: scopeBinding(scope) };
}

function bounds(position: Position): { from?: number; to?: number } {
  return { ...(position.from === undefined ? {} : { from: position.from }), ...(position.to === undefined ? {} : { to: position.to }) };
}

async function aggregate(request: FastifyRequest, store: EventStore, scope: Scope, now: number, masker: Masker | undefined): Promise<unknown> {
  const params = parseParams(aggregateParams, request.query);
  request.auditDetails = { query: params.q };
  masker?.checkQuery(params.q);
  if (params.field !== undefined) masker?.checkAggregate(params.field);
  const range = timeRange(params, now);
  const filter = { query: parsedQuery(params.q), scope, ...range, now };
  if (params.field !== undefined) {
    const buckets = await store.topValues(filter, params.field, params.size);
    return { field: params.field, buckets: masker ? maskBuckets(masker, params.field, buckets) : buckets };
  }
  const interval = params.interval === undefined ? autoInterval(range.from, range.to, now) : parseInterval(params.interval);
  if (interval === undefined) throw new LogwardenError('LW_BAD_REQUEST', `interval: expected a duration like 30s, 5m, 1h or 1d, found ${JSON.stringify(params.interval)}`);
  const buckets = await store.histogram(filter, interval);
  return {
    interval: `${interval}s`,
    buckets: buckets.map((bucket) => ({ start: new Date(bucket.start).toISOString(), count: bucket.count })),
  };
}

/** About 60 buckets over the range, rounded to a readable step. */
function autoInterval(from: number | undefined, to: number | undefined, now: number): number {
  const spanSeconds = ((to ?? now) - (from ?? now - 86_400_000)) / 1000;
  const steps = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 604800];
  return steps.find((step) => spanSeconds / step <= 60) ?? 604800;
}

function timeRange(params: { from?: string | undefined; to?: string | undefined }, now: number): { from?: number; to?: number } {
  const from = parseTimeBound('from', params.from, now);
  const to = parseTimeBound('to', params.to, now);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** Searches refused for load or stopped by the time limit are counted per route. */
async function counted<T>(metrics: Metrics, route: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LogwardenError && error.code === 'LW_TOO_MANY_REQUESTS') metrics.queriesRefused.inc({ route, reason: 'busy' });
    if (error instanceof LogwardenError && error.code === 'LW_QUERY_TIMEOUT') metrics.queriesRefused.inc({ route, reason: 'timeout' });
    throw error;
  }
}

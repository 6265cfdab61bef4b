// The HTTP API (Fastify): ingest, search, count, aggregate, metrics, health. Every route except
// /healthz needs `Authorization: Bearer <token>`, and each route names the permission it needs.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal, Role, TokenStore } from '../access/tokens.ts';
import { jsonBodyEvents, jsonBodyShape, type LineError } from '../codecs/json-lines.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/event-store.ts';
import { presentEvent } from '../schema/present.ts';
import { parseInterval, parseTimeBound } from './time-params.ts';
import { registerLedgerRoutes } from './ledger-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { registerEsBulkRoutes } from './es-bulk-routes.ts';
import { registerOtlpRoutes } from './otlp-routes.ts';
import { parseParams } from './params.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices } from './ingest-request.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { eventLeafHash } from '../ledger/leaf.ts';
import type { SqlEngine } from '../store/engine.ts';

export interface HttpAppDeps {
  readonly config: Config;
  readonly store: EventStore;
  readonly engine: SqlEngine;
  /** Absent when the ledger is switched off. */
  readonly ledger: Ledger | undefined;
  readonly pipeline: IngestPipeline;
  readonly tokens: TokenStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** True once storage is open and every listener is up. */
  readonly isReady: () => boolean;
}

type Permission = 'read' | 'ingest' | 'admin';

const ALLOWED: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['read', 'ingest', 'admin'],
  reader: ['read'],
  ingest: ['ingest'],
};

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    permission?: Permission | 'public';
  }
}

const searchParams = z.object({
  q: z.string().default(''),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Also return each record's ledger leaf hash. */
  leaf: z.enum(['true', 'false']).default('false'),
});

const aggregateParams = searchParams.omit({ limit: true, order: true, leaf: true }).extend({
  interval: z.string().optional(),
  field: z.string().optional(),
  size: z.coerce.number().int().min(1).max(1000).default(10),
});

export function createHttpApp(deps: HttpAppDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: deps.config.http.maxBodyBytes });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request) => authenticate(request, deps.tokens));
  app.setErrorHandler((error, request, reply) => sendError(toLogwardenError(error), request, reply, deps.logger));
  app.setNotFoundHandler((request, reply) =>
    sendError(new LogwardenError('LW_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply, deps.logger),
  );

  app.get('/healthz', { config: { permission: 'public' } }, async (_request, reply) => {
    if (!deps.isReady()) return reply.code(503).send({ status: 'starting' });
    return { status: 'ok' };
  });
  app.get('/metrics', { config: { permission: 'read' } }, async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  app.post('/api/v1/ingest', { config: { permission: 'ingest' } }, (request, reply) => ingest(request, reply, deps));
  app.get('/api/v1/search', { config: { permission: 'read' } }, async (request) => {
    const params = parseParams(searchParams, request.query);
    const range = timeRange(params);
    const events = await deps.store.search({ query: params.q, ...range, limit: params.limit, ascending: params.order === 'asc' });
    const ledger = params.leaf === 'true' ? events.map((event) => ({ seq: event['event.sequence'], leafHash: Buffer.from(eventLeafHash(event)).toString('hex') })) : undefined;
    return { events: events.map(presentEvent), returned: events.length, ...(ledger ? { ledger } : {}) };
  });
  app.get('/api/v1/count', { config: { permission: 'read' } }, async (request) => {
    const params = parseParams(searchParams.omit({ limit: true, order: true, leaf: true }), request.query);
    return { count: await deps.store.count({ query: params.q, ...timeRange(params) }) };
  });
  if (deps.ledger) registerLedgerRoutes(app, { ledger: deps.ledger, store: deps.store, engine: deps.engine, dataDir: deps.config.dataDir });
  app.get('/api/v1/aggregate', { config: { permission: 'read' } }, (request) => aggregate(request, deps.store));
  registerTokenRoutes(app, deps.tokens);
  registerEsBulkRoutes(app, deps);
  registerOtlpRoutes(app, deps);
  return app;
}

async function ingest(request: FastifyRequest, reply: FastifyReply, deps: HttpAppDeps): Promise<unknown> {
  refuseWhenReadOnly(deps.pipeline);
  const body = await readIngestBody(request, deps.config.http.maxBodyBytes);
  const shape = jsonBodyShape(body);
  refuseOverEventCap(shape.events, deps.config.ingest.maxEventsPerRequest, { metrics: deps.metrics, protocol: 'http' });
  refuseWhenQueueFull(deps.pipeline, shape.events, deps.config.storage.queueMaxEvents);
  const source = requestSource(request, 'http', deps.config.http.listen);
  const events = jsonBodyEvents(body, shape, { source, receivedAt: Date.now(), maxEventBytes: deps.config.ingest.maxEventBytes });
  const errors: LineError[] = [];
  let line = 0;
  let flagged = 0;
  const submission = await submitInSlices(
    { pipeline: deps.pipeline, queueMaxEvents: deps.config.storage.queueMaxEvents },
    events,
    (result) => {
      line++;
      if (result.reject) {
        flagged++;
        deps.metrics.rejected.inc({ protocol: 'http', reason: result.reject.reason });
        if (errors.length < 100) errors.push({ line, ...result.reject });
      }
      return result.event;
    },
    (part) => deps.metrics.received.inc({ protocol: 'http' }, part.length),
  );
  if (submission.waitedForRoom) deps.metrics.requestsStoredInParts.inc({ protocol: 'http' });
  return reply.code(200).send({ accepted: submission.events, flagged, errors });
}

async function aggregate(request: FastifyRequest, store: EventStore): Promise<unknown> {
  const params = parseParams(aggregateParams, request.query);
  const range = timeRange(params);
  const filter = { query: params.q, ...range };
  if (params.field !== undefined) return { field: params.field, buckets: await store.topValues(filter, params.field, params.size) };
  const interval = params.interval === undefined ? autoInterval(range.from, range.to) : parseInterval(params.interval);
  if (interval === undefined) throw new LogwardenError('LW_BAD_REQUEST', `interval: expected a duration like 30s, 5m, 1h or 1d, found ${JSON.stringify(params.interval)}`);
  const buckets = await store.histogram(filter, interval);
  return {
    interval: `${interval}s`,
    buckets: buckets.map((bucket) => ({ start: new Date(bucket.start).toISOString(), count: bucket.count })),
  };
}

/** About 60 buckets over the range, rounded to a readable step. */
function autoInterval(from: number | undefined, to: number | undefined): number {
  const spanSeconds = ((to ?? Date.now()) - (from ?? Date.now() - 86_400_000)) / 1000;
  const steps = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 604800];
  return steps.find((step) => spanSeconds / step <= 60) ?? 604800;
}

function timeRange(params: { from?: string | undefined; to?: string | undefined }): { from?: number; to?: number } {
  const now = Date.now();
  const from = parseTimeBound('from', params.from, now);
  const to = parseTimeBound('to', params.to, now);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

async function authenticate(request: FastifyRequest, tokens: TokenStore): Promise<void> {
  const permission = request.routeOptions.config.permission;
  if (permission === 'public') return;
  const header = request.headers.authorization;
  if (!header) throw new LogwardenError('LW_AUTH_MISSING', 'this API needs "Authorization: Bearer <token>" (or ApiKey/Basic with the token as the secret)');
  const principal = principalOf(header, tokens);
  if (!principal) throw new LogwardenError('LW_AUTH_INVALID', 'the token is not valid');
  request.principal = principal;
  if (permission !== undefined && !ALLOWED[principal.role].includes(permission)) {
    throw new LogwardenError('LW_AUTH_FORBIDDEN', `token "${principal.name}" (role ${principal.role}) may not ${permission}`);
  }
}

/**
 * The token's principal for `Bearer <token>`, and for Elasticsearch shippers `ApiKey <token>`,
 * `ApiKey base64(id:token)` and `Basic base64(user:token)`: the secret is a logwarden token.
 */
function principalOf(header: string, tokens: TokenStore): Principal | undefined {
  const match = /^(Bearer|ApiKey|Basic)\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  const credential = match[2] as string;
  if (scheme === 'bearer') return tokens.authenticate(credential);
  const direct = scheme === 'apikey' ? tokens.authenticate(credential) : undefined;
  if (direct) return direct;
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : tokens.authenticate(decoded.slice(colon + 1));
}

function toLogwardenError(error: unknown): LogwardenError {
  if (error instanceof LogwardenError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new LogwardenError('LW_INGEST_TOO_LARGE', `request body exceeds http.maxBodyBytes`);
  if (code?.startsWith('FST_ERR_CTP') || code === 'FST_ERR_VALIDATION') return new LogwardenError('LW_BAD_REQUEST', (error as Error).message);
  return new LogwardenError('LW_INTERNAL', 'internal error; see the server log', { cause: error });
}

function sendError(error: LogwardenError, request: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyReply {
  const { cause, ...details } = error.details;
  if (error.code === 'LW_INTERNAL') logger.error({ err: cause, method: request.method, url: request.url.split('?')[0] }, 'request failed');
  if (typeof details['retryAfterSeconds'] === 'number') reply.header('Retry-After', String(details['retryAfterSeconds']));
  return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...details } });
}

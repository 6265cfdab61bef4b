// The HTTP API (Fastify): ingest, search, count, aggregate, metrics, health. Every route except
// /healthz and /readyz need a token (src/api/auth.ts), and each route names the permission it needs.
import type tls from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenStore } from '../access/tokens.ts';
import type { InternalAction } from '../ingest/internal-events.ts';
import { createAuthHook } from './auth.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { jsonBodyEvents, jsonBodyShape, type LineError } from '../codecs/json-lines.ts';
import type { RejectReason } from '../schema/event.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/event-store.ts';
import { presentEvent } from '../schema/present.ts';
import { parseInterval, parseTimeBound } from './time-params.ts';
import { registerHealthRoutes, type HealthState } from './health-routes.ts';
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
  /** Starting, ready or stopping, and whether ingest is read-only: for /healthz and /readyz. */
  readonly health: () => HealthState;
  /** Store a logwarden event (token created, revoked) through the pipeline; resolves once stored. */
  readonly record: (action: InternalAction, message: string) => Promise<void>;
  /** HTTPS certificate, key and TLS policy (src/api/https-options.ts); plain HTTP when absent. */
  readonly https?: tls.SecureContextOptions | undefined;
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
  const options = { logger: false, bodyLimit: deps.config.http.maxBodyBytes };
  // Fastify types an HTTPS instance apart; every route and hook here works the same on both.
  const app = (deps.https ? Fastify({ ...options, https: deps.https }) : Fastify(options)) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerSecurityHeaders(app);
  app.addHook('onRequest', createAuthHook({ tokens: deps.tokens, limits: deps.config.http.authThrottle, metrics: deps.metrics, logger: deps.logger }));
  app.setErrorHandler((error, request, reply) => sendError(toLogwardenError(error), request, reply, deps.logger));
  app.setNotFoundHandler((request, reply) =>
    sendError(new LogwardenError('LW_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply, deps.logger),
  );

  registerHealthRoutes(app, deps.health);
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
  if (deps.ledger) registerLedgerRoutes(app, { ledger: deps.ledger, store: deps.store, engine: deps.engine, dataDir: deps.config.dataDir, checkpointIntervalMs: deps.config.ledger.checkpointIntervalMs });
  app.get('/api/v1/aggregate', { config: { permission: 'read' } }, (request) => aggregate(request, deps.store));
  registerTokenRoutes(app, { tokens: deps.tokens, record: deps.record });
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
      if (result.reject) deps.metrics.rejected.inc({ protocol: 'http', reason: result.reject.reason });
      return result.event;
    },
    (part) => {
      deps.metrics.received.inc({ protocol: 'http' }, part.length);
      // Counted once submitted: the write path has flagged what does not fit a column or held a
      // token, so the answer matches what is stored.
      for (const event of part) {
        line++;
        const reason = event['logwarden.parse.error'];
        if (reason === undefined) continue;
        flagged++;
        if (errors.length < 100) errors.push({ line, reason: reason as RejectReason, detail: String(event['logwarden.parse.detail'] ?? '') });
      }
    },
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

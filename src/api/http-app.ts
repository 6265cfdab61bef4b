// The HTTP API (Fastify): ingest, search, count, aggregate, metrics, health. Every route except
// /healthz and /readyz need a token (src/api/auth.ts), and each route names the permission it needs.
import type tls from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
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
import { registerHealthRoutes, type HealthState } from './health-routes.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerLedgerRoutes } from './ledger-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { registerEsBulkRoutes } from './es-bulk-routes.ts';
import { registerOtlpRoutes } from './otlp-routes.ts';
import { readIngestBody, refuseOverEventCap, refuseWhenQueueFull, refuseWhenReadOnly, requestSource, submitInSlices } from './ingest-request.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { Clock } from '../runtime/clock.ts';

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
  /** The server's clock: receipt times, token expiry, the auth throttle, `now` in searches. */
  readonly clock: Clock;
  /** HTTPS certificate, key and TLS policy (src/api/https-options.ts); plain HTTP when absent. */
  readonly https?: tls.SecureContextOptions | undefined;
}

export function createHttpApp(deps: HttpAppDeps): FastifyInstance {
  const options = { logger: false, bodyLimit: deps.config.http.maxBodyBytes };
  // Fastify types an HTTPS instance apart; every route and hook here works the same on both.
  const app = (deps.https ? Fastify({ ...options, https: deps.https }) : Fastify(options)) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerSecurityHeaders(app);
  app.addHook('onRequest', createAuthHook({ tokens: deps.tokens, limits: deps.config.http.authThrottle, metrics: deps.metrics, logger: deps.logger, clock: deps.clock }));
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
  registerSearchRoutes(app, deps);
  if (deps.ledger) registerLedgerRoutes(app, { ledger: deps.ledger, store: deps.store, engine: deps.engine, dataDir: deps.config.dataDir, checkpointIntervalMs: deps.config.ledger.checkpointIntervalMs, clock: deps.clock });
  registerTokenRoutes(app, { tokens: deps.tokens, record: deps.record, clock: deps.clock });
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
  const events = jsonBodyEvents(body, shape, { source, receivedAt: deps.clock.now(), maxEventBytes: deps.config.ingest.maxEventBytes });
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

// The HTTP API (Fastify): ingest, search, count, aggregate, metrics, health. Every route except
// /healthz needs `Authorization: Bearer <token>`, and each route names the permission it needs.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Principal, Role, TokenStore } from '../access/tokens.ts';
import { decodeJsonBody, lineErrors } from '../codecs/json-lines.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/event-store.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerLedgerRoutes } from './ledger-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { registerEsBulkRoutes } from './es-bulk-routes.ts';
import { registerOtlpRoutes } from './otlp-routes.ts';
import { readIngestBody, refuseWhenQueueFull, refuseWhenReadOnly, requestSource } from './ingest-request.ts';
import type { Ledger } from '../ledger/ledger.ts';
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
  registerSearchRoutes(app, deps);
  if (deps.ledger) registerLedgerRoutes(app, { ledger: deps.ledger, store: deps.store, engine: deps.engine, dataDir: deps.config.dataDir });
  registerTokenRoutes(app, deps.tokens);
  registerEsBulkRoutes(app, deps);
  registerOtlpRoutes(app, deps);
  return app;
}

async function ingest(request: FastifyRequest, reply: FastifyReply, deps: HttpAppDeps): Promise<unknown> {
  refuseWhenReadOnly(deps.pipeline);
  const body = await readIngestBody(request, deps.config.http.maxBodyBytes);
  const receivedAt = Date.now();
  const source = requestSource(request, 'http', deps.config.http.listen);
  const results = decodeJsonBody(body, { source, receivedAt, maxEventBytes: deps.config.ingest.maxEventBytes });
  refuseWhenQueueFull(deps.pipeline, results.length);
  deps.metrics.received.inc({ protocol: 'http' }, results.length);
  const errors = lineErrors(results);
  for (const error of errors) deps.metrics.rejected.inc({ protocol: 'http', reason: error.reason });
  await deps.pipeline.submit(results.map((result) => result.event));
  return reply.code(200).send({ accepted: results.length, flagged: errors.length, errors: errors.slice(0, 100) });
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

// The HTTP API (Fastify): search, count, aggregate, ledger, tokens, metrics, health, and the HTTP
// ingest sources (NDJSON, Elasticsearch `_bulk`, OTLP), which live in src/sources/ as Fastify
// plugins and are registered here on the same listener. Every route except /healthz and /readyz
// needs a token (src/http/auth.ts), and each route names the permission it needs. Errors are
// answered through the one mapping (src/errors/http-errors.ts): natively here, and in their own
// face by the sources that speak Elasticsearch or OTLP.
import type tls from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import { registerAuditHook } from '../audit/audit-hook.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import { createAuthHook } from '../http/auth.ts';
import { RouteCatalogue } from '../http/route-catalogue.ts';
import { PeerGuard } from '../http/peer-guard.ts';
import { nativeErrorHandler, sendNativeError } from '../http/error-reply.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { Config } from '../config/schema.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Preparation } from '../ingest/prepare.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/event-store.ts';
import { registerHealthRoutes, type HealthState } from './health-routes.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerFieldRoutes } from './field-routes.ts';
import { registerLedgerRoutes } from './ledger-routes.ts';
import { registerIntegrityRoutes } from './integrity-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { registerAccessRoutes } from './access-routes.ts';
import { nameableSystems } from '../access/roles-schema.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerUserRoutes } from './user-routes.ts';
import { registerOidcRoutes } from './oidc-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerSystemsRoutes } from './systems-routes.ts';
import { registerParseRoutes } from './parse-routes.ts';
import { registerRuleRoutes } from './rule-routes.ts';
import { registerDetectionRoutes } from './detection-routes.ts';
import { esBulkSource } from '../sources/es-bulk.ts';
import { esHandshakeSource } from '../sources/es-handshake.ts';
import { httpNdjsonSource } from '../sources/http-ndjson.ts';
import { otlpHttpSource } from '../sources/otlp-http.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { Clock } from '../runtime/clock.ts';
import type { DetectionService } from '../detection/service.ts';
import type { AlertService } from '../alerts/service.ts';
import { registerAlertRoutes } from './alert-routes.ts';
import { redirectBrowsersToUi, registerUiRoutes } from './ui-routes.ts';
import { registerTailRoutes } from './tail-routes.ts';
import type { TailHub } from '../stream/tail-hub.ts';
import { registerContextRoutes } from './context-routes.ts';
import { registerSavedSearchRoutes } from './saved-search-routes.ts';

export interface HttpAppDeps {
  readonly config: Config;
  readonly store: EventStore;
  readonly engine: SqlEngine;
  /** Absent when the ledger is switched off. */
  readonly ledger: Ledger | undefined;
  readonly pipeline: IngestPipeline;
  /** Tokens, users, sessions, roles, masking profiles and the audit trail (src/access/, src/audit/). */
  readonly access: AccessServices;
  /** Parsers, systems inventory and clock check the pipeline runs: the systems routes read them. Absent in tests of other routes. */
  readonly preparation?: Preparation;
  /** The detection rules in force (issue 12): the detections and rules routes read them. Absent when detection is off. */
  readonly detection?: DetectionService;
  /** Alerts, silences and notifications (issue 14). Absent in tests of other routes. */
  readonly alerting?: AlertService;
  /** Live tail's fan-out of newly stored records (src/stream/tail-hub.ts). Absent in tests of other routes. */
  readonly tail?: TailHub;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Starting, ready or stopping, and whether ingest is read-only: for /healthz and /readyz. */
  readonly health: () => HealthState;
  /** Store a logwarden event (token created, revoked, an address locked out) through the pipeline; resolves once stored. */
  readonly record: RecordInternal;
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
  const catalogue = new RouteCatalogue();
  catalogue.watch(app);
  registerSecurityHeaders(app, { https: deps.https !== undefined });
  redirectBrowsersToUi(app);
  // One count of failed authentications per peer for tokens and passwords alike.
  const guard = new PeerGuard({ limits: deps.config.http.authThrottle, metrics: deps.metrics, logger: deps.logger, record: deps.record });
  app.addHook('onRequest', createAuthHook({ access: deps.access, limits: deps.config.http.authThrottle, metrics: deps.metrics, logger: deps.logger, clock: deps.clock, record: deps.record, guard }));
  registerAuditHook(app, deps.access.audit);
  app.setErrorHandler(nativeErrorHandler(deps.logger));
  app.setNotFoundHandler((request, reply) => sendNativeError(new LogwardenError('LW_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply, deps.logger));

  registerHealthRoutes(app, deps.health);
  app.get('/metrics', { config: { permission: 'metrics.read' } }, async (request, reply) => {
    // The metrics label sources of every system: not for a caller narrowed to some (docs/access.md).
    if (request.principal?.scope.kind !== 'all') throw new LogwardenError('LW_AUTH_FORBIDDEN', 'the metrics cover every system; a caller limited to some systems may not read them');
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  registerSearchRoutes(app, deps);
  registerFieldRoutes(app, deps);
  if (deps.ledger)
    registerLedgerRoutes(app, {
      ledger: deps.ledger,
      store: deps.store,
      engine: deps.engine,
      dataDir: deps.config.dataDir,
      checkpointIntervalMs: deps.config.ledger.checkpointIntervalMs,
      clock: deps.clock,
    });
  if (deps.ledger) registerIntegrityRoutes(app, { ledger: deps.ledger, engine: deps.engine, dataDir: deps.config.dataDir, clock: deps.clock, audit: deps.access.audit });
  registerTokenRoutes(app, { access: deps.access, systems: nameableSystems(deps.config.systems), record: deps.record, clock: deps.clock });
  registerAccessRoutes(app, { access: deps.access, systems: nameableSystems(deps.config.systems), routes: () => catalogue.routes, clock: deps.clock });
  registerSessionRoutes(app, { config: deps.config, access: deps.access, clock: deps.clock, logger: deps.logger, guard });
  registerUserRoutes(app, { access: deps.access, clock: deps.clock });
  registerOidcRoutes(app, { config: deps.config, access: deps.access, clock: deps.clock, logger: deps.logger, guard });
  registerAuditRoutes(app, { store: deps.store, access: deps.access, clock: deps.clock, maxResponseBytes: deps.config.http.maxResponseBytes });
  if (deps.preparation) registerSystemsRoutes(app, { store: deps.store, preparation: deps.preparation, clock: deps.clock, logger: deps.logger });
  registerRuleRoutes(app, { detection: deps.detection, store: deps.store, config: deps.config, record: deps.record, clock: deps.clock, access: deps.access });
  // Stored detections stay readable with detection switched off.
  registerDetectionRoutes(app, { store: deps.store, clock: deps.clock, access: deps.access });
  if (deps.alerting) registerAlertRoutes(app, { alerting: deps.alerting, store: deps.store, clock: deps.clock, access: deps.access, ...(deps.detection ? { detection: deps.detection } : {}) });
  registerUiRoutes(app);
  if (deps.tail) registerTailRoutes(app, { hub: deps.tail, clock: deps.clock, access: deps.access });
  registerContextRoutes(app, deps);
  registerSavedSearchRoutes(app, { dataDir: deps.config.dataDir, clock: deps.clock });
  registerParseRoutes(app, { maxEventBytes: deps.config.ingest.maxEventBytes, clock: deps.clock });
  const sourceOptions = { config: deps.config, pipeline: deps.pipeline, metrics: deps.metrics, logger: deps.logger, clock: deps.clock };
  void app.register(httpNdjsonSource, sourceOptions);
  void app.register(esHandshakeSource, sourceOptions);
  void app.register(esBulkSource, sourceOptions);
  void app.register(otlpHttpSource, sourceOptions);
  return app;
}

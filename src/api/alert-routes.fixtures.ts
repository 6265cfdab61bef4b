// An in-process API for the alerting routes' tests: Fastify with the real auth hook, token store,
// roles, masking profiles, audit hook and error mapping; the real embedded engine, event store and
// pipeline; the real alert and silence stores and lifecycle over their transition tables; and
// detections stored as the detection engine stores them (detectionEvent through the pipeline),
// grouped into alerts as the alerting consumer groups them (addDetections).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { MaskingProfiles } from '../access/masking.ts';
import { RoleSet, type RoleDefinition } from '../access/roles.ts';
import { SessionStore } from '../access/sessions.ts';
import { TokenStore } from '../access/tokens.ts';
import { applyAction, addDetections, type AlertDetection } from '../alerts/alert-lifecycle.ts';
import { ALERT_ENTITY, alertId, alertStateSchema, type StoredAlert } from '../alerts/alert-state.ts';
import { AlertStore } from '../alerts/alert-store.ts';
import type { AlertService } from '../alerts/service.ts';
import { SILENCE_ENTITY, silenceStateSchema } from '../alerts/silence-state.ts';
import { SilenceStore } from '../alerts/silences.ts';
import { registerAuditHook } from '../audit/audit-hook.ts';
import { AuditTrail } from '../audit/audit-trail.ts';
import { configSchema } from '../config/schema.ts';
import type { Detection } from '../detection/detection.ts';
import { detectionEvent, storedDetection } from '../detection/detection-event.ts';
import type { RuleSet } from '../detection/rule.ts';
import { TransitionLog } from '../entities/transition-log.ts';
import { createAuthHook } from '../http/auth.ts';
import { nativeErrorHandler } from '../http/error-reply.ts';
import { IngestPipeline } from '../ingest/pipeline.ts';
import { NotificationLog } from '../notify/notification-log.ts';
import { NOTIFICATION_ENTITY, notificationStateSchema, type NotificationState } from '../notify/notification-state.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { registerAlertRoutes } from './alert-routes.ts';

/** An analyst's reading and acting, masked by the third-party profile. */
const MASKED_ANALYST: RoleDefinition = { name: 'masked-analyst', description: '', permissions: ['alerts.read', 'alerts.act'], masking: 'third-party' };

export interface AlertApp {
  readonly app: FastifyInstance;
  readonly engine: ChdbEngine;
  readonly clock: ManualClock;
  readonly alerts: AlertStore;
  readonly notifications: TransitionLog<NotificationState>;
  readonly tokens: { admin: string; analyst: string; webOnly: string; reader: string; masked: string; ingest: string };
  /** Store these detections (one rule and group) and open an alert of the first, then add the rest, as the consumer does. */
  openAlert(detections: readonly Detection[]): Promise<StoredAlert>;
  /** Store more detections of the alert's rule and group and add them to it. */
  addToAlert(alert: StoredAlert, detections: readonly Detection[]): Promise<StoredAlert>;
  /** Store detections without an alert (other groups, or later than an alert's range). */
  storeDetections(detections: readonly Detection[]): Promise<AlertDetection[]>;
  rules: RuleSet;
  close(): Promise<void>;
}

export async function alertApp(now: number): Promise<AlertApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-alert-routes-'));
  const clock = new ManualClock(now);
  const logger = createLogger('silent');
  const engine = new ChdbEngine(path.join(dir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open();
  const pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node' }, createMetrics(), logger);
  await pipeline.open();
  const transitions = <State>(entity: string, schema: import('zod').ZodType<State>) => new TransitionLog<State>({ entity, schema, engine, events: pipeline, clock });
  const alerts = new AlertStore(transitions(ALERT_ENTITY, alertStateSchema));
  await alerts.open();
  const silences = new SilenceStore(transitions(SILENCE_ENTITY, silenceStateSchema), clock);
  await silences.open();
  const notifications = transitions(NOTIFICATION_ENTITY, notificationStateSchema);
  const service: AlertService = {
    alerts,
    silences,
    notifications: new NotificationLog(notifications),
    act: (id, action, by) => alerts.change(id, by, (current) => applyAction(current, action, by, clock.now())),
    test: async () => {
      throw new Error('no channels in these tests');
    },
    link: (id) => `https://logwarden.example/api/v1/alerts/${id}`,
  };
  const tokens = new TokenStore(TokenStore.secretsDir(dir));
  const admin = (await readFile((await tokens.open(dir, now)) as string, 'utf8')).trim();
  const made = {
    admin,
    analyst: (await tokens.create('ann', 'analyst', { now })).token,
    webOnly: (await tokens.create('wendy', 'analyst', { now, systems: ['web'] })).token,
    reader: (await tokens.create('rita', 'reader', { now })).token,
    masked: (await tokens.create('vendor', 'masked-analyst', { now })).token,
    ingest: (await tokens.create('web-1', 'ingest', { now })).token,
  };
  const config = configSchema.parse({});
  const masking = new MaskingProfiles(config.access.masking, TokenStore.secretsDir(dir));
  await masking.open();
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook(
    'onRequest',
    createAuthHook({ access: { tokens, sessions: new SessionStore({}), roles: new RoleSet([MASKED_ANALYST]) }, limits: config.http.authThrottle, metrics: createMetrics(), logger, clock }),
  );
  registerAuditHook(app, new AuditTrail(() => pipeline, { clock, logger }));
  app.setErrorHandler(nativeErrorHandler(logger));
  const fixture: AlertApp = {
    app,
    engine,
    clock,
    alerts,
    notifications,
    tokens: made,
    rules: { rules: [], skipped: [] },
    async storeDetections(detections) {
      const events = detections.map((detection) => detectionEvent(detection, clock.now()));
      await pipeline.submit(events);
      return events.map((event) => ({ ...storedDetection(event), received: clock.now(), hosts: ['web-1'] }));
    },
    async openAlert(detections) {
      const [first, ...rest] = await fixture.storeDetections(detections);
      const state = addDetections(undefined, [first as AlertDetection], clock.now());
      if (!state) throw new Error('no alert state');
      const opened = await alerts.create(alertId((first as AlertDetection).id), state, 'logwarden');
      return rest.length === 0 ? opened : alerts.change(opened.id, 'logwarden', (current) => addDetections(current.state, rest, clock.now()));
    },
    async addToAlert(alert, detections) {
      const stored = await fixture.storeDetections(detections);
      return alerts.change(alert.id, 'logwarden', (current) => addDetections(current.state, stored, clock.now()));
    },
    async close() {
      await app.close();
      await pipeline.close();
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  registerAlertRoutes(app, { alerting: service, store, clock, access: { masking }, detection: { ruleSet: () => fixture.rules, reload: async () => fixture.rules, importDir: dir } });
  return fixture;
}

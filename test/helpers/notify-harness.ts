// Test helper: the notification scheduler on the real embedded engine, the real ingest pipeline
// and the ledger (every alert and notification transition is a logwarden event), with real
// channels from the configuration (openChannels) and the real masking profiles. Alerts are made
// with the real AlertStore; start() can be called again on the same data, as after a restart.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { MaskingProfiles } from '../../src/access/masking.ts';
import { ALERT_ENTITY, alertStateSchema, type AlertState, type StoredAlert } from '../../src/alerts/alert-state.ts';
import { AlertStore } from '../../src/alerts/alert-store.ts';
import { alertsSchema } from '../../src/alerts/alerts-schema.ts';
import { SILENCE_ENTITY, silenceStateSchema } from '../../src/alerts/silence-state.ts';
import { SilenceStore } from '../../src/alerts/silences.ts';
import { configSchema } from '../../src/config/schema.ts';
import { TransitionLog } from '../../src/entities/transition-log.ts';
import { IngestPipeline } from '../../src/ingest/pipeline.ts';
import { openLedgerKeys } from '../../src/ledger/keys.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { TransparencyFile } from '../../src/ledger/transparency-file.ts';
import type { Channel } from '../../src/notify/channel.ts';
import { openChannels } from '../../src/notify/channels/index.ts';
import { NOTIFICATION_ENTITY, notificationStateSchema, type NotificationState } from '../../src/notify/notification-state.ts';
import { notificationsSchema } from '../../src/notify/notifications-schema.ts';
import { NotificationScheduler } from '../../src/notify/scheduler.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics, type Metrics } from '../../src/observability/metrics.ts';
import { systemClock } from '../../src/runtime/clock.ts';
import { ChdbEngine } from '../../src/store/chdb-engine.ts';
import { EventStore } from '../../src/store/event-store.ts';
import { StreamConsumers } from '../../src/stream/consumers.ts';

export interface Running {
  readonly alerts: AlertStore;
  readonly silences: SilenceStore;
  readonly scheduler: NotificationScheduler;
  readonly notifications: TransitionLog<NotificationState>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

export interface NotifyHarness {
  readonly dir: string;
  readonly engine: ChdbEngine;
  /** A scheduler (and its stores) on the harness's data; `alerts` and `notifications` are the configuration sections as written. */
  start(config: { alerts?: unknown; notifications: unknown }): Promise<Running>;
  close(): Promise<void>;
}

/** A Standard Webhooks signing secret. */
export function webhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function openNotifyHarness(): Promise<NotifyHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-notify-'));
  const engine = new ChdbEngine(path.join(dir, 'clickhouse'));
  const store = new EventStore(engine);
  await store.open();
  const logger = createLogger('silent');
  const pipeline = new IngestPipeline(store, { batchMaxEvents: 100, batchMaxDelayMs: 5, queueMaxEvents: 1000, node: 'test-node' }, createMetrics(), logger);
  const lastStored = await pipeline.open();
  const ledger = new Ledger(engine, await openLedgerKeys(dir), await TransparencyFile.open(dir), { node: 'test-node', checkpointIntervalMs: 100, idleCheckpointMs: 60_000 }, logger);
  await ledger.open(lastStored);
  // The ledger's consumers run on the machine's clock (see src/entities/transition-log.test.ts).
  const consumers = new StreamConsumers({ engine, node: 'test-node', metrics: createMetrics(), logger, clock: systemClock }, lastStored);
  pipeline.addStoredBatchListener(consumers);
  await consumers.register(ledger);
  const masking = new MaskingProfiles(configSchema.parse({}).access.masking, path.join(dir, 'secrets'));
  await masking.open();
  const transitions = <State>(entity: string, schema: z.ZodType<State>) => new TransitionLog<State>({ entity, schema, engine, events: pipeline, clock: systemClock });
  const running: Running[] = [];
  return {
    dir,
    engine,
    async start(config) {
      const notificationsConfig = notificationsSchema.parse(config.notifications);
      const alerts = new AlertStore(transitions(ALERT_ENTITY, alertStateSchema));
      await alerts.open();
      const silences = new SilenceStore(transitions(SILENCE_ENTITY, silenceStateSchema), systemClock);
      await silences.open();
      const channels = await openChannels(notificationsConfig.channels, { timeoutMs: notificationsConfig.retry.timeout, env: {} });
      const notifications = transitions(NOTIFICATION_ENTITY, notificationStateSchema);
      const metrics = createMetrics();
      const scheduler = new NotificationScheduler({
        alertsConfig: alertsSchema.parse(config.alerts),
        notificationsConfig,
        alerts,
        silences,
        notifications,
        channels,
        masking,
        link: (id) => `https://logwarden.example.org/api/v1/alerts/${id}`,
        metrics,
        logger,
        clock: systemClock,
      });
      await scheduler.start();
      const handle: Running = {
        alerts,
        silences,
        scheduler,
        notifications,
        channels,
        metrics,
        async stop() {
          await scheduler.stop();
          await Promise.all([...channels.values()].map((channel) => channel.close()));
        },
      };
      running.push(handle);
      return handle;
    },
    async close() {
      for (const handle of running) await handle.stop();
      await pipeline.close();
      await consumers.close();
      await ledger.close();
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A new open alert of a rule, opened now, as the alerting consumer would make it. */
export async function openAlert(alerts: AlertStore, overrides: Partial<AlertState> = {}): Promise<StoredAlert> {
  counter += 1;
  const now = systemClock.now();
  const state = alertStateSchema.parse({
    rule: { id: 'ssh-brute', title: 'SSH brute force', level: 'high', revision: 'r1', tags: ['attack.credential-access'], ruleset: 'default' },
    group: { 'source.ip': `203.0.113.${counter}` },
    state: 'open',
    detections: [`det-${counter}`],
    detectionCount: 1,
    firstSequence: counter,
    lastSequence: counter,
    firstSeen: now,
    lastSeen: now,
    firstReceived: now,
    systems: ['linux'],
    hosts: ['web-1'],
    message: `SSH brute force: 5 failed logins from 203.0.113.${counter}`,
    why: { kind: 'threshold', values: { 'source.ip': `203.0.113.${counter}`, 'user.name': 'root' }, count: 5 },
    openedAt: now,
    comments: [],
    change: { kind: 'create' },
    ...overrides,
  });
  return alerts.create(`alert-${counter}-${randomBytes(4).toString('hex')}`, state, 'logwarden');
}

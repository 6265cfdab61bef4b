// Alerting as a component of the server (docs/alerting.md): the alert, silence and notification
// entities, the `alerting` consumer that groups stored detections into alerts, the channels, and
// the scheduler that notifies and escalates. It depends on the pipeline (every transition is a
// logwarden event stored through it) and on access (channels mask with its profiles). It is also
// the AlertService the API's alert routes use.
import type { AccessComponent } from '../access/access-component.ts';
import type { Config } from '../config/schema.ts';
import { TransitionLog } from '../entities/transition-log.ts';
import type { PipelineComponent } from '../ingest/pipeline-component.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { StoreComponent } from '../store/store-component.ts';
import type { z } from 'zod';
import { openChannels } from '../notify/channels/index.ts';
import type { Channel } from '../notify/channel.ts';
import { NOTIFICATION_ENTITY, notificationStateSchema, type StoredNotification } from '../notify/notification-state.ts';
import { NotificationScheduler } from '../notify/scheduler.ts';
import { AlertConsumer } from './alert-consumer.ts';
import { actOn } from './alert-actions.ts';
import { ALERT_ENTITY, alertStateSchema, type StoredAlert } from './alert-state.ts';
import { AlertStore } from './alert-store.ts';
import type { AlertAction, AlertReader, AlertService, NotificationReader, SilenceService } from './service.ts';
import { SILENCE_ENTITY, silenceStateSchema } from './silence-state.ts';
import { SilenceStore } from './silences.ts';

export interface AlertingRuntime {
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where people reach the server (alerts.url, else the HTTP listener's URL once it listens). */
  readonly baseUrl: () => string;
}

interface Running {
  readonly alerts: AlertStore;
  readonly silences: SilenceStore;
  readonly scheduler: NotificationScheduler;
  readonly channels: ReadonlyMap<string, Channel>;
}

export class AlertingComponent implements Component, AlertService {
  readonly name = 'alerting';
  readonly dependencies: readonly string[];
  readonly #config: Config;
  readonly #store: StoreComponent;
  readonly #pipeline: PipelineComponent;
  readonly #access: AccessComponent;
  readonly #runtime: AlertingRuntime;
  #running: Running | undefined;

  constructor(config: Config, store: StoreComponent, pipeline: PipelineComponent, access: AccessComponent, runtime: AlertingRuntime) {
    this.#config = config;
    this.#store = store;
    this.#pipeline = pipeline;
    this.#access = access;
    this.#runtime = runtime;
    this.dependencies = [pipeline.name, access.name];
  }

  async start(): Promise<void> {
    const { metrics, logger, clock } = this.#runtime;
    const transitions = <State>(entity: string, schema: z.ZodType<State>) => new TransitionLog<State>({ entity, schema, engine: this.#store.engine, events: this.#pipeline.pipeline, clock });
    const alerts = new AlertStore(transitions(ALERT_ENTITY, alertStateSchema));
    await alerts.open();
    metrics.alertsActive.set(alerts.active().length);
    alerts.onChange(() => metrics.alertsActive.set(alerts.active().length));
    const silences = new SilenceStore(transitions(SILENCE_ENTITY, silenceStateSchema), clock);
    await silences.open();
    const channels = await openChannels(this.#config.notifications.channels, { timeoutMs: this.#config.notifications.retry.timeout, env: process.env });
    const scheduler = new NotificationScheduler({
      alertsConfig: this.#config.alerts,
      notificationsConfig: this.#config.notifications,
      alerts,
      silences,
      notifications: transitions(NOTIFICATION_ENTITY, notificationStateSchema),
      channels,
      masking: this.#access.services.masking,
      link: (id) => this.link(id),
      metrics,
      logger,
      clock,
    });
    this.#running = { alerts, silences, scheduler, channels };
    await scheduler.start();
    await this.#pipeline.consumers.register(new AlertConsumer({ alerts, engine: this.#store.engine.isolated(), node: this.#config.node, metrics, logger, clock }));
  }

  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    await running.scheduler.stop();
    await Promise.all([...running.channels.values()].map((channel) => channel.close()));
  }

  health(): ComponentHealth {
    return HEALTHY;
  }

  get alerts(): AlertReader {
    return this.#started().alerts;
  }

  get silences(): SilenceService {
    return this.#started().silences;
  }

  get notifications(): NotificationReader {
    return this.#started().scheduler.log;
  }

  /** A person's change (LW_ALERT_UNKNOWN for an unknown id, LW_ALERT_STATE for a move the lifecycle refuses). */
  act(id: string, action: AlertAction, by: string): Promise<StoredAlert> {
    return actOn(this.#started().alerts, id, action, by, this.#runtime.clock.now());
  }

  test(channel: string, by: string): Promise<StoredNotification> {
    return this.#started().scheduler.test(channel, by);
  }

  link(id: string): string {
    return `${(this.#config.alerts.url ?? this.#runtime.baseUrl()).replace(/\/+$/, '')}/api/v1/alerts/${id}`;
  }

  #started(): Running {
    if (!this.#running) throw new Error('alerting is used before it started');
    return this.#running;
  }
}

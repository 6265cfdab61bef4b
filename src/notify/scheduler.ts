// The notification scheduler (docs/alerting.md, "Notifications" and "Escalation"): it decides,
// for every active alert and every route that takes it, which notice is due when (group wait,
// group interval, repeat interval, escalation levels, silences), records each delivery and its
// attempts as a notification entity, retries with back-off and dead-letters after the last try.
// SCAFFOLD: filled in by the scheduler work.
import type { MaskingProfiles } from '../access/masking.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { NotificationReader, SilenceService } from '../alerts/service.ts';
import type { AlertsConfig } from '../alerts/alerts-schema.ts';
import type { TransitionLog } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Channel } from './channel.ts';
import type { NotificationState, StoredNotification } from './notification-state.ts';
import type { NotificationsConfig } from './notifications-schema.ts';

export interface SchedulerDeps {
  readonly alertsConfig: AlertsConfig;
  readonly notificationsConfig: NotificationsConfig;
  readonly alerts: AlertStore;
  readonly silences: Pick<SilenceService, 'matching'>;
  readonly notifications: TransitionLog<NotificationState>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly masking: MaskingProfiles;
  readonly link: (alertId: string) => string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

export class NotificationScheduler {
  readonly log: NotificationReader;
  readonly #deps: SchedulerDeps;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.log = { list: async () => [] };
  }

  /** Load what is pending, plan every active alert, and start the timer. */
  async start(): Promise<void> {
    void this.#deps;
  }

  /** Stop the timer and wait for deliveries in flight (each bounded by the retry timeout). */
  async stop(): Promise<void> {}

  async test(channel: string, by: string): Promise<StoredNotification> {
    void by;
    throw new LogwardenError('LW_ALERT_UNKNOWN', `no notification channel ${JSON.stringify(channel)}`);
  }
}

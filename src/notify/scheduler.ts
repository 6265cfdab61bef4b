// The notification scheduler (docs/alerting.md, "Notifications" and "Escalation"): it decides,
// for every active alert and every route that takes it, which notice is due when (plan.ts: group
// wait, group interval, repeat interval, escalation levels, silences), records each delivery and
// its attempts as a notification entity, retries with back-off and dead-letters after the last try.
//
// One timer, armed at the earliest time anything becomes due (no polling: the time from an event to
// its first notice is what people wait for), re-planned when an alert changes or a silence does.
// Fire once: a route's progress is stored in the alert (change notify / escalate) BEFORE its notices
// are delivered, so a restart never sends a notice again; delivery is then retried from the
// notification records, which a restart also resumes.
import { randomUUID } from 'node:crypto';
import type { MaskingProfiles } from '../access/masking.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { NotificationReader, SilenceService } from '../alerts/service.ts';
import type { AlertsConfig } from '../alerts/alerts-schema.ts';
import { isActive, type StoredAlert } from '../alerts/alert-state.ts';
import type { TransitionLog } from '../entities/transition-log.ts';
import { KeyedLock } from '../entities/keyed-lock.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Channel } from './channel.ts';
import { Delivery } from './delivery.ts';
import { buildNotice } from './notice.ts';
import { NotificationLog, SERVER, notificationId } from './notification-log.ts';
import type { NotificationState, StoredNotification } from './notification-state.ts';
import type { NotificationsConfig } from './notifications-schema.ts';
import { planNotices, stateAfter, type DueNotice, type Plan } from './plan.ts';
import { routesFor } from './routing.ts';
import { testAlert } from './test-notice.ts';

export interface SchedulerDeps {
  readonly alertsConfig: AlertsConfig;
  readonly notificationsConfig: NotificationsConfig;
  readonly alerts: AlertStore;
  /** `onChange` (optional): told when a silence is made or ended early, so what it held goes out at once. */
  readonly silences: Pick<SilenceService, 'matching'> & { onChange?(listener: () => void): void };
  readonly notifications: TransitionLog<NotificationState>;
  readonly channels: ReadonlyMap<string, Channel>;
  readonly masking: MaskingProfiles;
  readonly link: (alertId: string) => string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** setTimeout's limit is 2^31−1 ms; a later time is reached by waking once an hour. */
const MAX_SLEEP_MS = 3_600_000;

export class NotificationScheduler {
  readonly log: NotificationReader;
  readonly #deps: SchedulerDeps;
  readonly #records: NotificationLog;
  readonly #delivery: Delivery;
  readonly #lock = new KeyedLock();
  /** When each alert is next to be planned. */
  readonly #alertDue = new Map<string, number>();
  /** When each pending notification is next to be tried. */
  readonly #retryDue = new Map<string, number>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #running = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#records = new NotificationLog(deps.notifications);
    this.log = this.#records;
    this.#delivery = new Delivery({ log: this.#records, retry: deps.notificationsConfig.retry, metrics: deps.metrics, logger: deps.logger, clock: deps.clock });
  }

  /** Load what is pending, plan every active alert, and start the timer. */
  async start(): Promise<void> {
    this.#running = true;
    const { alerts, silences, clock } = this.#deps;
    alerts.onChange((alert) => this.#track(this.#replan(alert.id)));
    silences.onChange?.(() => {
      for (const alert of alerts.active()) this.#track(this.#replan(alert.id));
      for (const id of this.#alertDue.keys()) this.#track(this.#replan(id));
    });
    for (const record of await this.#records.pending()) this.#retryDue.set(record.id, record.state.nextAttemptAt ?? clock.now());
    for (const alert of alerts.active()) await this.#replan(alert.id);
    // An alert resolved or closed just before a stop may still owe its channels the notice.
    for (const alert of await alerts.all()) if (!isActive(alert.state) && owesEndNotice(alert)) await this.#replan(alert.id);
    this.#arm();
  }

  /** Stop the timer and wait for deliveries in flight (each bounded by the retry timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** One attempt now through `channel`, recorded as a notification of kind test (no alert). */
  async test(channel: string, by: string): Promise<StoredNotification> {
    const target = this.#deps.channels.get(channel);
    if (!target) {
      const known = [...this.#deps.channels.keys()].join(', ') || '(none configured)';
      throw new LogwardenError('LW_ALERT_UNKNOWN', `no notification channel ${JSON.stringify(channel)}: expected one of ${known}`);
    }
    const now = this.#deps.clock.now();
    const id = notificationId(['test', randomUUID()]);
    const record = await this.#records.create(id, { route: 'test', channel, channelType: target.type, kind: 'test', dueAt: now }, by);
    const alert = testAlert(id, now, by);
    const notice = () => buildNotice({ id, kind: 'test', alert, silencedBy: [], link: this.#deps.link(id), at: now }, target, this.#deps.masking);
    const done = await this.#delivery.attempt(record, target, notice, { maxAttempts: 1 });
    if (done.state.status !== 'delivered') {
      const reason = done.state.attempts.at(-1)?.error ?? 'failed';
      throw new LogwardenError('LW_NOTIFY_FAILED', `the test notification through ${channel} failed: ${reason}`, { notification: id, channel, reason });
    }
    return done;
  }

  #track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.#deps.logger.error({ err: error }, 'notification scheduling failed'));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  #replan(alertId: string): Promise<void> {
    return this.#lock.run(`alert:${alertId}`, () => this.#plan(alertId));
  }

  /** Plan one alert; store the progress, then deliver what is due; remember when to look again. */
  async #plan(alertId: string): Promise<void> {
    if (!this.#running) return;
    const now = this.#deps.clock.now();
    const current = await this.#deps.alerts.get(alertId);
    if (!current) return;
    let plan = this.#planFor(current, now);
    let stored = current;
    if (plan.notices.length > 0 || plan.newSuppressions.length > 0) {
      stored = await this.#deps.alerts.change(alertId, SERVER, (fresh) => {
        plan = this.#planFor(fresh, now);
        return stateAfter(fresh.state, plan);
      });
      this.#countSuppressed(plan);
      await this.#send(stored, plan.notices, now);
    }
    this.#setAlertDue(stored, plan.next);
  }

  #planFor(alert: StoredAlert, now: number): Plan {
    const { alertsConfig, notificationsConfig, silences } = this.#deps;
    const routes = routesFor(alert.state, notificationsConfig, alertsConfig);
    const holding = silences.matching(alert.state, now).map((silence) => ({ id: silence.id, until: silence.state.ended?.at ?? silence.state.endsAt }));
    return planNotices({ alert: alert.state, routes, silences: holding, now });
  }

  #countSuppressed(plan: Plan): void {
    if (plan.newSuppressions.length === 0) return;
    for (const notice of plan.held) this.#deps.metrics.notificationsSuppressed.inc({ channel: notice.channel });
  }

  /**
   * Record the notices (ids from the alert transition that advanced the progress) and start their
   * first attempts. All at once: each record is a write to the engine and the ledger, and one after
   * the other they held a notice seconds behind its due time when several were due together.
   */
  async #send(alert: StoredAlert, notices: readonly DueNotice[], now: number): Promise<void> {
    await Promise.all(notices.map((notice) => this.#sendOne(alert, notice, now)));
  }

  async #sendOne(alert: StoredAlert, notice: DueNotice, now: number): Promise<void> {
    const channel = this.#deps.channels.get(notice.channel);
    const id = notificationId([alert.id, alert.n, notice.route, notice.kind, notice.channel]);
    const record = await this.#records.create(id, {
      alert: alert.id,
      route: notice.route,
      channel: notice.channel,
      channelType: channel?.type ?? 'webhook',
      kind: notice.kind,
      ...(notice.level === undefined ? {} : { level: notice.level }),
      dueAt: now,
    });
    this.#track(this.#attempt(record, alert));
  }

  /** One attempt of a record; a pending result is tried again at its nextAttemptAt. */
  #attempt(record: StoredNotification, known?: StoredAlert): Promise<void> {
    return this.#lock.run(`notification:${record.id}`, async () => {
      const fresh = (await this.#records.get(record.id)) ?? record;
      if (fresh.state.status !== 'pending') return;
      const alertId = fresh.state.alert;
      const alert = known ?? (alertId === undefined ? undefined : await this.#deps.alerts.get(alertId));
      const channel = this.#deps.channels.get(fresh.state.channel);
      const { state } = fresh;
      const notice = () => {
        if (!alert) throw new Error(`alert ${alertId ?? '(none)'} is gone`);
        const silencedBy = alert.state.suppressedBy;
        return buildNotice(
          { id: fresh.id, kind: state.kind, ...(state.level === undefined ? {} : { level: state.level }), alert, silencedBy, link: this.#deps.link(alert.id), at: state.dueAt },
          channel ?? { name: state.channel },
          this.#deps.masking,
        );
      };
      const done = await this.#delivery.attempt(fresh, channel, notice, alert ? { firstReceived: alert.state.firstReceived } : {});
      if (done.state.status === 'pending' && done.state.nextAttemptAt !== undefined) this.#retryDue.set(done.id, done.state.nextAttemptAt);
      else this.#retryDue.delete(done.id);
      this.#arm();
    });
  }

  #setAlertDue(alert: StoredAlert, next: number | undefined): void {
    if (next === undefined) {
      this.#alertDue.delete(alert.id);
      if (!isActive(alert.state)) this.#delivery.forget(alert.id);
    } else this.#alertDue.set(alert.id, next);
    this.#arm();
  }

  /** Arm the one timer at the earliest due time (or leave it when it already fires sooner). */
  #arm(): void {
    if (!this.#running) return;
    const at = Math.min(...this.#alertDue.values(), ...this.#retryDue.values());
    if (at === Infinity || at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#wake(), Math.min(Math.max(0, at - this.#deps.clock.now()), MAX_SLEEP_MS));
    this.#timer.unref();
  }

  #wake(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.#deps.clock.now();
    for (const [id, at] of this.#alertDue) {
      if (at > now) continue;
      this.#alertDue.delete(id);
      this.#track(this.#replan(id));
    }
    for (const [id, at] of this.#retryDue) {
      if (at > now) continue;
      this.#retryDue.delete(id);
      this.#track(this.#records.get(id).then((record) => (record ? this.#attempt(record) : undefined)));
    }
    this.#arm();
  }
}

/** A route told the alert's channels of a state other than its current (inactive) one: the resolved or closed notice is still owed. */
function owesEndNotice(alert: StoredAlert): boolean {
  return Object.values(alert.state.routes).some((progress) => progress.notifiedAt !== undefined && progress.toldState !== alert.state.state);
}

// One delivery attempt of a notification and its record (docs/alerting.md, "Notifications"): the
// channel gets the notice with a time limit (retry.timeout); the attempt and its result become a
// transition of the notification: delivered, pending with the time of the next try (back-off
// doubling from retry.firstDelay up to retry.maxDelay, jittered), or dead — after the last try,
// or at once when the receiver refused the content (DeliveryError.retryable false). A dead letter
// is logged at warn, so it reaches whoever watches logwarden's own logs.
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { retryDelay, type RetryConfig } from './backoff.ts';
import { DeliveryError, type Channel, type Notice } from './channel.ts';
import type { AttemptResult, NotificationLog } from './notification-log.ts';
import type { Attempt, StoredNotification } from './notification-state.ts';

export interface DeliveryDeps {
  readonly log: NotificationLog;
  readonly retry: RetryConfig;
  readonly metrics: Pick<Metrics, 'notifications' | 'notificationLatency'>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** In [0, 1), for the jitter (Math.random in the server). */
  readonly random?: () => number;
}

export interface AttemptOptions {
  /** Tries before the record is dead (default retry.attempts; a test notice has one). */
  readonly maxAttempts?: number;
  /** Receipt time of the event behind the alert (state.firstReceived), for the latency of its first notification per channel. */
  readonly firstReceived?: number;
}

interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly retryable: boolean;
}

export class Delivery {
  readonly #deps: DeliveryDeps;
  /** `alert|channel` pairs whose first delivery was measured. */
  readonly #measured = new Set<string>();

  constructor(deps: DeliveryDeps) {
    this.#deps = deps;
  }

  /** One attempt now; `notice` makes the notice (it may throw DeliveryError, e.g. a missing masking profile). Returns the updated record. */
  async attempt(record: StoredNotification, channel: Channel | undefined, notice: () => Notice, options: AttemptOptions = {}): Promise<StoredNotification> {
    const { clock, retry } = this.#deps;
    const started = clock.now();
    const outcome = channel ? await this.#send(channel, notice) : { ok: false, retryable: false, error: `no channel "${record.state.channel}" is configured any more` };
    const attempt: Attempt = { at: started, outcome: outcome.ok ? 'delivered' : 'failed', ms: Math.max(0, clock.now() - started), ...(outcome.error ? { error: outcome.error.slice(0, 1000) } : {}) };
    const tries = record.state.attempts.length + 1;
    const result: AttemptResult = outcome.ok
      ? { status: 'delivered' }
      : !outcome.retryable || tries >= (options.maxAttempts ?? retry.attempts)
        ? { status: 'dead' }
        : { status: 'pending', nextAttemptAt: clock.now() + retryDelay(tries, retry, (this.#deps.random ?? Math.random)()) };
    const stored = await this.#deps.log.attempted(record, attempt, result);
    this.#account(stored, result, options);
    return stored;
  }

  /** Forget what was measured for an alert that is no longer active. */
  forget(alertId: string): void {
    for (const key of this.#measured) if (key.startsWith(`${alertId}|`)) this.#measured.delete(key);
  }

  async #send(channel: Channel, notice: () => Notice): Promise<Outcome> {
    const timeout = this.#deps.retry.timeout;
    const signal = AbortSignal.timeout(timeout);
    // The race bounds the attempt even when a channel does not honour the signal.
    const expired = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new DeliveryError(`timed out after ${timeout} ms`)), { once: true }));
    expired.catch(() => undefined);
    try {
      await Promise.race([channel.deliver(notice(), signal), expired]);
      return { ok: true, retryable: false };
    } catch (error) {
      return { ok: false, ...describeFailure(error, signal.aborted, timeout) };
    }
  }

  #account(stored: StoredNotification, result: AttemptResult, options: AttemptOptions): void {
    const { metrics, logger, clock } = this.#deps;
    const { channel, kind, alert } = stored.state;
    const outcome = result.status === 'pending' ? 'failed' : result.status;
    metrics.notifications.inc({ channel, kind, outcome });
    if (result.status === 'dead') {
      const last = stored.state.attempts.at(-1)?.error;
      logger.warn({ notification: stored.id, alert, channel, kind, attempts: stored.state.attempts.length, error: last }, 'notification dead-lettered: not delivered after its last try');
    }
    if (result.status === 'delivered' && alert !== undefined && options.firstReceived !== undefined && !this.#measured.has(`${alert}|${channel}`)) {
      this.#measured.add(`${alert}|${channel}`);
      metrics.notificationLatency.observe({ channel }, Math.max(0, clock.now() - options.firstReceived) / 1000);
    }
  }
}

/** What went wrong in words fit for the record: a DeliveryError's own text, else only an error code or class (other messages may carry a URL with a token in it). */
function describeFailure(error: unknown, timedOut: boolean, timeout: number): { error: string; retryable: boolean } {
  if (error instanceof DeliveryError) return { error: error.message, retryable: error.retryable };
  if (timedOut) return { error: `timed out after ${timeout} ms`, retryable: true };
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return { error: code ?? (error instanceof Error ? error.name : 'failed'), retryable: true };
}

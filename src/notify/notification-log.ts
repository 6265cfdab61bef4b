// The notification records (docs/alerting.md, "Notifications"): each notice to one channel is an
// entity, created pending, with one transition per delivery attempt; it ends delivered, or dead
// after the last try (the dead-letter record, which stays listed for people to look at). All of it
// goes through the TransitionLog, so every attempt and its result is in the ledger.
import type { NotificationFilter, NotificationReader } from '../alerts/service.ts';
import type { TransitionLog } from '../entities/transition-log.ts';
import type { Attempt, NotificationState, StoredNotification } from './notification-state.ts';

/** Who writes the records: the server itself (a test notice names the person who asked). */
export const SERVER = 'logwarden';

/** What a new record says; status and attempts start as pending and none. */
export type NewNotification = Omit<NotificationState, 'status' | 'attempts' | 'nextAttemptAt'>;

/** What came of an attempt: delivered, another try at `nextAttemptAt`, or dead. */
export type AttemptResult = { readonly status: 'delivered' } | { readonly status: 'pending'; readonly nextAttemptAt: number } | { readonly status: 'dead' };

/** A notification's id as receivers dedupe by: letters, digits, `.`, `_` and `-` only (safe in a Message-ID and a syslog MSGID). */
export function notificationId(parts: readonly (string | number)[]): string {
  return parts
    .map((part) => String(part).replaceAll(/[^A-Za-z0-9._-]/g, '_'))
    .join('-')
    .slice(0, 200);
}

export class NotificationLog implements NotificationReader {
  readonly #log: TransitionLog<NotificationState>;

  constructor(log: TransitionLog<NotificationState>) {
    this.#log = log;
  }

  /** Record a notice due now; the same id again (a retry of the step that made it) returns the stored record. */
  async create(id: string, notification: NewNotification, by: string = SERVER): Promise<StoredNotification> {
    const existing = await this.#log.current(id);
    if (existing) return existing;
    const { transition } = await this.#log.apply({ id, n: 1, state: { ...notification, status: 'pending', attempts: [] }, by });
    return transition;
  }

  /** Record one attempt and what came of it. */
  async attempted(current: StoredNotification, attempt: Attempt, result: AttemptResult): Promise<StoredNotification> {
    const { nextAttemptAt: _previous, ...rest } = current.state;
    void _previous;
    const state: NotificationState = { ...rest, attempts: [...rest.attempts, attempt].slice(-50), ...result };
    const { transition } = await this.#log.apply({ id: current.id, n: current.n + 1, state, by: current.by });
    return transition;
  }

  get(id: string): Promise<StoredNotification | undefined> {
    return this.#log.current(id);
  }

  /** Newest first (by when they became due), filtered, at most `limit`. */
  async list(filter: NotificationFilter): Promise<StoredNotification[]> {
    const all = await this.#log.currentAll();
    return all
      .filter(
        (record) =>
          (filter.status === undefined || record.state.status === filter.status) &&
          (filter.alert === undefined || record.state.alert === filter.alert) &&
          (filter.channel === undefined || record.state.channel === filter.channel),
      )
      .sort((a, b) => b.state.dueAt - a.state.dueAt || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit);
  }

  /** The records still to deliver (for a restart). */
  async pending(): Promise<StoredNotification[]> {
    return (await this.#log.currentAll()).filter((record) => record.state.status === 'pending');
  }
}

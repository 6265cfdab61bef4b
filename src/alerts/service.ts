// What the API routes and the CLI see of alerting while the server runs (alerting-component.ts
// provides it): the alerts and the changes people make to them, silences, notification records,
// and test notices. The lifecycle rules themselves are pure (alert-lifecycle.ts).
import type { StoredTransition } from '../entities/transition-log.ts';
import type { AlertState, Disposition, StoredAlert } from './alert-state.ts';
import type { SilenceMatcher, StoredSilence } from './silence-state.ts';
import type { NotificationStatus, StoredNotification } from '../notify/notification-state.ts';

/** A change a person asks for; each becomes one transition of the alert, with its comment as the why. */
export type AlertAction =
  | { readonly kind: 'acknowledge'; readonly comment?: string }
  | { readonly kind: 'resolve'; readonly comment?: string }
  | { readonly kind: 'close'; readonly disposition: Disposition; readonly comment?: string }
  | { readonly kind: 'reopen'; readonly comment?: string }
  /** assignee undefined: unassign. */
  | { readonly kind: 'assign'; readonly assignee: string | undefined; readonly comment?: string }
  | { readonly kind: 'comment'; readonly text: string };

export interface AlertReader {
  get(id: string): Promise<StoredAlert | undefined>;
  all(): Promise<StoredAlert[]>;
  history(id: string): Promise<StoredTransition<AlertState>[]>;
}

export interface SilenceService {
  /** Every silence, newest first. */
  all(): Promise<StoredSilence[]>;
  get(id: string): Promise<StoredSilence | undefined>;
  create(input: { readonly matcher: SilenceMatcher; readonly startsAt: number; readonly endsAt: number; readonly reason: string }, by: string): Promise<StoredSilence>;
  /** End a silence before its time (LW_ALERT_STATE when it already ended). */
  end(id: string, by: string, why: string | undefined): Promise<StoredSilence>;
  /** The silences in force at `now` that match the alert (from memory). */
  matching(alert: AlertState, now: number): StoredSilence[];
}

export interface NotificationFilter {
  readonly status?: NotificationStatus;
  readonly alert?: string;
  readonly channel?: string;
  readonly limit: number;
}

export interface NotificationReader {
  /** Newest first. */
  list(filter: NotificationFilter): Promise<StoredNotification[]>;
}

export interface AlertService {
  readonly alerts: AlertReader;
  readonly silences: SilenceService;
  readonly notifications: NotificationReader;
  /** Apply a person's change (LW_ALERT_UNKNOWN, LW_ALERT_STATE when it cannot be made from the current state). */
  act(id: string, action: AlertAction, by: string): Promise<StoredAlert>;
  /** Send a test notice through one channel now, one attempt, recorded like any (LW_ALERT_UNKNOWN for an unknown channel, LW_NOTIFY_FAILED when it failed). */
  test(channel: string, by: string): Promise<StoredNotification>;
  /** Where a person opens an alert (alerts.url or the HTTP listener, then /api/v1/alerts/{id}). */
  link(id: string): string;
}

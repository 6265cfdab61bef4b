// The seam between alerting and the channels (docs/alerting.md, "Channels"): the scheduler decides
// that a notice is due and records its attempts; a channel only turns a notice into its own
// message (content.ts) and delivers it once, throwing when the receiver did not take it. Retries,
// back-off and dead letters are the scheduler's (delivery.ts), the same for every channel.
import type { AlertContract } from '../contracts/alerts.ts';
import type { ChannelType, NotificationKind } from './notification-state.ts';

/** What a notification tells: the alert as the channel may see it (already masked with the channel's profile). */
export interface Notice {
  /** The notification's id: the webhook-id, the email's Message-ID, the syslog MSGID's suffix. Stable across retries. */
  readonly id: string;
  readonly kind: NotificationKind;
  /** The escalation level, for kind escalation. */
  readonly level?: number;
  /** The alert at the time the notice was made (masked when the channel names a profile). */
  readonly alert: AlertContract;
  /** The values the last detection matched on, by field (masked like the alert). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Where a person opens the alert. */
  readonly link: string;
  /** When the notice was made, epoch ms. */
  readonly at: number;
}

/** Why a delivery failed, in words fit for the record (never a secret, never the message). */
export class DeliveryError extends Error {
  /** false: retrying cannot help (e.g. the receiver refused the content with 400); the notice is dead-lettered at once. */
  readonly retryable: boolean;
  constructor(message: string, retryable = true) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = retryable;
  }
}

export interface Channel {
  readonly name: string;
  readonly type: ChannelType;
  /** The masking profile applied to what this channel sends, if any. */
  readonly masking?: string;
  /** Send the notice once; resolves when the receiver took it, throws DeliveryError when it did not. */
  deliver(notice: Notice, signal: AbortSignal): Promise<void>;
  /** Release connections (SMTP pool, syslog socket). */
  close(): Promise<void>;
}

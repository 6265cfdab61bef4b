// One notification: one message about one alert to one channel, and every attempt to deliver it
// (docs/alerting.md, "Notifications"). An entity like alerts (src/entities/transition-log.ts):
// created pending, then one transition per attempt, ending delivered or, after the last try,
// dead (the dead-letter record). So every attempt and its result is in the ledger, and a restart
// finds the pending ones and goes on trying. Its id is also the message id receivers dedupe by
// (the Standard Webhooks `webhook-id`, the email's Message-ID). Pure.
import { z } from 'zod';

export const NOTIFICATION_ENTITY = 'notification';

export const CHANNEL_TYPES = ['email', 'webhook', 'slack', 'syslog'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * initial: the alert's first notice on a route (after its group wait); update: new detections
 * (after the group interval); repeat: still open (after the repeat interval); escalation: a
 * policy level fired; resolved / closed / reopened: the state changed after channels were told;
 * test: `logwarden notifications test`.
 */
export const NOTIFICATION_KINDS = ['initial', 'update', 'repeat', 'escalation', 'resolved', 'closed', 'reopened', 'test'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

const epochMs = z.number().int().nonnegative();

export const attemptSchema = z
  .object({
    at: epochMs,
    outcome: z.enum(['delivered', 'failed']),
    /** How long the attempt took, ms. */
    ms: z.number().int().nonnegative(),
    /** What went wrong (never a secret): e.g. `HTTP 500`, `ECONNREFUSED`, `550 mailbox unavailable`. */
    error: z.string().max(1000).optional(),
  })
  .strict();
export type Attempt = z.output<typeof attemptSchema>;

export const notificationStateSchema = z
  .object({
    /** The alert's id; absent for a test notification. */
    alert: z.string().optional(),
    route: z.string(),
    channel: z.string(),
    channelType: z.enum(CHANNEL_TYPES),
    kind: z.enum(NOTIFICATION_KINDS),
    /** The escalation level, for kind escalation. */
    level: z.number().int().min(1).optional(),
    /** When it became due, epoch ms. */
    dueAt: epochMs,
    status: z.enum(NOTIFICATION_STATUSES),
    attempts: z.array(attemptSchema).max(50),
    /** When the next attempt is due (pending only), epoch ms. */
    nextAttemptAt: epochMs.optional(),
  })
  .strict();
export type NotificationState = z.output<typeof notificationStateSchema>;

export interface StoredNotification {
  readonly id: string;
  readonly n: number;
  readonly state: NotificationState;
  readonly by: string;
  readonly at: number;
}

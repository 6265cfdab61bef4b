// The alerting API (docs/api.md "Alerts", docs/alerting.md): alerts and their lifecycle, silences,
// notifications and the review report. `logwarden alerts …` prints the same objects. Times are ISO
// 8601 with milliseconds (UTC); durations are milliseconds. Pure.
import { z } from 'zod';
import { ALERT_CHANGES, ALERT_STATES, DISPOSITIONS } from '../alerts/alert-state.ts';
import { RULE_LEVELS } from '../detection/rule.ts';
import { CHANNEL_TYPES, NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from '../notify/notification-state.ts';
import { detectionContract, detectionRuleContract } from './detections.ts';

const iso = z.string();
const alertStatus = z.enum(ALERT_STATES);
const level = z.enum(RULE_LEVELS);
/** A comma-separated list in a query string, e.g. `state=open,acknowledged`. */
const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(1000)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1));

export const alertId = z.string().regex(/^[0-9a-f]{20}$/, 'expected an alert id: 20 hex digits');

// ---- alerts

export const alertsParams = z.object({
  /** One state or a comma-separated list, e.g. `open,acknowledged`; default every state. */
  state: commaList(alertStatus).optional(),
  /** A rule's id or title, exactly. */
  rule: z.string().min(1).max(512).optional(),
  level: level.optional(),
  /** One of the alert's systems. */
  system: z.string().min(1).max(63).optional(),
  /** The person the alert is assigned to; `none` for unassigned ones. */
  assignee: z.string().min(1).max(200).optional(),
  /** Alerts last seen (newest detection, event time) from / before these times: ISO 8601, epoch ms, now-7d. */
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export type AlertsParams = z.output<typeof alertsParams>;

export const alertCommentContract = z.object({ by: z.string(), at: iso, text: z.string() });

export const alertContract = z.object({
  id: z.string(),
  state: alertStatus,
  rule: detectionRuleContract,
  /** The group key: group-by field → value (empty for a plain rule match). */
  group: z.record(z.string(), z.string()),
  /** The ids of its detections, oldest first (the first 1,000; `detectionCount` counts all, `GET /api/v1/alerts/{id}/detections` lists all). */
  detections: z.array(z.string()),
  detectionCount: z.number().int(),
  /** Sequence numbers of its first and newest detection events. */
  firstSequence: z.number().int(),
  lastSequence: z.number().int(),
  /** Event times of the first and the newest detection. */
  firstSeen: iso,
  lastSeen: iso,
  systems: z.array(z.string()),
  hosts: z.array(z.string()),
  /** The newest detection's one-line message. */
  message: z.string(),
  disposition: z.enum(DISPOSITIONS).optional(),
  assignee: z.string().optional(),
  openedAt: iso,
  acknowledgedAt: iso.optional(),
  resolvedAt: iso.optional(),
  closedAt: iso.optional(),
  comments: z.array(alertCommentContract),
  /** Silences in force now that hold its notifications back (ids); empty when none. */
  silencedBy: z.array(z.string()),
  /** Its transition number (each change is one, in the ledger), who made the last and when. */
  transition: z.number().int(),
  updatedBy: z.string(),
  updatedAt: iso,
});
export type AlertContract = z.infer<typeof alertContract>;

export const alertsResponse = z.object({ alerts: z.array(alertContract) });
export type AlertsResponse = z.infer<typeof alertsResponse>;

export const alertTransitionContract = z.object({
  n: z.number().int(),
  at: iso,
  by: z.string(),
  change: z.enum(ALERT_CHANGES),
  why: z.string().optional(),
  state: alertStatus,
});

export const attemptContract = z.object({ at: iso, outcome: z.enum(['delivered', 'failed']), ms: z.number().int(), error: z.string().optional() });

export const notificationContract = z.object({
  id: z.string(),
  alert: z.string().optional(),
  route: z.string(),
  channel: z.string(),
  channelType: z.enum(CHANNEL_TYPES),
  kind: z.enum(NOTIFICATION_KINDS),
  level: z.number().int().optional(),
  dueAt: iso,
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.array(attemptContract),
  nextAttemptAt: iso.optional(),
});
export type NotificationContract = z.infer<typeof notificationContract>;

/** `GET /api/v1/alerts/{id}`: the alert, its first detections with links to their evidence, its history and notifications. */
export const alertDetailResponse = z.object({
  alert: alertContract,
  /** The first 100 detections; each names its evidence events' sequence numbers (search `event.sequence:N`). */
  detections: z.array(detectionContract),
  history: z.array(alertTransitionContract),
  notifications: z.array(notificationContract),
});
export type AlertDetailResponse = z.infer<typeof alertDetailResponse>;

export const alertDetectionsParams = z.object({
  /** Detections with a sequence number after this one (the `next` of the previous page). */
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});
export const alertDetectionsResponse = z.object({ detections: z.array(detectionContract), next: z.number().int().optional() });
export type AlertDetectionsResponse = z.infer<typeof alertDetectionsResponse>;

/** `POST /api/v1/alerts/{id}/{acknowledge|ack|resolve|reopen|comment}`: an optional comment (required for comment). */
export const alertActionBody = z.object({ comment: z.string().trim().min(1).max(4000).optional() }).strict();
/** `POST /api/v1/alerts/{id}/close`: the disposition (true-positive, false-positive, benign, duplicate) and a comment. */
export const alertCloseBody = z.object({ disposition: z.string().min(1).max(40), comment: z.string().trim().min(1).max(4000).optional() }).strict();
/** `POST /api/v1/alerts/{id}/assign`: the person; null or "" unassigns. */
export const alertAssignBody = z.object({ assignee: z.string().trim().max(200).nullable(), comment: z.string().trim().min(1).max(4000).optional() }).strict();
export const alertResponse = z.object({ alert: alertContract });
export type AlertResponse = z.infer<typeof alertResponse>;

// ---- silences

export const silenceMatcherContract = z.object({
  rule: z.string().optional(),
  level: level.optional(),
  system: z.string().optional(),
  tags: z.array(z.string()).optional(),
  group: z.record(z.string(), z.string()).optional(),
  /** Set by the server for a silence made by a caller limited to some systems: it holds only alerts all of whose systems are among these. */
  within: z.array(z.string()).optional(),
});

export const silenceContract = z.object({
  id: z.string(),
  matcher: silenceMatcherContract,
  startsAt: iso,
  endsAt: iso,
  reason: z.string(),
  author: z.string(),
  ended: z.object({ at: iso, by: z.string(), why: z.string().optional() }).optional(),
  /** In force now. */
  active: z.boolean(),
});
export type SilenceContract = z.infer<typeof silenceContract>;

export const silencesParams = z.object({
  /** `true`: only silences in force now or yet to start. */
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export const silencesResponse = z.object({ silences: z.array(silenceContract) });

/** `POST /api/v1/silences`: a matcher, a reason, and an end (`endsAt`, or `duration` such as 2h); starts now unless `startsAt`. */
export const silenceCreateBody = z
  .object({
    matcher: silenceMatcherContract,
    reason: z.string().trim().min(1).max(2000),
    startsAt: z.string().max(64).optional(),
    endsAt: z.string().max(64).optional(),
    duration: z.string().max(32).optional(),
  })
  .strict();
export const silenceEndBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).strict();
export const silenceResponse = z.object({ silence: silenceContract });

// ---- notifications

export const notificationsParams = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  alert: alertId.optional(),
  channel: z.string().min(1).max(63).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export const notificationsResponse = z.object({ notifications: z.array(notificationContract) });
/** `POST /api/v1/notifications/test`: send a test notice through one channel now. */
export const notificationTestBody = z.object({ channel: z.string().min(1).max(63) }).strict();
export const notificationResponse = z.object({ notification: notificationContract });

// ---- review report

export const alertReportParams = z.object({
  /** Alerts opened from / before: ISO 8601, epoch ms, now-30d. Default: the last 30 days. */
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
});

const durationStats = z.object({
  /** Alerts the figure is over (those that reached the state). */
  count: z.number().int(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});

const countRow = z.object({ key: z.string(), alerts: z.number().int() });

export const alertReportResponse = z.object({
  from: iso,
  to: iso,
  alerts: z.number().int(),
  detections: z.number().int(),
  byRule: z.array(z.object({ rule: detectionRuleContract.pick({ id: true, title: true, level: true }), alerts: z.number().int(), detections: z.number().int(), falsePositives: z.number().int() })),
  bySystem: z.array(countRow),
  byLevel: z.array(countRow),
  byDisposition: z.array(countRow),
  byState: z.array(countRow),
  timeToAcknowledge: durationStats,
  timeToResolve: durationStats,
  /** Rules ordered by how many of their alerts were closed as false positives (those with any). */
  mostFalsePositives: z.array(z.object({ rule: detectionRuleContract.pick({ id: true, title: true, level: true }), falsePositives: z.number().int(), closed: z.number().int() })),
  /** Loaded rules with no detection in the period. */
  neverFired: z.array(detectionRuleContract.pick({ id: true, title: true, level: true, ruleset: true })),
});
export type AlertReportResponse = z.infer<typeof alertReportResponse>;

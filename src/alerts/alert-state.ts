// An alert: the detections of one rule and one group key (e.g. source.ip) while the alert is
// active, and what people decided about them (docs/alerting.md, "Lifecycle"). It is a mutable
// entity in the append-only engine (src/entities/transition-log.ts): every change is a new
// transition with the whole state, stored as a logwarden event in the ledger with who, when and
// why. This is its schema, checked on the way in and out, and the names the rest of alerting
// shares. Pure.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RULE_LEVELS } from '../detection/rule.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';

/** The entity name: its table is `alert_transitions` (migration 12). */
export const ALERT_ENTITY = 'alert';

/**
 * open → acknowledged → resolved, or closed with a disposition; resolved and closed alerts can be
 * reopened. An active alert (open or acknowledged) takes the new detections of its rule and group;
 * once resolved or closed, the next such detection opens a new alert.
 */
export const ALERT_STATES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATES)[number];
export const ACTIVE_STATES: readonly AlertStatus[] = ['open', 'acknowledged'];

/** What a closed alert turned out to be (docs/alerting.md, "Review"). */
export const DISPOSITIONS = ['true-positive', 'false-positive', 'benign', 'duplicate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** `true_positive`, `True Positive` and `true-positive` all name the same disposition. */
export function parseDisposition(text: string): Disposition | undefined {
  const normal = text
    .trim()
    .toLowerCase()
    .replaceAll(/[\s_]+/g, '-');
  return (DISPOSITIONS as readonly string[]).includes(normal) ? (normal as Disposition) : undefined;
}

/** The changes people and the server make; `detections` is the server adding new detections. */
export const ALERT_CHANGES = ['create', 'detections', 'acknowledge', 'resolve', 'close', 'reopen', 'assign', 'unassign', 'comment', 'notify', 'escalate', 'suppress'] as const;
export type AlertChange = (typeof ALERT_CHANGES)[number];

/** The ids of the first detections kept in the state; the rest are counted (`detectionCount`) and listed by sequence range. */
export const MAX_DETECTION_IDS = 1000;
export const MAX_COMMENTS = 1000;
export const MAX_COMMENT_CHARS = 4000;

const epochMs = z.number().int().nonnegative();

const ruleRef = z
  .object({
    id: z.string(),
    title: z.string(),
    level: z.enum(RULE_LEVELS),
    revision: z.string(),
    tags: z.array(z.string()),
    ruleset: z.string(),
  })
  .strict();

const comment = z.object({ by: z.string(), at: epochMs, text: z.string().max(MAX_COMMENT_CHARS) }).strict();

/**
 * Where one route stands with the alert: what was last sent and, with a policy, which escalation
 * level was reached. Kept in the alert so a restart resumes the schedule and nothing fires twice.
 */
const routeProgress = z
  .object({
    /** When the route last notified (initial, update or repeat), epoch ms. */
    notifiedAt: epochMs.optional(),
    /** detectionCount when the route last notified: more since then is an update to send. */
    notifiedCount: z.number().int().nonnegative().default(0),
    /** How many notifications the route sent about this alert. */
    notifications: z.number().int().nonnegative().default(0),
    /** The escalation level reached, from 1 (absent: none yet, or no policy). */
    level: z.number().int().min(1).optional(),
    /** When that level fired, epoch ms: the next level is due its delay after. */
    levelAt: epochMs.optional(),
    /** The state the route last told its channels of (resolved/closed notices go out once). */
    toldState: z.enum(ALERT_STATES).optional(),
  })
  .strict();
export type RouteProgress = z.output<typeof routeProgress>;

export const alertStateSchema = z
  .object({
    rule: ruleRef,
    /** The group key: group-by field → value, as the detections carry it (empty for a plain match). */
    group: z.record(z.string(), z.string()),
    state: z.enum(ALERT_STATES),
    disposition: z.enum(DISPOSITIONS).optional(),
    assignee: z.string().max(200).optional(),
    /** The first detection ids, oldest first (at most MAX_DETECTION_IDS). */
    detections: z.array(z.string()).max(MAX_DETECTION_IDS),
    detectionCount: z.number().int().min(1),
    /** Sequence numbers of the first and the newest detection event: the alert's detections are its rule's and group's in this range. */
    firstSequence: z.number().int().nonnegative(),
    lastSequence: z.number().int().nonnegative(),
    /** Event time of the first and newest detection. */
    firstSeen: epochMs,
    lastSeen: epochMs,
    /** Receipt time of the event that triggered the first detection (what the notification latency is measured from). */
    firstReceived: epochMs,
    systems: z.array(z.string()),
    /** host.name of the evidence, when the events carry one (at most 20). */
    hosts: z.array(z.string()).max(20),
    /** The last detection's one-line message, e.g. `SSH brute force: 5 failed logins from 203.0.113.9 in 60 s`. */
    message: z.string(),
    /** The last detection's reason (detection.ts DetectionReason: kind, matched values, counts, window): what notifications say why with. */
    why: z.record(z.string(), z.unknown()),
    /** Wall-clock times of the lifecycle, epoch ms: for the review report (time to acknowledge, to resolve). */
    openedAt: epochMs,
    acknowledgedAt: epochMs.optional(),
    resolvedAt: epochMs.optional(),
    closedAt: epochMs.optional(),
    comments: z.array(comment).max(MAX_COMMENTS),
    /** Why this transition was made: its change, and the comment or reason given with it. */
    change: z.object({ kind: z.enum(ALERT_CHANGES), why: z.string().max(MAX_COMMENT_CHARS).optional() }).strict(),
    /** Per route name: what it sent (see routeProgress). */
    routes: z.record(z.string(), routeProgress).default({}),
    /** Silences that held back a notification of this alert (ids), most recent last. */
    suppressedBy: z.array(z.string()).max(100).default([]),
  })
  .strict();

export type AlertState = z.output<typeof alertStateSchema>;

/** An alert as the store hands it out: its id, transition number, and who changed it last, when. */
export interface StoredAlert {
  readonly id: string;
  readonly n: number;
  readonly state: AlertState;
  readonly by: string;
  readonly at: number;
}

/** The group key of a rule and its group values: one active alert per key. */
export function alertKey(ruleId: string, group: Readonly<Record<string, string>>): string {
  return canonicalJson({ rule: ruleId, group });
}

/** An alert's id, derived from its first detection's: a replay that opens it again opens the same alert. */
export function alertId(firstDetectionId: string): string {
  return createHash('sha256').update(`alert\n${firstDetectionId}`).digest('hex').slice(0, 20);
}

export function isActive(state: Pick<AlertState, 'state'>): boolean {
  return ACTIVE_STATES.includes(state.state);
}

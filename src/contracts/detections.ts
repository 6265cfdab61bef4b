// `GET /api/v1/detections` (docs/api.md, docs/detection.md "Detections"): the stored detections,
// newest first, filtered by time, rule, system and level; `logwarden detections --format ndjson`
// prints the same objects, one per line. Pure.
import { z } from 'zod';
import { RULE_LEVELS } from '../detection/rule.ts';

export const detectionLevel = z.enum(RULE_LEVELS);

export const detectionsParams = z.object({
  /** Start of the range of the detection's time (@timestamp), inclusive: ISO 8601, epoch ms, now-1h (default: 24 h before `to`, or before now). */
  from: z.string().max(64).optional(),
  /** End of the range, exclusive (default: 24 h after now, so a sender whose clock is ahead is not hidden). */
  to: z.string().max(64).optional(),
  /** A rule's id or its title, exactly. */
  rule: z.string().min(1).max(512).optional(),
  /** One of the systems of the detection's evidence. */
  system: z.string().min(1).max(63).optional(),
  /** The rule's level, exactly. */
  level: detectionLevel.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export type DetectionsParams = z.output<typeof detectionsParams>;

export const detectionRuleContract = z.object({
  id: z.string(),
  title: z.string(),
  level: detectionLevel,
  /** The rule's revision (hash of its text) when it fired. */
  revision: z.string(),
  tags: z.array(z.string()),
  /** logwarden (the shipped pack), imported, or a configured directory. */
  ruleset: z.string(),
});

/** Why it fired: `kind` match (searches and values), correlation (window, count, condition) or anomaly (baseline, deviation, gap). */
export const detectionReasonContract = z.looseObject({ kind: z.enum(['match', 'correlation', 'anomaly']) });

export const detectionContract = z.object({
  /** Deterministic: the rule, its revision and the trigger, so a replay never stores it twice. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  rule: detectionRuleContract,
  /** Event time of the trigger, ISO 8601 with milliseconds (UTC). */
  time: z.string(),
  /** Group-by field → value (empty for a plain rule match). */
  group: z.record(z.string(), z.string()),
  /** Sequence numbers of the events that made it fire, ascending: search `event.sequence:N` for each. */
  events: z.array(z.number().int().nonnegative()),
  systems: z.array(z.string()),
  why: detectionReasonContract,
  message: z.string(),
  /** The detection event's own sequence number. */
  sequence: z.number().int().nonnegative(),
});
export type DetectionContract = z.infer<typeof detectionContract>;

export const detectionsResponse = z.object({ detections: z.array(detectionContract) });
export type DetectionsResponse = z.infer<typeof detectionsResponse>;

// Retention and legal holds (issue 16, docs/retention.md): `GET /api/v1/retention` (per system:
// its period, oldest event kept, next prune, what is held and what is overdue), `POST
// /api/v1/retention/run` (prune now, or a dry run), and the legal holds at `/api/v1/holds`. The
// routes, the CLI (`logwarden retention status|run`, `logwarden hold add|list|release`), the web
// UI and the tests all parse with these. Pure.
import { z } from 'zod';
import { systemName } from './systems.ts';

const count = z.number().int().nonnegative();
/** ISO 8601 UTC with milliseconds. */
const instant = z.string();

/** A retention period as the inventory writes it: months, `12M`; at least 12 unless an exception is recorded. */
export const RETENTION_PERIOD_PATTERN = /^[1-9][0-9]{0,2}M$/;
export const retentionPeriod = z.string().regex(RETENTION_PERIOD_PATTERN, 'expected a retention period in months such as 12M or 24M');

/** One partition of the events table: a retention class and a month of receipt. */
export const retentionPartition = z.object({
  /** The partition as system.parts names it (`partition`), e.g. `('12M',202511)`. */
  partition: z.string(),
  retentionClass: z.string(),
  /** Month of receipt, YYYYMM. */
  month: z.number().int(),
  records: count,
  bytesOnDisk: count,
  /** When every record in it has passed its period (ISO), the start of the prune window. */
  expiresAt: instant,
  /** Holds that keep it (their ids); empty when none. */
  heldBy: z.array(z.string()),
  /** Past its period and not held: retention is overdue for it. */
  overdue: z.boolean(),
});
export type RetentionPartitionContract = z.infer<typeof retentionPartition>;

export const systemRetention = z.object({
  system: systemName,
  /** The period in force (`12M` by default). */
  retention: retentionPeriod,
  retentionClass: z.string(),
  /** The recorded exception that allows a period under 12 months, when there is one. */
  exception: z.string().optional(),
  /** Oldest event.ingested still stored for the system, null when none. */
  oldestEvent: instant.nullable(),
  /** When the next prune that removes some of this system's events is due, null when none is. */
  nextPrune: instant.nullable(),
  /** Ids of the holds that cover this system. */
  holds: z.array(z.string()),
  /** Events past the period and not held (retention-overdue): should have been pruned. */
  overdueEvents: count,
});
export type SystemRetentionContract = z.infer<typeof systemRetention>;

export const retentionStatus = z.object({
  systems: z.array(systemRetention),
  partitions: z.array(retentionPartition),
  /** The last prune run (null before the first). */
  lastRun: z.object({ at: instant, pruned: count, records: count, dryRun: z.boolean() }).nullable(),
  /** When the daily job runs next. */
  nextRun: instant.nullable(),
});
export type RetentionStatusContract = z.infer<typeof retentionStatus>;

export const retentionRunRequest = z.object({ dryRun: z.boolean().default(false) }).strict();

/** What one prune did (or, in a dry run, would do) to one partition. */
export const prunedPartition = z.object({
  partition: z.string(),
  retentionClass: z.string(),
  month: z.number().int(),
  records: count,
  /** Sequence ranges removed, [from, to) each. */
  ranges: z.array(z.tuple([count, count])),
  /** The event.sequence of the signed prune event in the ledger; absent in a dry run. */
  pruneEvent: count.optional(),
  /** The archive written first, when archiving is configured. */
  archive: z.string().optional(),
  /** `pruned`, `held` (kept by a hold), `would-prune` (dry run). */
  outcome: z.enum(['pruned', 'held', 'would-prune']),
  heldBy: z.array(z.string()).default([]),
});
export type PrunedPartitionContract = z.infer<typeof prunedPartition>;

export const retentionRunResult = z.object({ dryRun: z.boolean(), partitions: z.array(prunedPartition) });
export type RetentionRunResultContract = z.infer<typeof retentionRunResult>;

/** What a hold keeps: a system, optionally only a time range of it and events matching a query. */
export const holdCreate = z
  .object({
    system: systemName,
    reason: z.string().min(1, 'a hold needs a reason').max(2000),
    caseRef: z.string().max(200).optional(),
    /** event.ingested range, ISO 8601; open-ended when absent. */
    from: z.string().max(64).optional(),
    to: z.string().max(64).optional(),
    /** A search query (docs/query.md) the held events match. */
    query: z.string().max(4000).optional(),
  })
  .strict();
export type HoldCreateContract = z.infer<typeof holdCreate>;

export const holdRelease = z.object({ reason: z.string().min(1, 'releasing a hold needs a reason').max(2000) }).strict();

export const holdParams = z.object({ id: z.string().min(1).max(64) });

export const hold = z.object({
  id: z.string(),
  system: systemName,
  reason: z.string(),
  caseRef: z.string().optional(),
  from: instant.optional(),
  to: instant.optional(),
  query: z.string().optional(),
  author: z.string(),
  createdAt: instant,
  state: z.enum(['active', 'released']),
  releasedBy: z.string().optional(),
  releasedAt: instant.optional(),
  releaseReason: z.string().optional(),
});
export type HoldContract = z.infer<typeof hold>;

export const holdList = z.object({ holds: z.array(hold) });

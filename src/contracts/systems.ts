// The systems inventory's routes (docs/systems.md, docs/api.md): `GET /api/v1/systems`, each system
// with its events today, last seen and senders; `GET /api/v1/systems/:name/coverage`, which of the
// policy's required fields (R-FIELDS-1) its events carry. Pure.
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** System names: 1 to 63 lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit. The config's inventory uses it too. */
export const SYSTEM_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** System names as the inventory allows them, plus the reserved `unassigned` and `logwarden`. */
export const systemName = z.string().regex(SYSTEM_NAME_PATTERN, 'expected a system name of lower-case letters, digits, ".", "_" or "-"');

export const systemParams = z.object({ name: systemName });

export const coverageParams = z.object({
  /** Start of the range of event.ingested, inclusive (default: 24 h before `to`). */
  from: z.string().max(64).optional(),
  /** End of the range, exclusive (default: now). */
  to: z.string().max(64).optional(),
});

export const systemMatchContract = z.object({
  identity: z.array(z.string()).optional(),
  host: z.array(z.string()).optional(),
  app: z.array(z.string()).optional(),
  peer: z.array(z.string()).optional(),
  listener: z.array(z.string()).optional(),
});

/** One sender as the systems list tells them apart: who it authenticated as, where from, which host. */
export const systemSourceKey = z.object({
  identity: z.string(),
  /** The peer's address, without its port. */
  peer: z.string(),
  host: z.string(),
  /** The clock check's key for it: the host name, else the peer's address. */
  key: z.string(),
});

export const systemSource = systemSourceKey.extend({
  eventsToday: count,
  lastSeen: z.string(),
  /** Rolling median of @timestamp − event.ingested (ms; positive: the sender is ahead), when the clock check tracks the source. */
  skewMedianMs: z.number().optional(),
  skewSamples: count.optional(),
});
export type SystemSourceContract = z.infer<typeof systemSource>;

export const systemSummary = z.object({
  name: systemName,
  /** In the inventory (false: `unassigned`, `logwarden`, or a name no longer configured). */
  configured: z.boolean(),
  owner: z.string(),
  description: z.string(),
  match: systemMatchContract,
  timezone: z.string().optional(),
  /** Events received today (UTC day, by event.ingested). */
  eventsToday: count,
  /** Newest event.ingested within the last 31 days (ISO 8601 ms), null when none. */
  lastSeen: z.string().nullable(),
  /** Distinct senders today. */
  sourceCount: count,
  /** Today's busiest senders, at most 20. */
  sources: z.array(systemSource),
  /** Senders today beyond those listed. */
  moreSources: count,
  /** The source median furthest from zero among this system's tracked sources (ms), null when none is tracked. */
  worstSkewMs: z.number().nullable(),
});
export type SystemSummaryContract = z.infer<typeof systemSummary>;

export const systemsResponse = z.object({
  /** The UTC day `eventsToday` counts, YYYY-MM-DD. */
  day: z.string(),
  systems: z.array(systemSummary),
});
export type SystemsResponse = z.infer<typeof systemsResponse>;

export const requiredFieldContract = z.object({
  key: z.string(),
  /** The policy's words (R-FIELDS-1). */
  requirement: z.string(),
  /** Any one of these with a value meets the requirement. */
  fields: z.array(z.string()),
});

/** Events with the requirement met, and their share; percent is null when there are no events. */
export const coverageShare = z.object({ events: count, percent: z.number().min(0).max(100).nullable() });

export const coverageCountsContract = z.object({
  events: count,
  /** Per requirement key. */
  present: z.record(z.string(), coverageShare),
  /** Events whose @timestamp the clock check flagged (logwarden.time.skew_ms set, R-FIELDS-2). */
  skewed: coverageShare,
});

export const coverageResponse = z.object({
  system: systemName,
  from: z.string(),
  to: z.string(),
  requirements: z.array(requiredFieldContract),
  overall: coverageCountsContract,
  sources: z.array(systemSourceKey.extend(coverageCountsContract.shape)),
  /** Senders beyond those listed (at most 50). */
  moreSources: count,
});
export type CoverageResponse = z.infer<typeof coverageResponse>;

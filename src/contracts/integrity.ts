// The integrity routes the web UI's Integrity view reads (docs/api.md, "Integrity for the web UI"):
// the recent signed checkpoints, the transparency file's latest lines, and verify jobs (a verify
// of the whole store run in the server in the background, its progress polled). Pure.
import { z } from 'zod';
import { verifyReport } from './ledger.ts';

const count = z.number().int().nonnegative();

export const checkpointsParams = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

export const checkpointSummary = z.object({
  /** Records the checkpoint covers. */
  size: count,
  /** The tree's root hash, hex. */
  rootHash: z.string(),
  /** When it was signed (its `time` extension line, else when it was stored), ISO 8601 ms. */
  time: z.string(),
  /** The signature lines' key names and key IDs (8 hex digits): `origin+0a1b2c3d`. */
  signedBy: z.array(z.string()),
  /** The signed note itself (C2SP), as `GET /api/v1/ledger/checkpoint` answers the latest. */
  note: z.string(),
});
export type CheckpointSummaryContract = z.infer<typeof checkpointSummary>;

export const checkpointsResponse = z.object({
  origin: z.string(),
  /** Newest first. */
  checkpoints: z.array(checkpointSummary),
});
export type CheckpointsResponse = z.infer<typeof checkpointsResponse>;

export const transparencyTailParams = z.object({ lines: z.coerce.number().int().min(1).max(500).default(40) });

export const transparencyTailResponse = z.object({
  /** Where the file is on the server. */
  path: z.string(),
  /** Its size in bytes (0 when it does not exist yet). */
  bytes: count,
  /** Its last lines, oldest first. */
  lines: z.array(z.string()),
});
export type TransparencyTailResponse = z.infer<typeof transparencyTailResponse>;

export const VERIFY_JOB_STATES = ['running', 'done', 'failed'] as const;

export const verifyJob = z.object({
  id: z.string(),
  state: z.enum(VERIFY_JOB_STATES),
  /** Who started it (user or token name). */
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Records checked so far, of `total` (0 until the first window is read). */
  checked: count,
  total: count,
  /** The verify report once done (the same as `POST /api/v1/ledger/verify` answers). */
  report: verifyReport.optional(),
  /** Why the verify could not run to its end (state `failed`): the store failed, not the records. */
  error: z.string().optional(),
});
export type VerifyJobContract = z.infer<typeof verifyJob>;

export const verifyJobParams = z.object({ id: z.string().max(64) });

export const verifyJobsResponse = z.object({
  /** The job running now, if any. */
  running: verifyJob.nullable(),
  /** The newest finished job since the server started, if any. */
  last: verifyJob.nullable(),
});
export type VerifyJobsResponse = z.infer<typeof verifyJobsResponse>;

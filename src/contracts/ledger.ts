// Ledger routes (`/api/v1/ledger/*`): proof parameters, the verify request, and the answers: keys,
// evidence (an inclusion proof with its record and checkpoint), consistency proofs and the verify
// report. The checkpoint itself is answered as text (a C2SP signed note). Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits');

export const inclusionParams = z.object({ seq: z.coerce.number().int().min(0), size: z.coerce.number().int().min(1).optional() });
export const consistencyParams = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });
export const verifyBody = z.object({ checkpoints: z.array(z.string().max(100_000)).max(1000).default([]) }).default({ checkpoints: [] });
export type VerifyBody = z.input<typeof verifyBody>;

export const keysResponse = z.object({
  origin: z.string(),
  /** The signing key's verifier key (C2SP form). */
  current: z.string(),
  /** Every verifier key checkpoints may be signed with, rotated ones included. */
  keys: z.array(z.string()),
});

// Loose: `logwarden proof` writes the evidence out whole, so fields a newer server adds are kept.
export const evidence = z.looseObject({
  origin: z.string(),
  seq: z.number().int().min(0),
  size: z.number().int().min(1),
  leafHash: hexHash,
  /** RFC 9162 inclusion proof from the leaf to the root of a tree of `size` records. */
  proof: z.array(hexHash),
  /** The signed note of a tree of `size` records; empty for a proof at an older size. */
  checkpoint: z.string(),
  record: publicEvent,
});
export type EvidenceContract = z.infer<typeof evidence>;

export const consistencyResponse = z.object({ from: z.number().int().min(0), to: z.number().int().min(0), proof: z.array(hexHash) });

export const PROBLEM_KINDS = ['changed', 'deleted', 'duplicated', 'missing', 'leaf-missing', 'truncated', 'checkpoint-mismatch', 'bad-signature', 'unknown-key', 'malformed-checkpoint'] as const;

export const verifyProblem = z.object({
  kind: z.enum(PROBLEM_KINDS),
  seq: z.number().int().min(0).optional(),
  size: z.number().int().min(0).optional(),
  message: z.string(),
});

export const verifyReport = z.looseObject({
  ok: z.boolean(),
  records: z.number().int().min(0),
  checkpointsChecked: z.number().int().min(0),
  verifiedSize: z.number().int().min(0),
  problems: z.array(verifyProblem),
  problemCount: z.number().int().min(0),
  summary: z.array(z.object({ kind: z.enum(PROBLEM_KINDS), count: z.number().int().min(0), first: z.array(z.number().int()), more: z.boolean() })),
  seconds: z.number().min(0),
});
export type VerifyReportContract = z.infer<typeof verifyReport>;

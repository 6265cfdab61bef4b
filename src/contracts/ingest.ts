// `POST /api/v1/ingest`: the answer, once every accepted event is durable. Pure.
import { z } from 'zod';
import { REJECT_REASONS } from '../schema/event.ts';

export const ingestLineError = z.object({
  /** 1-based line (or array element) of the request. */
  line: z.number().int().min(1),
  reason: z.enum(REJECT_REASONS),
  detail: z.string(),
});

export const ingestResponse = z.object({
  /** Events stored, flagged ones included (nothing is dropped). */
  accepted: z.number().int().min(0),
  /** Events stored with `logwarden.parse.error`. */
  flagged: z.number().int().min(0),
  /** The first 100 flagged lines. */
  errors: z.array(ingestLineError),
});
export type IngestResponse = z.infer<typeof ingestResponse>;

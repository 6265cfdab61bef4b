// The surrounding events of one record (`GET /api/v1/events/:seq/context`): the events just before
// and after it from the same source (its system, host and app), by sequence number. Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

/** Most neighbours on each side one call answers. */
export const MAX_CONTEXT_EVENTS = 50;

export const contextPathParams = z.object({ seq: z.coerce.number().int().min(0) });

export const contextParams = z.object({
  before: z.coerce.number().int().min(0).max(MAX_CONTEXT_EVENTS).default(5),
  after: z.coerce.number().int().min(0).max(MAX_CONTEXT_EVENTS).default(5),
});

export const contextResponse = z.object({
  /** The record the context is of. */
  seq: z.number().int().min(0),
  /** What "the same source" means for it: empty strings where the record has no such field. */
  source: z.object({ system: z.string(), host: z.string(), app: z.string() }),
  /** Oldest first by sequence number: the neighbours before, the record itself, the neighbours after. */
  events: z.array(publicEvent),
});
export type ContextResponseContract = z.infer<typeof contextResponse>;

// Search, count and aggregate (`GET /api/v1/search|count|aggregate`): the query parameters each
// route takes and the answers it gives. Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

/** What every read narrows by: the query (query-language.md) and the time bounds (ISO, epoch ms or now-15m). */
export const filterParams = z.object({
  q: z.string().default(''),
  from: z.string().optional(),
  to: z.string().optional(),
});

export const searchParams = filterParams.extend({
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Also return each record's ledger leaf hash. */
  leaf: z.enum(['true', 'false']).default('false'),
  /** Continue after the last event of a previous page. */
  cursor: z.string().min(1).optional(),
});
export type SearchParams = z.output<typeof searchParams>;

export const aggregateParams = filterParams.extend({
  interval: z.string().optional(),
  field: z.string().optional(),
  size: z.coerce.number().int().min(1).max(1000).default(10),
});

export const leafEntry = z.object({ seq: z.number().int().min(0), leafHash: z.string().regex(/^[0-9a-f]{64}$/) });

export const searchResponse = z.object({
  events: z.array(publicEvent),
  returned: z.number().int().min(0),
  /** The page stopped short of `limit` to stay within http.maxResponseBytes. */
  truncated: z.boolean(),
  /** Present while more events follow: pass it as `cursor` for the next page. */
  cursor: z.string().min(1).optional(),
  /** With `leaf=true`: each event's ledger leaf hash. */
  ledger: z.array(leafEntry).optional(),
});
export type SearchResponse = z.infer<typeof searchResponse>;

export const countResponse = z.object({ count: z.number().int().min(0) });
export type CountResponse = z.infer<typeof countResponse>;

export const histogramResponse = z.object({
  /** The bucket width, e.g. `300s`. */
  interval: z.string().regex(/^\d+s$/),
  buckets: z.array(z.object({ start: z.iso.datetime(), count: z.number().int().min(0) })),
});
export const termsResponse = z.object({
  field: z.string(),
  buckets: z.array(z.object({ value: z.string(), count: z.number().int().min(0) })),
});
export const aggregateResponse = z.union([histogramResponse, termsResponse]);
export type AggregateResponse = z.infer<typeof aggregateResponse>;

// Live tail (`GET /api/v1/tail`, Server-Sent Events): the query parameter it takes and the data of
// each SSE event it sends (docs/api.md, "Live tail"). Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

export const tailParams = z.object({
  /** The query (query-language.md), the same language as search; '' follows every record. */
  q: z.string().default(''),
});
export type TailParams = z.output<typeof tailParams>;

/** `event: ready`: the tail is subscribed; every record stored from now on that matches follows. */
export const tailReady = z.object({
  query: z.string(),
  /** Seconds between heartbeat comments while nothing else is sent. */
  heartbeatSeconds: z.number().int().min(1),
  /** Records queued for a client that reads slower than they arrive, before some are skipped. */
  queueLimit: z.number().int().min(1),
});
export type TailReady = z.infer<typeof tailReady>;

/** `event: record` (the SSE default event type is not used): one stored record, masked for a masked caller. */
export const tailRecord = publicEvent;

/** `event: skipped`: this many matching records were not sent because the client read too slowly. */
export const tailSkipped = z.object({ skipped: z.number().int().min(1) });
export type TailSkipped = z.infer<typeof tailSkipped>;

/** The SSE event names the tail sends. */
export const TAIL_EVENTS = { ready: 'ready', record: 'record', skipped: 'skipped' } as const;

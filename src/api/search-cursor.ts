// The cursor of a search page: opaque to clients (base64url of JSON), it carries the keyset
// position of the last event returned and everything that fixes the result the page belongs to —
// the query, the bounds as written and as resolved, the order, and the `now` that relative times
// meant — so `?cursor=…` alone continues the same search, with no gap and no duplicate. Pure.
import { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import type { Keyset } from '../store/keyset.ts';

export interface SearchCursor {
  readonly q: string;
  /** The bounds as the first request wrote them (for the mismatch check) and as resolved then. */
  readonly fromText?: string | undefined;
  readonly toText?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly order: 'asc' | 'desc';
  readonly now: number;
  readonly after: Keyset;
}

const VERSION = 1;

const wire = z
  .object({
    v: z.literal(VERSION),
    q: z.string(),
    ft: z.string().optional(),
    tt: z.string().optional(),
    f: z.number().int().optional(),
    t: z.number().int().optional(),
    o: z.enum(['asc', 'desc']),
    n: z.number().int(),
    at: z.number().int(),
    as: z.number().int().min(0),
  })
  .strict();

export function encodeCursor(cursor: SearchCursor): string {
  const body: z.input<typeof wire> = {
    v: VERSION,
    q: cursor.q,
    ...(cursor.fromText === undefined ? {} : { ft: cursor.fromText }),
    ...(cursor.toText === undefined ? {} : { tt: cursor.toText }),
    ...(cursor.from === undefined ? {} : { f: cursor.from }),
    ...(cursor.to === undefined ? {} : { t: cursor.to }),
    o: cursor.order,
    n: cursor.now,
    at: cursor.after.timestamp,
    as: cursor.after.sequence,
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(text: string): SearchCursor {
  const parsed = /^[A-Za-z0-9_-]+$/.test(text) ? wire.safeParse(parseJson(Buffer.from(text, 'base64url').toString('utf8'))) : undefined;
  if (!parsed?.success) {
    throw new LogwardenError('LW_BAD_REQUEST', 'cursor: not a cursor this server gave out; pass the "cursor" value of the previous page unchanged, or start again without one');
  }
  const c = parsed.data;
  return { q: c.q, fromText: c.ft, toText: c.tt, from: c.f, to: c.t, order: c.o, now: c.n, after: { timestamp: c.at, sequence: c.as } };
}

/** The search parameters a request gave next to a cursor must be the cursor's own. */
export function checkCursorMatches(cursor: SearchCursor, given: { q?: string | undefined; from?: string | undefined; to?: string | undefined; order?: string | undefined }): void {
  const mismatched = [
    given.q !== undefined && given.q !== cursor.q ? 'q' : undefined,
    given.from !== undefined && given.from !== cursor.fromText ? 'from' : undefined,
    given.to !== undefined && given.to !== cursor.toText ? 'to' : undefined,
    given.order !== undefined && given.order !== cursor.order ? 'order' : undefined,
  ].filter((name) => name !== undefined);
  if (mismatched.length > 0) {
    throw new LogwardenError(
      'LW_BAD_REQUEST',
      `cursor: it continues a search with other ${mismatched.join(', ')}; send the cursor alone (or with the same q, from, to and order), or start a new search without it`,
      { mismatched },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

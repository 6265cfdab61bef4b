// The cursor of a search page: opaque to clients (base64url of JSON), it carries the keyset
// position of the last event returned and everything that fixes the result the page belongs to —
// the query, the bounds as written and as resolved, the order, the `now` that relative times
// meant, and the scope it ran under — so `?cursor=…` alone continues the same search, with no gap
// and no duplicate, and a cursor from one caller's search is refused under another scope. The scope
// itself always comes from the caller, never from the cursor: the binding only makes a replay fail
// clearly instead of continuing a different result. Pure.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import { scopeKey, type Scope } from '../query/scope.ts';
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
  /** scopeBinding() of the scope the search ran under. */
  readonly scope: string;
  readonly after: Keyset;
}

/** A short digest of the scope: equal scopes, equal bindings; the systems are not spelled out. */
export function scopeBinding(scope: Scope): string {
  return createHash('sha256').update(scopeKey(scope)).digest('base64url').slice(0, 16);
}

// 2: the scope binding (issue 10). Cursors of version 1 are refused like any foreign text.
const VERSION = 2;

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
    sc: z.string().max(64),
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
    sc: cursor.scope,
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
  return { q: c.q, fromText: c.ft, toText: c.tt, from: c.f, to: c.t, order: c.o, now: c.n, scope: c.sc, after: { timestamp: c.at, sequence: c.as } };
}

/** A cursor continues only under the scope its search ran under. */
export function checkCursorScope(cursor: SearchCursor, scope: Scope): void {
  if (cursor.scope !== scopeBinding(scope)) {
    throw new LogwardenError('LW_BAD_REQUEST', "cursor: it continues a search made under another scope (another caller's systems); start a new search without it");
  }
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

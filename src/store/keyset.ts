// The keyset of a search page: events are ordered by (timestamp, event.sequence), which is unique
// (sequence numbers are), so "after this pair" names an exact place in the result however many
// events share a millisecond. Pages, exports and live tail all continue from such a place. Pure.
import type { SqlParams } from './engine.ts';

export interface Keyset {
  /** `@timestamp`, epoch ms (the stored precision). */
  readonly timestamp: number;
  readonly sequence: number;
}

export interface SqlCondition {
  readonly sql: string;
  readonly params: SqlParams;
}

const TIME = (param: string): string => `fromUnixTimestamp64Milli({${param}:Int64}, 'UTC')`;

/**
 * Events strictly after `key` in the search order: later ones when ascending, earlier ones when
 * descending. The plain bound on `timestamp` lets the engine skip granules by the sort key.
 */
export function afterKeyset(key: Keyset, ascending: boolean, name = 'lw_after'): SqlCondition {
  const [bound, strict, seq] = ascending ? ['>=', '>', '>'] : ['<=', '<', '<'];
  const t = TIME(`${name}_t`);
  return {
    sql: `timestamp ${bound} ${t} AND (timestamp ${strict} ${t} OR event_sequence ${seq} {${name}_s:UInt64})`,
    params: { [`${name}_t`]: key.timestamp, [`${name}_s`]: key.sequence },
  };
}

/** Events from `first` to `last` inclusive, in the search order. */
export function betweenKeysets(first: Keyset, last: Keyset, ascending: boolean): SqlCondition {
  const [low, high] = ascending ? [first, last] : [last, first];
  const lo = TIME('lw_lo_t');
  const hi = TIME('lw_hi_t');
  return {
    sql: `timestamp >= ${lo} AND timestamp <= ${hi} AND (timestamp > ${lo} OR event_sequence >= {lw_lo_s:UInt64})` + ` AND (timestamp < ${hi} OR event_sequence <= {lw_hi_s:UInt64})`,
    params: { lw_lo_t: low.timestamp, lw_lo_s: low.sequence, lw_hi_t: high.timestamp, lw_hi_s: high.sequence },
  };
}

export function orderBy(ascending: boolean): string {
  const order = ascending ? 'ASC' : 'DESC';
  return `ORDER BY timestamp ${order}, event_sequence ${order}`;
}

/**
 * How many of the leading rows fit in `maxBytes` by their estimated sizes: at least one, so that
 * paging always moves on, even past an event larger than the cap.
 */
export function rowsWithin(sizes: readonly number[], maxBytes: number): number {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) {
    total += sizes[i] as number;
    if (total > maxBytes) return Math.max(1, i);
  }
  return sizes.length;
}

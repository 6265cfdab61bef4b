// The ledger's hashing rounds in the engine (R-TAMPER-1). A round computes the leaves of records
// [first, end) into ledger_leaves under a new round number, and only after the ledger has read all
// of them back does its marker go into ledger_rounds: from then on the round counts. A crash or a
// failure before the marker leaves a dangling round whose rows every read ignores, and the next
// round (a higher number) hashes the same records again. Leaves of records that a crash lost, beyond
// what is stored, are superseded by an empty round that ends the log before them. No row is ever
// deleted or updated.
import type { SqlEngine } from '../store/engine.ts';
import { COMMITTED_END_SQL, committedLeavesSql, NODE_RECORDS_CONDITION } from './ledger-sql.ts';
import type { LeafFormats } from './leaf-format.ts';
import { LEAF_SQL_WITH, leafSql } from './leaf-sql.ts';

/** 1M leaves (32 MiB) per read. */
const LEAF_WINDOW = 1 << 20;

export class LeafRounds {
  readonly #engine: SqlEngine;
  readonly #node: string;
  readonly #now: () => number;
  /** Never reused, not even by a round that never committed: its rows must stay ignored. */
  #nextRound = 1;

  constructor(engine: SqlEngine, node: string, now: () => number) {
    this.#engine = engine;
    this.#node = node;
    this.#now = now;
  }

  /** Reads where the node's log ends and picks the next round number; returns that end. */
  async open(): Promise<number> {
    const [latest] = await this.#engine.query<{ round: string; first: string; end: string }>(
      'SELECT round, first_seq AS first, end_seq AS end FROM ledger_rounds WHERE node = {lw_node:String} ORDER BY round DESC LIMIT 1',
      { lw_node: this.#node },
    );
    // A round numbered above the latest committed one started after it, so at or past its first record.
    const [dangling] = await this.#engine.query<{ round: string; n: string }>('SELECT max(round) AS round, count() AS n FROM ledger_leaves WHERE node = {lw_node:String} AND seq >= {lw_lo:UInt64}', {
      lw_node: this.#node,
      lw_lo: Number(latest?.first ?? 0),
    });
    const highest = Math.max(latest ? Number(latest.round) : 0, Number(dangling?.n ?? 0) > 0 ? Number(dangling?.round) : 0);
    this.#nextRound = highest + 1;
    return latest ? Number(latest.end) : 0;
  }

  /** One past the node's last committed leaf. */
  async committedEnd(): Promise<number> {
    return committedEnd(this.#engine, this.#node);
  }

  /**
   * Computes the leaves of the node's records [first, end) in the engine, as a new round; returns its
   * number. Each record's leaf is made in the leaf format of its range (normally one range).
   */
  async hash(first: number, end: number, formats: LeafFormats): Promise<number> {
    const round = this.#nextRound++;
    for (const range of formats.ranges(first, end)) {
      await this.#engine.command(
        `INSERT INTO ledger_leaves (node, round, seq, leaf) ${LEAF_SQL_WITH}
       SELECT {lw_node:String}, {lw_round:UInt64}, event_sequence, ${leafSql(range.format).leafHash} FROM events
       WHERE event_sequence >= {lw_lo:UInt64} AND event_sequence < {lw_hi:UInt64} AND ${NODE_RECORDS_CONDITION}`,
        { lw_node: this.#node, lw_round: round, lw_lo: range.from, lw_hi: range.to },
      );
    }
    return round;
  }

  /** The round counts from now on: its leaves [first, end) are the node's, superseding any before. */
  async commit(round: number, first: number, end: number): Promise<void> {
    await this.#engine.command(
      `INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at)
       VALUES ({lw_node:String}, {lw_round:UInt64}, {lw_lo:UInt64}, {lw_hi:UInt64}, fromUnixTimestamp64Milli({lw_at:Int64}, 'UTC'))`,
      { lw_node: this.#node, lw_round: round, lw_lo: first, lw_hi: end, lw_at: this.#now() },
    );
  }

  /** Ends the node's log at `end`: committed leaves from there on (of records a crash lost) no longer count. */
  async truncate(end: number): Promise<void> {
    await this.commit(this.#nextRound++, end, end);
  }

  /** One round's leaves of [first, end) in order, concatenated, in bounded windows (before it is committed). */
  async *roundLeaves(round: number, first: number, end: number): AsyncGenerator<Buffer> {
    for (let start = first; start < end; start += LEAF_WINDOW) {
      yield this.#engine.queryRowBinary(
        'SELECT leaf FROM ledger_leaves WHERE node = {lw_node:String} AND round = {lw_round:UInt64} AND seq >= {lw_lo:UInt64} AND seq < {lw_hi:UInt64} ORDER BY seq LIMIT 1 BY seq',
        { lw_node: this.#node, lw_round: round, lw_lo: start, lw_hi: Math.min(end, start + LEAF_WINDOW) },
      );
    }
  }

  /** The committed leaves of [first, end) in order, concatenated, in bounded windows. */
  async *committedLeaves(first: number, end: number): AsyncGenerator<Buffer> {
    for (let start = first; start < end; start += LEAF_WINDOW) {
      yield this.#engine.queryRowBinary(committedLeavesSql('leaf'), { lw_node: this.#node, lw_lo: start, lw_hi: Math.min(end, start + LEAF_WINDOW) });
    }
  }
}

/** One past the node's last committed leaf (0 before its first round). */
export async function committedEnd(engine: SqlEngine, node: string): Promise<number> {
  const [row] = await engine.query<{ end: string; n: string }>(COMMITTED_END_SQL, { lw_node: node });
  return Number(row?.n ?? 0) > 0 ? Number(row?.end) : 0;
}

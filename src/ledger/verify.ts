// `logwarden verify`: recompute every leaf from the stored records (in the engine, leaf-sql.ts),
// rebuild the Merkle tree, and check it against every signed checkpoint we can find: those in the
// database, in the transparency file, and any kept elsewhere (an external witness copy). It
// reports, by sequence number, a changed record, a deleted one, an inserted or duplicated one,
// reordered records, a truncated tail, a forged or unknown-key checkpoint, and a rollback (a store
// that no longer extends a checkpoint published earlier).
import { availableParallelism } from 'node:os';
import type { SqlEngine, SqlParams } from '../store/engine.ts';
import { CheckpointError, verifyCheckpoint, type VerifierKey } from './checkpoint.ts';
import { readLeafFormats } from './leaf-format-table.ts';
import type { LeafFormat, LeafFormats } from './leaf-format.ts';
import { COMMITTED_END_SQL, COMMITTED_LEAF_SPAN_SQL, committedLeavesSql, NODE_RECORDS_CONDITION } from './ledger-sql.ts';
import { LEAF_SQL_WITH, leafSql } from './leaf-sql.ts';
import { HASH_SIZE, MerkleFrontier } from './merkle.ts';
import { RunHasher } from './run-hasher.ts';
import { ProblemLog, type Problem, type ProblemKind, type ProblemSummary } from './verify-problems.ts';

export type { Problem, ProblemKind, ProblemSummary } from './verify-problems.ts';

export interface NamedNote {
  /** Where the note came from: `database`, `transparency file`, or a file name. */
  readonly source: string;
  readonly note: string;
}

export interface VerifyInput {
  readonly engine: SqlEngine;
  /** The node whose ledger is checked (config.node): its records, leaves and checkpoints. */
  readonly node: string;
  readonly origin: string;
  readonly keys: readonly VerifierKey[];
  readonly notes: readonly NamedNote[];
  readonly onProgress?: (done: number, total: number) => void;
  /** Which leaf format each record is in; read from the store when not given. */
  readonly leafFormats?: LeafFormats;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly checkpointsChecked: number;
  /** Size of the largest checkpoint that matched the records. */
  readonly verifiedSize: number;
  /** The first problems in full (at most REPORT_DETAIL_LIMIT, 100): the first names the first bad record. */
  readonly problems: readonly Problem[];
  /** Every problem found, also those not listed. */
  readonly problemCount: number;
  /** A count per kind with its first few sequence numbers or checkpoint sizes, in report order. */
  readonly summary: readonly ProblemSummary[];
  readonly seconds: number;
}

interface ValidCheckpoint {
  readonly source: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

const WINDOW = 1 << 20; // records per read: small enough to overlap reading and checking, and to bound memory
const ROW = 8 + HASH_SIZE; // RowBinary: UInt64 sequence, FixedString(32) leaf

export async function verifyLedger(input: VerifyInput): Promise<VerifyReport> {
  const started = performance.now();
  const problems = new ProblemLog();
  const checkpoints = checkSignatures(input, problems);
  const span = await recordSpan(input.engine, input.node);
  const formats = input.leafFormats ?? (await readLeafFormats(input.engine, input.node));
  const total = Math.max(span.records, span.leaves, ...checkpoints.map((c) => c.size));
  const checkpointed = Math.max(0, ...checkpoints.map((checkpoint) => checkpoint.size));
  // A helper thread for the tree, when there is a second core and the first window is worth splitting.
  const helper = availableParallelism() > 1 && RunHasher.split(0, Math.min(total, WINDOW)) !== undefined ? new RunHasher() : undefined;
  const tree = new TreeCheck(checkpoints, problems, helper);
  let broken = false;
  // The engine reads and hashes the next window while this one is compared and added to the tree.
  const read = (start: number, end: number): Promise<[Window, Window]> => readWindows(input.engine, input.node, formats, span.leaves, start, end);
  let next = total > 0 ? read(0, Math.min(total, WINDOW)) : undefined;
  try {
    for (let start = 0; start < total && !broken; start += WINDOW) {
      const end = Math.min(total, start + WINDOW);
      const [recomputed, stored] = await (next as Promise<[Window, Window]>);
      next = end < total ? read(end, Math.min(total, end + WINDOW)) : undefined;
      if (end <= Math.min(span.records, span.leaves) && windowIntact(recomputed, stored)) {
        // The common case, checked in bulk: every record once, every leaf once, all equal.
        await tree.appendWindow(recomputed.leaves);
        input.onProgress?.(end, total);
        continue;
      }
      for (let seq = start; seq < end; seq++) {
        // Past every record and leaf there is nothing to rebuild: the checkpoints beyond report it.
        const atTail = seq >= span.records && seq >= span.leaves;
        const leaf = atTail ? undefined : compareRecord(seq, recomputed, stored, start, problems, seq < checkpointed);
        if (!leaf) {
          broken = true; // the tree cannot be rebuilt past this point
          break;
        }
        tree.append(leaf);
      }
      input.onProgress?.(end, total);
    }
  } finally {
    await next?.catch(() => undefined); // stopped early: do not leave a read running
    await helper?.close();
  }
  tree.reportUnreached();
  return {
    ok: problems.total === 0,
    records: total,
    checkpointsChecked: checkpoints.length,
    verifiedSize: tree.verifiedSize,
    ...problems.report(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The rebuilt tree, checked against each signed checkpoint as it reaches that checkpoint's size. */
class TreeCheck {
  #frontier = new MerkleFrontier();
  readonly #pending: ValidCheckpoint[];
  readonly #problems: ProblemLog;
  readonly #helper: RunHasher | undefined;
  verifiedSize = 0;

  constructor(checkpoints: readonly ValidCheckpoint[], problems: ProblemLog, helper: RunHasher | undefined) {
    this.#pending = [...checkpoints].sort((a, b) => a.size - b.size);
    this.#problems = problems;
    this.#helper = helper;
    this.#checkDue(); // size-0 checkpoints
  }

  append(leaf: Uint8Array): void {
    this.#frontier.append(leaf);
    this.#checkDue();
  }

  /** Appends a window of leaves in bulk; with a helper thread, its second part is hashed there. */
  async appendWindow(leaves: Buffer): Promise<void> {
    const count = leaves.length / HASH_SIZE;
    const split = this.#helper ? RunHasher.split(this.#frontier.size, count) : undefined;
    if (!this.#helper || split === undefined) {
      this.#appendInOrder(leaves);
      return;
    }
    const runStart = this.#frontier.size + split;
    const stops = this.#pending.map((checkpoint) => checkpoint.size - runStart).filter((size) => size > 0 && size < count - split);
    const runEdges = this.#helper.hash(leaves.subarray(split * HASH_SIZE), [...new Set(stops)]);
    this.#appendInOrder(leaves.subarray(0, split * HASH_SIZE));
    const atSplit = this.#frontier;
    for (const { size, edge } of await runEdges) {
      this.#frontier = atSplit.clone();
      this.#frontier.appendRange(size, edge);
      this.#checkDue();
    }
  }

  /** Appends leaves in bulk, stopping at each checkpoint's size to check it. */
  #appendInOrder(leaves: Buffer): void {
    const first = this.#frontier.size;
    const end = first + leaves.length / HASH_SIZE;
    while (this.#frontier.size < end) {
      const due = this.#pending[0]?.size ?? end;
      const stop = due > this.#frontier.size && due < end ? due : end;
      this.#frontier.appendLeaves(leaves.subarray((this.#frontier.size - first) * HASH_SIZE, (stop - first) * HASH_SIZE));
      this.#checkDue();
    }
  }

  /** Checkpoints larger than the rebuilt tree: a truncated tail or a rollback. */
  reportUnreached(): void {
    const size = this.#frontier.size;
    for (const checkpoint of this.#pending) {
      this.#problems.push({
        kind: 'truncated',
        seq: size,
        size: checkpoint.size,
        message: `the checkpoint of size ${checkpoint.size} (${checkpoint.source}) covers records up to ${checkpoint.size - 1}, but the tree can only be rebuilt to ${size - 1}: records were removed from the end (truncated tail) or the store was rolled back`,
      });
    }
  }

  #checkDue(): void {
    // Every checkpoint of this size is judged against what was proven before it, not against
    // another checkpoint of the same size that happened to match (a re-signed rollback).
    const before = this.verifiedSize;
    while (this.#pending.length > 0 && (this.#pending[0] as ValidCheckpoint).size === this.#frontier.size) {
      const checkpoint = this.#pending.shift() as ValidCheckpoint;
      if (Buffer.from(this.#frontier.root()).equals(Buffer.from(checkpoint.rootHash))) {
        this.verifiedSize = checkpoint.size;
        continue;
      }
      const seq = this.#problems.firstRecordProblemSinceMatch() ?? before;
      this.#problems.push({
        kind: 'checkpoint-mismatch',
        seq,
        size: checkpoint.size,
        message: `the records do not match the checkpoint of size ${checkpoint.size} (${checkpoint.source}): a record from ${seq} on was changed, or the store no longer extends this published checkpoint (rollback)`,
      });
    }
    if (this.verifiedSize > before) this.#problems.matched();
  }
}

/** Check every note's signature; bad ones become problems, good ones are returned. */
function checkSignatures(input: VerifyInput, problems: ProblemLog): ValidCheckpoint[] {
  const valid: ValidCheckpoint[] = [];
  for (const { source, note } of input.notes) {
    try {
      const checkpoint = verifyCheckpoint(note, input.keys, { expectedOrigin: input.origin });
      valid.push({ source, size: checkpoint.size, rootHash: checkpoint.rootHash });
    } catch (error) {
      const reason = error instanceof CheckpointError ? error.reason : 'malformed-body';
      const kind: ProblemKind = reason === 'bad-signature' ? 'bad-signature' : reason === 'unknown-key' ? 'unknown-key' : 'malformed-checkpoint';
      problems.push({ kind, message: `a checkpoint in the ${source} does not verify: ${(error as Error).message}` });
    }
  }
  return valid;
}

/** One past the node's highest sequence number among the records, and among its committed leaves. */
async function recordSpan(engine: SqlEngine, node: string): Promise<{ records: number; leaves: number }> {
  const [records] = await engine.query<{ events: string }>(`SELECT if(count() = 0, 0, max(event_sequence) + 1) AS events FROM events WHERE ${NODE_RECORDS_CONDITION}`, { lw_node: node });
  const [log] = await engine.query<{ end: string; n: string }>(COMMITTED_END_SQL, { lw_node: node });
  const end = Number(log?.n ?? 0) > 0 ? Number(log?.end) : 0;
  const [leaves] = await engine.query<{ span: string }>(COMMITTED_LEAF_SPAN_SQL, { lw_node: node, lw_hi: end });
  return { records: Number(records?.events ?? 0), leaves: Number(leaves?.span ?? 0) };
}

/** Leaves of [start, end) by sequence number, with how often each sequence number occurred. */
interface Window {
  readonly leaves: Buffer;
  readonly counts: Uint8Array;
}

/** The leaves of the node's records of a range, recomputed from the stored rows in one leaf format. */
function recomputedSql(format: LeafFormat): string {
  return `${LEAF_SQL_WITH} SELECT event_sequence, ${leafSql(format).leafHash} FROM events
WHERE event_sequence >= {lw_lo:UInt64} AND event_sequence < {lw_hi:UInt64} AND ${NODE_RECORDS_CONDITION}`;
}

/**
 * Recomputed leaves (from the node's records) and stored leaves (the node's committed ones, below
 * the end of its log `leafEnd`) of [start, end). The recomputed ones go into the tree, so they live
 * in shared memory that the helper thread can read.
 */
function readWindows(engine: SqlEngine, node: string, formats: LeafFormats, leafEnd: number, start: number, end: number): Promise<[Window, Window]> {
  const stored = { lw_node: node, lw_lo: start, lw_hi: Math.max(start, Math.min(end, leafEnd)) };
  // Each part of the window recomputed in its records' leaf format (normally one part).
  const recomputed = formats.ranges(start, end).map((range) => ({ sql: recomputedSql(range.format), params: { lw_node: node, lw_lo: range.from, lw_hi: range.to } }));
  return Promise.all([
    readWindow(engine, recomputed, start, end, new SharedArrayBuffer((end - start) * HASH_SIZE)),
    readWindow(engine, [{ sql: committedLeavesSql('seq, leaf'), params: stored }], start, end, new ArrayBuffer((end - start) * HASH_SIZE)),
  ]);
}

async function readWindow(engine: SqlEngine, parts: readonly { sql: string; params: SqlParams }[], start: number, end: number, memory: ArrayBufferLike): Promise<Window> {
  const leaves = Buffer.from(memory);
  const counts = new Uint8Array(end - start);
  for (const { sql, params } of parts) {
    const rows = await engine.queryRowBinary(sql, params);
    if (rows.length % ROW !== 0) throw new Error(`unexpected row size reading ${sql.slice(0, 80)}: ${rows.length} bytes is not a multiple of ${ROW}`);
    placeRows(rows, start, leaves, counts);
  }
  return { leaves, counts };
}

/**
 * Puts each RowBinary row's leaf at its sequence number's place and counts how often each number
 * came (the first leaf of a number wins). Copying 32-bit words takes about 36 ms per million rows,
 * calling Buffer.copy per row 60 ms.
 */
function placeRows(rows: Buffer, start: number, leaves: Buffer, counts: Uint8Array): void {
  const aligned = rows.byteOffset % 4 === 0 ? rows : Buffer.from(rows); // Node aligns a fresh copy to 8 bytes
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.length);
  const from = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  const to = new Uint32Array(leaves.buffer, leaves.byteOffset, leaves.length / 4);
  const rowWords = ROW / 4;
  const leafWords = HASH_SIZE / 4;
  for (let word = 0; word < from.length; word += rowWords) {
    const index = view.getUint32(word * 4, true) + view.getUint32(word * 4 + 4, true) * 2 ** 32 - start;
    if (counts[index] === 0) for (let k = 0; k < leafWords; k++) to[index * leafWords + k] = from[word + 2 + k] as number;
    counts[index] = Math.min(255, (counts[index] as number) + 1);
  }
}

/** True when every record and every leaf of the window occurs exactly once and they all match. */
function windowIntact(recomputed: Window, stored: Window): boolean {
  for (let index = 0; index < recomputed.counts.length; index++) {
    if (recomputed.counts[index] !== 1 || stored.counts[index] !== 1) return false;
  }
  return recomputed.leaves.equals(stored.leaves);
}

/** Compare one record with its stored leaf; returns the leaf to put in the tree, if any. */
function compareRecord(seq: number, recomputed: Window, stored: Window, start: number, problems: ProblemLog, checkpointed: boolean): Buffer | undefined {
  const index = seq - start;
  const records = recomputed.counts[index] as number;
  const leaves = stored.counts[index] as number;
  if (records > 1) problems.push({ kind: 'duplicated', seq, message: `record ${seq} is stored ${records} times: a record was inserted or duplicated` });
  if (records === 0 && leaves === 0) {
    problems.push({ kind: 'missing', seq, message: `record ${seq} and its leaf hash are both missing` });
    return undefined;
  }
  if (records === 0) {
    problems.push({ kind: 'deleted', seq, message: `record ${seq} was deleted (its leaf hash is still in the ledger)` });
    return stored.leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
  // Past the last checkpoint a record may simply not be hashed yet (the server stopped first).
  if (leaves === 0 && checkpointed) {
    problems.push({ kind: 'leaf-missing', seq, message: `the leaf hash of record ${seq} was deleted from the ledger` });
  }
  if (leaves > 0 && recomputed.leaves.compare(stored.leaves, index * HASH_SIZE, (index + 1) * HASH_SIZE, index * HASH_SIZE, (index + 1) * HASH_SIZE) !== 0) {
    problems.push({ kind: 'changed', seq, message: `record ${seq} was changed: its contents no longer hash to the leaf recorded when it was stored` });
  }
  return recomputed.leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
}

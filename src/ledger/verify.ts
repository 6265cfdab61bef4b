// `logwarden verify`: recompute every leaf from the stored records (in the engine, leaf-sql.ts),
// rebuild the Merkle tree, and check it against every signed checkpoint we can find: those in the
// database, in the transparency file, and any kept elsewhere (an external witness copy). It
// reports, by sequence number, a changed record, a deleted one, an inserted or duplicated one,
// reordered records, a truncated tail, a forged or unknown-key checkpoint, and a rollback (a store
// that no longer extends a checkpoint published earlier).
import type { SqlEngine } from '../store/engine.ts';
import { fixedSizeRecords } from '../store/engine.ts';
import { CheckpointError, verifyCheckpoint, type VerifierKey } from './checkpoint.ts';
import { LEAF_HASH_SQL, LEAF_SQL_SETTINGS } from './leaf-sql.ts';
import { HASH_SIZE, MerkleFrontier } from './merkle.ts';

export type ProblemKind =
  | 'changed'
  | 'deleted'
  | 'duplicated'
  | 'missing'
  | 'truncated'
  | 'checkpoint-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'malformed-checkpoint';

export interface Problem {
  readonly kind: ProblemKind;
  /** The first sequence number the problem concerns, when it concerns records. */
  readonly seq?: number;
  readonly message: string;
}

export interface NamedNote {
  /** Where the note came from: `database`, `transparency file`, or a file name. */
  readonly source: string;
  readonly note: string;
}

export interface VerifyInput {
  readonly engine: SqlEngine;
  readonly origin: string;
  readonly keys: readonly VerifierKey[];
  readonly notes: readonly NamedNote[];
  readonly onProgress?: (done: number, total: number) => void;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly checkpointsChecked: number;
  /** Size of the largest checkpoint that matched the records. */
  readonly verifiedSize: number;
  readonly problems: readonly Problem[];
  readonly seconds: number;
}

interface ValidCheckpoint {
  readonly source: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

const WINDOW = 1 << 20; // records read per query: bounds memory (about 80 MiB per window)
const ROW = 8 + HASH_SIZE; // RowBinary: UInt64 sequence, FixedString(32) leaf

export async function verifyLedger(input: VerifyInput): Promise<VerifyReport> {
  const started = performance.now();
  const problems: Problem[] = [];
  const checkpoints = checkSignatures(input, problems);
  const total = await recordSpan(input.engine, checkpoints);
  const frontier = new MerkleFrontier();
  const pending = [...checkpoints].sort((a, b) => a.size - b.size);
  let verifiedSize = 0;
  let lastGood = 0;
  const checkDue = (): void => {
    while (pending.length > 0 && (pending[0] as ValidCheckpoint).size === frontier.size) {
      const checkpoint = pending.shift() as ValidCheckpoint;
      if (Buffer.from(frontier.root()).equals(Buffer.from(checkpoint.rootHash))) {
        verifiedSize = checkpoint.size;
        lastGood = checkpoint.size;
      } else {
        problems.push({
          kind: 'checkpoint-mismatch',
          seq: lastGood,
          message: `the records do not match the checkpoint of size ${checkpoint.size} (${checkpoint.source}): a record at or after ${lastGood} was changed, or the store no longer extends this published checkpoint (rollback)`,
        });
      }
    }
  };
  checkDue(); // size-0 checkpoints
  let broken = false;
  for (let start = 0; start < total && !broken; start += WINDOW) {
    const end = Math.min(total, start + WINDOW);
    const recomputed = await readWindow(input.engine, `SELECT event_sequence, ${LEAF_HASH_SQL} FROM events`, 'event_sequence', start, end, true);
    const stored = await readWindow(input.engine, 'SELECT seq, leaf FROM ledger_leaves', 'seq', start, end, false);
    for (let seq = start; seq < end; seq++) {
      const leaf = compareRecord(seq, recomputed, stored, start, problems);
      if (!leaf) {
        broken = true; // no record and no leaf: the tree cannot be rebuilt past this point
        break;
      }
      frontier.append(leaf);
      checkDue();
    }
    input.onProgress?.(end, total);
  }
  for (const checkpoint of pending) {
    problems.push({
      kind: 'truncated',
      seq: frontier.size,
      message: `the checkpoint of size ${checkpoint.size} (${checkpoint.source}) covers records up to ${checkpoint.size - 1}, but the tree can only be rebuilt to ${frontier.size - 1}: records were removed from the end (truncated tail) or the store was rolled back`,
    });
  }
  problems.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1));
  return {
    ok: problems.length === 0,
    records: total,
    checkpointsChecked: checkpoints.length,
    verifiedSize,
    problems,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Check every note's signature; bad ones become problems, good ones are returned. */
function checkSignatures(input: VerifyInput, problems: Problem[]): ValidCheckpoint[] {
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

/** One past the highest sequence number in records, leaves or checkpoints. */
async function recordSpan(engine: SqlEngine, checkpoints: readonly ValidCheckpoint[]): Promise<number> {
  const [row] = await engine.query<{ events: string; leaves: string }>(
    `SELECT (SELECT if(count() = 0, 0, max(event_sequence) + 1) FROM events) AS events,
            (SELECT if(count() = 0, 0, max(seq) + 1) FROM ledger_leaves) AS leaves`,
  );
  return Math.max(Number(row?.events ?? 0), Number(row?.leaves ?? 0), ...checkpoints.map((c) => c.size));
}

/** Leaves of [start, end) by sequence number, with how often each sequence number occurred. */
interface Window {
  readonly leaves: Buffer;
  readonly counts: Uint8Array;
}

async function readWindow(engine: SqlEngine, select: string, column: string, start: number, end: number, leafSettings: boolean): Promise<Window> {
  const leaves = Buffer.alloc((end - start) * HASH_SIZE);
  const counts = new Uint8Array(end - start);
  const sql = `${select} WHERE ${column} >= {a:UInt64} AND ${column} < {b:UInt64}${leafSettings ? ` SETTINGS ${LEAF_SQL_SETTINGS}` : ''}`;
  for await (const chunk of fixedSizeRecords(engine.queryRowBinary(sql, { a: start, b: end }), ROW)) {
    for (let offset = 0; offset < chunk.length; offset += ROW) {
      const index = Number(chunk.readBigUInt64LE(offset)) - start;
      if (counts[index] === 0) chunk.copy(leaves, index * HASH_SIZE, offset + 8, offset + ROW);
      counts[index] = Math.min(255, (counts[index] as number) + 1);
    }
  }
  return { leaves, counts };
}

/** Compare one record with its stored leaf; returns the leaf to put in the tree, if any. */
function compareRecord(seq: number, recomputed: Window, stored: Window, start: number, problems: Problem[]): Buffer | undefined {
  const index = seq - start;
  const recomputedLeaf = recomputed.leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  const storedLeaf = stored.leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  const records = recomputed.counts[index] as number;
  const leaves = stored.counts[index] as number;
  if (records > 1) problems.push({ kind: 'duplicated', seq, message: `record ${seq} is stored ${records} times: a record was inserted or duplicated` });
  if (records === 0 && leaves === 0) {
    problems.push({ kind: 'missing', seq, message: `record ${seq} and its leaf hash are both missing` });
    return undefined;
  }
  if (records === 0) {
    problems.push({ kind: 'deleted', seq, message: `record ${seq} was deleted (its leaf hash is still in the ledger)` });
    return storedLeaf;
  }
  if (leaves > 0 && !recomputedLeaf.equals(storedLeaf)) {
    problems.push({ kind: 'changed', seq, message: `record ${seq} was changed: its contents no longer hash to the leaf recorded when it was stored` });
  }
  return recomputedLeaf;
}

// The live ledger of one node (R-TAMPER-1, R-TAMPER-2). After each batch is stored, the engine
// computes the batch's leaf hashes from the stored rows (leaf-sql.ts) into `ledger_leaves`; the
// ledger appends them to its Merkle frontier. A signed checkpoint (C2SP) covering everything
// stored is made at most every second while records arrive, periodically when idle, and at
// shutdown; each goes into `ledger_checkpoints` and the fsynced transparency file. A checkpoint
// is only ever made after the records it covers were written.
import type { Logger } from '../observability/logger.ts';
import type { SqlEngine } from '../store/engine.ts';
import { fixedSizeRecords } from '../store/engine.ts';
import { createSigner, signCheckpoint, verifyCheckpoint, type NoteSigner } from './checkpoint.ts';
import type { LedgerKeys } from './keys.ts';
import { LEAF_HASH_SQL, LEAF_SQL_SETTINGS } from './leaf-sql.ts';
import { consistencyProof, HASH_SIZE, inclusionProof, MerkleFrontier } from './merkle.ts';
import type { TransparencyFile } from './transparency-file.ts';

export interface LedgerOptions {
  /** Shortest time between two checkpoints while records arrive. */
  readonly checkpointIntervalMs: number;
  /** A checkpoint is made this often even when nothing arrived, to show the log is alive. */
  readonly idleCheckpointMs: number;
}

export interface LatestCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly note: string;
}

export class Ledger {
  readonly #engine: SqlEngine;
  readonly #keys: LedgerKeys;
  readonly #signer: NoteSigner;
  readonly #file: TransparencyFile;
  readonly #options: LedgerOptions;
  readonly #logger: Logger;
  #frontier = new MerkleFrontier();
  #latest: LatestCheckpoint | undefined;
  #latestAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #checkpointing: Promise<void> | undefined;
  /** chDB allows one streaming read per session: proofs and verify take turns. */
  #streamQueue: Promise<unknown> = Promise.resolve();

  constructor(engine: SqlEngine, keys: LedgerKeys, file: TransparencyFile, options: LedgerOptions, logger: Logger) {
    this.#engine = engine;
    this.#keys = keys;
    this.#signer = createSigner(keys.signer);
    this.#file = file;
    this.#options = options;
    this.#logger = logger;
  }

  get origin(): string {
    return this.#keys.origin;
  }

  get keys(): LedgerKeys {
    return this.#keys;
  }

  /** Records in the tree (stored and hashed). */
  get size(): number {
    return this.#frontier.size;
  }

  get latestCheckpoint(): LatestCheckpoint | undefined {
    return this.#latest;
  }

  /**
   * Resume after a restart from what is durable: the last checkpoint's frontier, then every leaf
   * after it; leaves of records stored just before a crash are computed now.
   */
  async open(lastStoredSequence: number): Promise<void> {
    await this.#restoreLatestCheckpoint();
    const [row] = await this.#engine.query<{ last: string; n: string }>('SELECT max(seq) AS last, count() AS n FROM ledger_leaves');
    const lastLeaf = row && Number(row.n) > 0 ? Number(row.last) : -1;
    if (lastStoredSequence > lastLeaf) await this.#hashStored(lastLeaf + 1, lastStoredSequence + 1);
    for await (const leaves of this.streamLeaves(this.#frontier.size, lastStoredSequence + 1)) {
      for (let offset = 0; offset < leaves.length; offset += HASH_SIZE) this.#frontier.append(leaves.subarray(offset, offset + HASH_SIZE));
    }
    if (this.#frontier.size !== lastStoredSequence + 1) {
      throw new Error(`ledger cannot resume: ${this.#frontier.size} leaves for ${lastStoredSequence + 1} stored records; run logwarden verify`);
    }
    await this.checkpoint();
    this.#timer = setInterval(() => void this.#tick(), Math.min(this.#options.checkpointIntervalMs, 1000));
    this.#timer.unref();
  }

  /** Hash records [first, first+count) that were just stored and add them to the tree, in order. */
  async recordStored(first: number, count: number): Promise<void> {
    if (first !== this.#frontier.size) throw new Error(`ledger expected record ${this.#frontier.size} next, got ${first}`);
    await this.#hashStored(first, first + count);
    const rows = await this.#engine.query<{ h: string }>(
      'SELECT hex(leaf) AS h FROM ledger_leaves WHERE seq >= {a:UInt64} AND seq < {b:UInt64} ORDER BY seq LIMIT 1 BY seq',
      { a: first, b: first + count },
    );
    if (rows.length !== count) throw new Error(`ledger found ${rows.length} leaves for ${count} stored records from ${first}`);
    for (const row of rows) this.#frontier.append(Buffer.from(row.h, 'hex'));
  }

  /** Sign a checkpoint for everything in the tree now (serialised: one at a time). */
  async checkpoint(): Promise<void> {
    while (this.#checkpointing) await this.#checkpointing;
    this.#checkpointing = this.#signAndPublish().finally(() => (this.#checkpointing = undefined));
    await this.#checkpointing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.checkpoint();
    await this.#file.close();
  }

  /** Inclusion proof of record `seq` in the tree of `size` records (default: the latest checkpoint). */
  async inclusionProof(seq: number, size: number): Promise<{ leafHash: Uint8Array; proof: Uint8Array[] }> {
    const leaves = await this.#readLeaves(size);
    return { leafHash: leaves.subarray(seq * HASH_SIZE, (seq + 1) * HASH_SIZE), proof: inclusionProof(seq, size, leafGetter(leaves)) };
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    return consistencyProof(from, to, leafGetter(await this.#readLeaves(to)));
  }

  /** Stored leaf hashes of [from, to), in order, in chunks of whole hashes. */
  streamLeaves(from: number, to: number): AsyncIterable<Buffer> {
    const chunks = this.#engine.queryRowBinary(
      'SELECT leaf FROM ledger_leaves WHERE seq >= {a:UInt64} AND seq < {b:UInt64} ORDER BY seq LIMIT 1 BY seq',
      { a: from, b: to },
    );
    return fixedSizeRecords(chunks, HASH_SIZE);
  }

  /** Run a streaming read when no other one is running. */
  exclusiveStream<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#streamQueue.then(work, work);
    this.#streamQueue = run.catch(() => undefined);
    return run;
  }

  async #readLeaves(size: number): Promise<Buffer> {
    if (size > this.#frontier.size) throw new RangeError(`the tree has ${this.#frontier.size} records, not ${size}`);
    return this.exclusiveStream(async () => {
      const parts: Buffer[] = [];
      for await (const chunk of this.streamLeaves(0, size)) parts.push(chunk);
      return Buffer.concat(parts);
    });
  }

  async #hashStored(from: number, to: number): Promise<void> {
    await this.#engine.command(
      `INSERT INTO ledger_leaves SELECT event_sequence, ${LEAF_HASH_SQL} FROM events
       WHERE event_sequence >= {a:UInt64} AND event_sequence < {b:UInt64} SETTINGS ${LEAF_SQL_SETTINGS}`,
      { a: from, b: to },
    );
  }

  async #restoreLatestCheckpoint(): Promise<void> {
    const [row] = await this.#engine.query<{ note: string; frontier: string }>(
      'SELECT note, frontier FROM ledger_checkpoints ORDER BY size DESC, created_at DESC LIMIT 1',
    );
    if (!row) return;
    const checkpoint = verifyCheckpoint(row.note, this.#keys.verifierKeys, { expectedOrigin: this.#keys.origin });
    const frontier = MerkleFrontier.deserialize(Buffer.from(row.frontier, 'base64'));
    if (frontier.size !== checkpoint.size || !Buffer.from(frontier.root()).equals(Buffer.from(checkpoint.rootHash))) {
      throw new Error(`the stored frontier does not match the latest signed checkpoint (size ${checkpoint.size}); run logwarden verify`);
    }
    this.#frontier = frontier;
    this.#latest = { size: checkpoint.size, rootHash: checkpoint.rootHash, note: row.note };
  }

  async #tick(): Promise<void> {
    const grew = this.#latest === undefined || this.#frontier.size > this.#latest.size;
    const idleDue = Date.now() - this.#latestAt >= this.#options.idleCheckpointMs;
    const intervalDue = Date.now() - this.#latestAt >= this.#options.checkpointIntervalMs;
    if ((grew && intervalDue) || idleDue) {
      await this.checkpoint().catch((error: unknown) => this.#logger.error({ err: error }, 'checkpoint failed; retrying next tick'));
    }
  }

  async #signAndPublish(): Promise<void> {
    const size = this.#frontier.size;
    const rootHash = this.#frontier.root();
    const now = Date.now();
    // The extension line dates the checkpoint, so idle checkpoints show when the log was alive.
    const note = signCheckpoint({ origin: this.#keys.origin, size, rootHash, extensions: [`time ${new Date(now).toISOString()}`] }, this.#signer);
    await this.#engine.command(
      `INSERT INTO ledger_checkpoints (size, root_hash, note, frontier, created_at)
       VALUES ({size:UInt64}, unhex({root:String}), {note:String}, {frontier:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))`,
      { size, root: Buffer.from(rootHash).toString('hex'), note, frontier: Buffer.from(this.#frontier.serialize()).toString('base64'), at: now },
    );
    await this.#file.append(note);
    this.#latest = { size, rootHash, note };
    this.#latestAt = now;
  }
}

function leafGetter(leaves: Buffer): (index: number) => Uint8Array {
  return (index) => leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
}

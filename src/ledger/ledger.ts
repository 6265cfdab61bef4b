// The live ledger of one node (R-TAMPER-1, R-TAMPER-2). At most every second, the engine computes
// the leaf hashes of the records stored since (leaf-sql.ts) into `ledger_leaves`, and the ledger
// reads them, in order, into its Merkle frontier. Hashing runs beside ingest, not in its write
// path: the engine does it multi-threaded over a second's records at once (measured: hashing in
// the insert itself, through a materialized view, halved ingest because the long expression is
// analysed for every insert). A signed checkpoint (C2SP) covering everything stored is made at
// most every second while records arrive, periodically when idle, and at shutdown; each goes into
// `ledger_checkpoints` and the fsynced transparency file. A checkpoint is only ever made after
// the records it covers were written. Each round also stores the tiles of newly completed subtrees
// (tile-store.ts), from which proofs are built without reading every leaf.
import type { Logger } from '../observability/logger.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import { createSigner, signCheckpoint, verifyCheckpoint, type NoteSigner } from './checkpoint.ts';
import type { LedgerKeys } from './keys.ts';
import { readLeafFormats } from './leaf-format-table.ts';
import { LeafFormats, type LeafFormat } from './leaf-format.ts';
import { LEAF_SQL_WITH, leafSql } from './leaf-sql.ts';
import { consistencyProof, consistencyProofRanges, HASH_SIZE, hashLeafRange, inclusionProof, inclusionProofRanges, MerkleFrontier, nodeHash, verifyInclusion, type LeafRange } from './merkle.ts';
import { TileStore, type Tile } from './tile-store.ts';
import { rangeHash, TILE_HEIGHT, type TileSource } from './tiles.ts';
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
  readonly #tiles: TileStore;
  readonly #clock: Clock;
  /** A tile write failed: re-read how far the tiles got before extending them again. */
  #tilesStale = true;
  /** Tiles the frontier completed since they were last stored. */
  #completedTiles: Tile[] = [];
  #frontier = new MerkleFrontier();
  /** Which leaf format each record is hashed in; read at open. */
  #formats = LeafFormats.current;
  #latest: LatestCheckpoint | undefined;
  #latestAt = 0;
  #timer: NodeJS.Timeout | undefined;
  /** One past the last record stored by the pipeline; records below it may still await hashing. */
  #storedUpTo = 0;
  #checkpointing: Promise<void> | undefined;
  /** The running hash-and-sign round: rounds never overlap (a tick and the final one at close). */
  #round: Promise<void> | undefined;

  constructor(engine: SqlEngine, keys: LedgerKeys, file: TransparencyFile, options: LedgerOptions, logger: Logger, clock: Clock = systemClock) {
    this.#engine = engine;
    this.#keys = keys;
    this.#signer = createSigner(keys.signer);
    this.#file = file;
    this.#options = options;
    this.#logger = logger;
    this.#tiles = new TileStore(engine);
    this.#clock = clock;
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
    this.#storedUpTo = lastStoredSequence + 1;
    this.#formats = await readLeafFormats(this.#engine);
    await this.#restoreLatestCheckpoint();
    const [row] = await this.#engine.query<{ last: string; n: string }>('SELECT max(seq) AS last, count() AS n FROM ledger_leaves');
    const lastLeaf = row && Number(row.n) > 0 ? Number(row.last) : -1;
    // Leaves of numbers beyond the stored records (possible after a crash mid-write) would clash
    // with the records that will get those numbers.
    if (lastLeaf > lastStoredSequence) {
      await this.#engine.command('ALTER TABLE ledger_leaves DELETE WHERE seq > {last:Int64} SETTINGS mutations_sync = 2', { last: lastStoredSequence });
    }
    if (lastStoredSequence > lastLeaf) await this.#hashStored(lastLeaf + 1, lastStoredSequence + 1);
    await this.#appendLeaves(this.#frontier.size, lastStoredSequence + 1);
    if (this.#frontier.size !== lastStoredSequence + 1) {
      throw new Error(`ledger cannot resume: ${this.#frontier.size} leaves for ${lastStoredSequence + 1} stored records; run logwarden verify`);
    }
    await this.#extendTiles(); // a store from before tiles gets them all now, once
    await this.checkpoint();
    // Ticks are more frequent than checkpoints so that a round starts soon after the interval ends.
    this.#timer = setInterval(() => void this.#tick(), Math.min(this.#options.checkpointIntervalMs, 1000) / 4);
    this.#timer.unref();
  }

  /** Records [first, first+count) were stored; the next tick hashes them. */
  stored(first: number, count: number): void {
    this.#storedUpTo = Math.max(this.#storedUpTo, first + count);
  }

  /** Hash what was stored since the last time and add it to the tree, in order. */
  async #catchUp(): Promise<void> {
    const from = this.#frontier.size;
    const to = this.#storedUpTo;
    if (to <= from) return;
    await this.#hashStored(from, to);
    await this.#appendLeaves(from, to);
  }

  /** Sign a checkpoint for everything in the tree now (serialised: one at a time). */
  async checkpoint(): Promise<void> {
    while (this.#checkpointing) await this.#checkpointing;
    this.#checkpointing = this.#signAndPublish().finally(() => (this.#checkpointing = undefined));
    await this.#checkpointing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#catchUpAndSign();
    await this.#file.close();
  }

  /** The leaf format record `seq` is hashed in: evidence names it so that a third party can check it. */
  leafFormatOf(seq: number): LeafFormat {
    return this.#formats.formatOf(seq);
  }

  /** Inclusion proof of record `seq` in the tree of `size` records (default: the latest checkpoint). */
  async inclusionProof(seq: number, size: number): Promise<{ leafHash: Uint8Array; proof: Uint8Array[] }> {
    const ranges = [{ start: seq, end: seq + 1 }, ...inclusionProofRanges(seq, size)];
    const build = (source: TileSource<Uint8Array>) => ({ leafHash: source.leaf(seq), proof: inclusionProof(seq, size, { hashRange: (start, end) => rangeHash(start, end, source, nodeHash) }) });
    const built = build(await this.#proofSource(size, ranges));
    // Checked against the latest root when it is the one asked for: a damaged tile must not be
    // served as a proof that fails at the auditor's end.
    const root = this.#latest?.size === size ? this.#latest.rootHash : undefined;
    if (!root || verifyInclusion(built.leafHash, seq, size, built.proof, root)) return built;
    this.#logger.error({ seq, size }, 'a proof built from the ledger tiles does not match the signed root: a tile is damaged; building it from every leaf');
    return build(await this.#leafSource(size));
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    const source = await this.#proofSource(to, consistencyProofRanges(from, to));
    return consistencyProof(from, to, { hashRange: (start, end) => rangeHash(start, end, source, nodeHash) });
  }

  /** The hashes a proof in the tree of `size` needs: from the tiles, or from every leaf when one is missing. */
  async #proofSource(size: number, ranges: readonly LeafRange[]): Promise<TileSource<Uint8Array>> {
    if (size > this.#frontier.size) throw new RangeError(`the tree has ${this.#frontier.size} records, not ${size}`);
    const fromTiles = await this.#tiles.sourceFor(ranges);
    if (fromTiles) return fromTiles;
    this.#logger.warn({ size }, 'a ledger tile is missing: building the proof from every leaf; the next round rebuilds the tiles');
    this.#tilesStale = true;
    return this.#leafSource(size);
  }

  /** Every leaf of the tree of `size`, with nodes computed from them: slow, but needs no tile. */
  async #leafSource(size: number): Promise<TileSource<Uint8Array>> {
    const leaf = leafGetter(await this.#readLeaves(size));
    return { leaf, node: (height, index) => hashLeafRange(leaf, index * 2 ** height, (index + 1) * 2 ** height) };
  }

  /** Stores the tiles of subtrees the tree has completed. Best effort: proofs fall back to leaves. */
  async #extendTiles(): Promise<void> {
    try {
      if (this.#tilesStale) await this.#tiles.open();
      this.#tilesStale = false;
      await this.#tiles.add(this.#completedTiles.splice(0));
      await this.#tiles.extendTo(this.#frontier.size); // what was not reported: a store from before tiles, a failed write
    } catch (error) {
      this.#tilesStale = true;
      this.#logger.warn({ err: error }, 'ledger tiles could not be stored; retrying next round');
    }
  }

  /** Stored leaf hashes of [from, to), in order, concatenated; read in bounded windows. */
  async *#leafWindows(from: number, to: number): AsyncGenerator<Buffer> {
    for (let start = from; start < to; start += LEAF_WINDOW) {
      yield this.#engine.queryRowBinary(
        'SELECT leaf FROM ledger_leaves WHERE seq >= {a:UInt64} AND seq < {b:UInt64} ORDER BY seq LIMIT 1 BY seq',
        { a: start, b: Math.min(to, start + LEAF_WINDOW) },
      );
    }
  }

  /** All of [from, to) enters the tree, or none of it (a short read must not shift later leaves). */
  async #appendLeaves(from: number, to: number): Promise<void> {
    const next = this.#frontier.clone();
    const completed: Tile[] = [];
    const observer = { every: TILE_HEIGHT, completed: (height: number, index: number, root: Uint8Array) => completed.push({ height, index, root }) };
    for await (const leaves of this.#leafWindows(from, to)) next.appendLeaves(leaves, observer);
    if (next.size !== to) throw new Error(`ledger found ${next.size - from} leaves for records ${from}..${to - 1}`);
    this.#frontier = next;
    this.#completedTiles.push(...completed);
  }

  async #readLeaves(size: number): Promise<Buffer> {
    const windows: Buffer[] = [];
    for await (const window of this.#leafWindows(0, size)) windows.push(window);
    return Buffer.concat(windows);
  }

  /** Compute the leaves of records [from, to) from the stored rows, in the engine. */
  async #hashStored(from: number, to: number): Promise<void> {
    // A retry after a failure part-way must not hash a record twice.
    const [row] = await this.#engine.query<{ n: string; last: string }>('SELECT count() AS n, max(seq) AS last FROM ledger_leaves WHERE seq >= {a:UInt64}', { a: from });
    if (row && Number(row.n) > 0) from = Math.max(from, Number(row.last) + 1);
    // Each range in its own leaf format (normally one range: every new record is in the current format).
    for (const range of this.#formats.ranges(from, to)) {
      await this.#engine.command(
        `INSERT INTO ledger_leaves ${LEAF_SQL_WITH} SELECT event_sequence, ${leafSql(range.format).leafHash} FROM events WHERE event_sequence >= {a:UInt64} AND event_sequence < {b:UInt64}`,
        { a: range.from, b: range.to },
      );
    }
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
    if (this.#round) return; // a slow round (a large backlog) is still running
    const grew = this.#storedUpTo > (this.#latest?.size ?? -1);
    const idleDue = this.#clock.now() - this.#latestAt >= this.#options.idleCheckpointMs;
    const intervalDue = this.#clock.now() - this.#latestAt >= this.#options.checkpointIntervalMs;
    if (!((grew && intervalDue) || idleDue)) return;
    await this.#catchUpAndSign().catch((error: unknown) => this.#logger.error({ err: error }, 'ledger update failed; retrying next tick'));
  }

  /** Everything stored enters the tree, then a checkpoint covers it; one round at a time. */
  async #catchUpAndSign(): Promise<void> {
    while (this.#round) await this.#round.catch(() => undefined);
    this.#round = (async () => {
      await this.#catchUp();
      await this.#extendTiles();
      await this.checkpoint();
    })().finally(() => (this.#round = undefined));
    await this.#round;
  }

  async #signAndPublish(): Promise<void> {
    const size = this.#frontier.size;
    const rootHash = this.#frontier.root();
    const now = this.#clock.now();
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

/** 1M leaves (32 MiB) per read. */
const LEAF_WINDOW = 1 << 20;

function leafGetter(leaves: Buffer): (index: number) => Uint8Array {
  return (index) => leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
}

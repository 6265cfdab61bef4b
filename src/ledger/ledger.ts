// The live ledger of one node (R-TAMPER-1, R-TAMPER-2), the first consumer of the stored stream
// (stream/consumer.ts; its cursor is its tree size). At most every second, the engine computes the
// leaf hashes of the records stored since (leaf-sql.ts) into `ledger_leaves` as one hashing round
// (rounds.ts), the ledger reads them, in order, into its Merkle frontier, and only then marks the
// round committed: a crash mid-round leaves rows that are ignored, never rows to delete. Every
// table and query is keyed by the node's name, so several nodes keep ledgers side by side.
// Hashing runs beside ingest, not in its write path: the engine does it multi-threaded over a
// second's records at once (measured: hashing in the insert itself, through a materialized view,
// halved ingest because the long expression is analysed for every insert). A signed checkpoint (C2SP) covering everything stored is made at
// most every second while records arrive, periodically when idle, and at shutdown; each goes into
// `ledger_checkpoints` and the fsynced transparency file. A checkpoint is only ever made after
// the records it covers were written. Each round also stores the tiles of newly completed subtrees
// (tile-store.ts), from which proofs are built without reading every leaf.
import type { Logger } from '../observability/logger.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { SequenceRange, StreamConsumer } from '../stream/consumer.ts';
import { createSigner, signCheckpoint, verifyCheckpoint, type NoteSigner } from './checkpoint.ts';
import type { LedgerKeys } from './keys.ts';
import { readLeafFormats } from './leaf-format-table.ts';
import { LeafFormats, type LeafFormat } from './leaf-format.ts';
import { consistencyProof, consistencyProofRanges, HASH_SIZE, hashLeafRange, inclusionProof, inclusionProofRanges, MerkleFrontier, nodeHash, verifyInclusion, type LeafRange } from './merkle.ts';
import { LeafRounds } from './rounds.ts';
import { TileStore, type Tile } from './tile-store.ts';
import { rangeHash, TILE_HEIGHT, type TileSource } from './tiles.ts';
import type { TransparencyFile } from './transparency-file.ts';

export interface LedgerOptions {
  /** This node's name (config.node): keys every ledger row. */
  readonly node: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
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

export class Ledger implements StreamConsumer {
  readonly name = 'ledger';
  readonly drainOnStop = true;
  readonly maxBatch = Number.MAX_SAFE_INTEGER; // a round reads its leaves in bounded windows itself
  readonly #engine: SqlEngine;
  readonly #keys: LedgerKeys;
  readonly #signer: NoteSigner;
  readonly #file: TransparencyFile;
  readonly #options: LedgerOptions;
  readonly #logger: Logger;
  readonly #tiles: TileStore;
  readonly #rounds: LeafRounds;
  readonly #clock: Clock;
  /** A tile write failed: re-read how far the tiles got before extending them again. */
  #tilesStale = true;
  /** Tiles the frontier completed since they were last stored. */
  #completedTiles: Tile[] = [];
  #frontier = new MerkleFrontier();
  /** Which leaf format each record is hashed in; read at open. */
  #formats = LeafFormats.current;
  #latest: LatestCheckpoint | undefined;
  /** Roots of the checkpoints signed lately, by size: a proof is checked against its own size's root. */
  readonly #signedRoots = new Map<number, Uint8Array>();
  #latestAt = 0;
  #timer: NodeJS.Timeout | undefined;
  /** One past the last record stored by the pipeline; records below it may still await hashing. */
  #storedUpTo = 0;
  #checkpointing: Promise<void> | undefined;
  /** The running hash-and-sign round: rounds never overlap (a tick and the final one at close). */
  #round: Promise<void> | undefined;

  constructor(engine: SqlEngine, keys: LedgerKeys, file: TransparencyFile, options: LedgerOptions, logger: Logger) {
    this.#engine = engine;
    this.#keys = keys;
    this.#signer = createSigner(keys.signer);
    this.#file = file;
    this.#options = options;
    this.#logger = logger;
    this.#clock = options.clock ?? systemClock;
    this.#tiles = new TileStore(engine, options.node);
    this.#rounds = new LeafRounds(engine, options.node, () => this.#clock.now());
  }

  get node(): string {
    return this.#options.node;
  }

  /** Records stored meanwhile join the next round: one round (and checkpoint) per interval at most. */
  get minIntervalMs(): number {
    return this.#options.checkpointIntervalMs;
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
   * Resume after a restart from what is durable: the last checkpoint's frontier, then every
   * committed leaf after it; leaves of records stored just before a crash are computed now.
   */
  async open(lastStoredSequence: number): Promise<void> {
    const stored = lastStoredSequence + 1;
    this.#storedUpTo = stored;
    this.#formats = await readLeafFormats(this.#engine, this.#options.node);
    await this.#restoreLatestCheckpoint();
    const committedEnd = await this.#rounds.open();
    const resumable = Math.min(committedEnd, stored);
    if (resumable > this.#frontier.size) this.#commitAppend(await this.#extend(this.#frontier.size, resumable, this.#rounds.committedLeaves(this.#frontier.size, resumable)));
    // Leaves of numbers beyond the stored records (a crash lost records after they were hashed)
    // would clash with the records that get those numbers next: an empty round ends the log here.
    if (committedEnd > stored && this.#frontier.size === stored) await this.#rounds.truncate(stored);
    await this.#catchUp();
    if (this.#frontier.size !== stored) {
      throw new Error(`ledger cannot resume: ${this.#frontier.size} leaves for ${lastStoredSequence + 1} stored records; run logwarden verify`);
    }
    await this.#extendTiles(); // a store from before tiles gets them all now, once
    await this.checkpoint();
    // Rounds with records come from the stream (consume); the tick only signs idle checkpoints.
    this.#timer = setInterval(() => void this.#tick(), Math.min(this.#options.checkpointIntervalMs, 1000) / 4);
    this.#timer.unref();
  }

  /** The stream consumer's cursor: the last record in the tree. */
  resumeAfter(): Promise<number> {
    return Promise.resolve(this.#frontier.size - 1);
  }

  /** Records of `range` were stored: hash them into the tree and sign a checkpoint over it. */
  async consume(range: SequenceRange): Promise<void> {
    this.#storedUpTo = Math.max(this.#storedUpTo, range.end);
    await this.#catchUpAndSign();
  }

  /**
   * Hash what was stored since the last time as one round, add it to the tree, in order, and
   * commit the round. A failure anywhere leaves the round uncommitted; the retry is a new round.
   */
  async #catchUp(): Promise<void> {
    const from = this.#frontier.size;
    const to = this.#storedUpTo;
    if (to <= from) return;
    const round = await this.#rounds.hash(from, to, this.#formats);
    const extended = await this.#extend(from, to, this.#rounds.roundLeaves(round, from, to));
    await this.#rounds.commit(round, from, to);
    this.#commitAppend(extended);
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
    // Checked against the signed root of that size (the latest, or one signed lately: a round may
    // sign a newer one while this proof is built): a damaged tile must not be served as a proof
    // that fails at the auditor's end.
    const root = this.#signedRoots.get(size);
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
    const windows: Buffer[] = [];
    for await (const window of this.#rounds.committedLeaves(0, size)) windows.push(window);
    const leaf = leafGetter(Buffer.concat(windows));
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

  /**
   * The tree with the leaves of [from, to) appended, and the tiles it completed: all of them, or an
   * error (a short read must not shift later leaves). The tree itself changes in #commitAppend.
   */
  async #extend(from: number, to: number, windows: AsyncIterable<Buffer>): Promise<Extended> {
    const frontier = this.#frontier.clone();
    const completed: Tile[] = [];
    const observer = { every: TILE_HEIGHT, completed: (height: number, index: number, root: Uint8Array) => completed.push({ height, index, root }) };
    for await (const leaves of windows) frontier.appendLeaves(leaves, observer);
    if (frontier.size !== to) throw new Error(`ledger found ${frontier.size - from} leaves for records ${from}..${to - 1}`);
    return { frontier, completed };
  }

  #commitAppend(extended: Extended): void {
    this.#frontier = extended.frontier;
    this.#completedTiles.push(...extended.completed);
  }

  async #restoreLatestCheckpoint(): Promise<void> {
    const [row] = await this.#engine.query<{ note: string; frontier: string }>(
      'SELECT note, frontier FROM ledger_checkpoints WHERE node = {lw_node:String} ORDER BY size DESC, created_at DESC LIMIT 1',
      { lw_node: this.#options.node },
    );
    if (!row) return;
    const checkpoint = verifyCheckpoint(row.note, this.#keys.verifierKeys, { expectedOrigin: this.#keys.origin });
    const frontier = MerkleFrontier.deserialize(Buffer.from(row.frontier, 'base64'));
    if (frontier.size !== checkpoint.size || !Buffer.from(frontier.root()).equals(Buffer.from(checkpoint.rootHash))) {
      throw new Error(`the stored frontier does not match the latest signed checkpoint (size ${checkpoint.size}); run logwarden verify`);
    }
    this.#frontier = frontier;
    this.#latest = { size: checkpoint.size, rootHash: checkpoint.rootHash, note: row.note };
    this.#rememberRoot(checkpoint.size, checkpoint.rootHash);
  }

  /** Rounds with records come from the stream (consume); this signs one when the log was idle. */
  async #tick(): Promise<void> {
    if (this.#round) return; // a slow round (a large backlog) is still running
    const idleDue = this.#clock.now() - this.#latestAt >= this.#options.idleCheckpointMs;
    if (!idleDue) return;
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
      `INSERT INTO ledger_checkpoints (node, size, root_hash, note, frontier, created_at)
       VALUES ({node:String}, {size:UInt64}, unhex({root:String}), {note:String}, {frontier:String}, fromUnixTimestamp64Milli({at:Int64}, 'UTC'))`,
      { node: this.#options.node, size, root: Buffer.from(rootHash).toString('hex'), note, frontier: Buffer.from(this.#frontier.serialize()).toString('base64'), at: now },
    );
    await this.#file.append(note);
    this.#latest = { size, rootHash, note };
    this.#latestAt = now;
    this.#rememberRoot(size, rootHash);
  }

  #rememberRoot(size: number, rootHash: Uint8Array): void {
    this.#signedRoots.delete(size);
    this.#signedRoots.set(size, rootHash);
    for (const oldest of this.#signedRoots.keys()) {
      if (this.#signedRoots.size <= RECENT_ROOTS) break;
      this.#signedRoots.delete(oldest);
    }
  }
}

/** How many recent checkpoint roots are kept to check proofs against. */
const RECENT_ROOTS = 256;

interface Extended {
  readonly frontier: MerkleFrontier;
  readonly completed: Tile[];
}

function leafGetter(leaves: Buffer): (index: number) => Uint8Array {
  return (index) => leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
}

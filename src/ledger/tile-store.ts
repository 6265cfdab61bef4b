// The ledger's tiles (tiles.ts) in the `ledger_tiles` table: after each hashing round the nodes of
// newly completed subtrees are stored, as the ledger's frontier reported them while appending (or,
// for a store without them, built from the hashes below); a proof then reads the few thousand
// hashes it needs in two queries instead of every leaf of the tree. Tiles are derived from
// `ledger_leaves`: a missing one is rebuilt on the next round, and until then a proof falls back
// to reading every leaf. Keyed by node, like every ledger table; leaves are read from committed
// rounds only (ledger-sql.ts).
import type { SqlEngine, SqlParams } from '../store/engine.ts';
import { committedLeavesSql } from './ledger-sql.ts';
import { HASH_SIZE, MerkleFrontier, type LeafRange } from './merkle.ts';
import { TILE_HEIGHT, tileNeeds, type TileSource } from './tiles.ts';

/** A stored node: subtree `index` of `height`, covering leaves [index·2^height, (index+1)·2^height). */
export interface Tile {
  readonly height: number;
  readonly index: number;
  readonly root: Uint8Array;
}

/** Nodes built per statement, to bound memory when a large store gets its tiles for the first time. */
const NODES_PER_WRITE = 1024;

export class TileStore {
  readonly #engine: SqlEngine;
  readonly #node: string;
  readonly #tileHeight: number;
  /** How many nodes of each height are stored: always nodes 0 up, written in order. */
  readonly #stored = new Map<number, number>();

  constructor(engine: SqlEngine, node: string, tileHeight = TILE_HEIGHT) {
    this.#engine = engine;
    this.#node = node;
    this.#tileHeight = tileHeight;
  }

  /** Reads how far each height got (at start, and to resynchronise after a failed write). */
  async open(): Promise<void> {
    const rows = await this.#engine.query<{ height: number | string; stored: number | string }>(
      'SELECT height, max(idx) + 1 AS stored FROM ledger_tiles WHERE node = {lw_node:String} GROUP BY height',
      {
        lw_node: this.#node,
      },
    );
    this.#stored.clear();
    for (const row of rows) this.#stored.set(Number(row.height), Number(row.stored));
  }

  /**
   * Stores tiles that the ledger's frontier reported while appending a round's leaves, at no cost
   * of reading or hashing. Tiles that do not continue what is stored are left to extendTo.
   */
  async add(tiles: readonly Tile[]): Promise<void> {
    const byHeight = new Map<number, Tile[]>();
    for (const tile of tiles) {
      const list = byHeight.get(tile.height) ?? [];
      list.push(tile);
      byHeight.set(tile.height, list);
    }
    for (const [height, reported] of byHeight) {
      const next = this.#stored.get(height) ?? 0;
      const fresh = reported.filter((tile) => tile.index >= next).sort((a, b) => a.index - b.index);
      const continuing = fresh.filter((tile, position) => tile.index === next + position);
      if (continuing.length === 0) continue;
      await this.#insert(
        height,
        next,
        continuing.map((tile) => Buffer.from(tile.root).toString('hex')),
      );
      this.#stored.set(height, next + continuing.length);
    }
  }

  /** Stores every node that a tree of `size` leaves has completed and that is not stored yet. */
  async extendTo(size: number): Promise<void> {
    for (let height = this.#tileHeight; 2 ** height <= size; height += this.#tileHeight) {
      const complete = Math.floor(size / 2 ** height);
      for (let first = this.#stored.get(height) ?? 0; first < complete; first = this.#stored.get(height) ?? 0) {
        const end = Math.min(complete, first + NODES_PER_WRITE);
        await this.#build(height, first, end);
        this.#stored.set(height, end);
      }
    }
  }

  /**
   * A source holding every hash that rangeHash needs for these ranges, read in at most two
   * queries; undefined when one of them is not stored (yet).
   */
  async sourceFor(ranges: readonly LeafRange[]): Promise<TileSource<Uint8Array> | undefined> {
    const needs = tileNeeds(ranges, this.#tileHeight);
    const leaves = await this.#readLeafRuns(needs.leaves);
    const nodes = await this.#readNodeRuns(needs.nodes);
    const wanted = (runs: readonly LeafRange[]): number => runs.reduce((sum, run) => sum + run.end - run.start, 0);
    const wantedNodes = [...needs.nodes.values()].reduce((sum, runs) => sum + wanted(runs), 0);
    if (leaves.size !== wanted(needs.leaves) || nodes.size !== wantedNodes) return undefined;
    return {
      leaf: (index) => leaves.get(index) as Uint8Array,
      node: (height, index) => nodes.get(nodeKey(height, index)) as Uint8Array,
    };
  }

  /** Builds nodes [first, end) of `height` from the 2^tileHeight hashes below each, and stores them. */
  async #build(height: number, first: number, end: number): Promise<void> {
    const fanOut = 2 ** this.#tileHeight;
    const below = height - this.#tileHeight;
    const children = await this.#readInOrder(below, first * fanOut, end * fanOut);
    if (children.length !== (end - first) * fanOut * HASH_SIZE) {
      throw new Error(`ledger tiles: found ${children.length / HASH_SIZE} hashes of height ${below} under nodes ${first}..${end - 1} of height ${height}, expected ${(end - first) * fanOut}`);
    }
    const hashes: string[] = [];
    for (let node = 0; node < end - first; node++) {
      const subtree = new MerkleFrontier();
      subtree.appendLeaves(children.subarray(node * fanOut * HASH_SIZE, (node + 1) * fanOut * HASH_SIZE));
      hashes.push(Buffer.from(subtree.root()).toString('hex'));
    }
    await this.#insert(height, first, hashes);
  }

  /** Stores nodes first, first + 1, … of one height, given as hex. */
  async #insert(height: number, first: number, hashes: readonly string[]): Promise<void> {
    await this.#engine.command(
      'INSERT INTO ledger_tiles (node, height, idx, hash) SELECT {lw_node:String}, {height:UInt8}, {first:UInt64} + number, unhex({hashes:Array(String)}[number + 1]) FROM numbers({count:UInt64})',
      { lw_node: this.#node, height, first, hashes, count: hashes.length },
    );
  }

  /** Hashes of one height (0: the leaves) with indices [from, to), in order, concatenated. */
  #readInOrder(height: number, from: number, to: number): Promise<Buffer> {
    if (height === 0) return this.#engine.queryRowBinary(committedLeavesSql('leaf'), { lw_node: this.#node, lw_lo: from, lw_hi: to });
    return this.#engine.queryRowBinary('SELECT hash FROM ledger_tiles WHERE node = {lw_node:String} AND height = {h:UInt8} AND idx >= {a:UInt64} AND idx < {b:UInt64} ORDER BY idx LIMIT 1 BY idx', {
      lw_node: this.#node,
      h: height,
      a: from,
      b: to,
    });
  }

  async #readLeafRuns(runs: readonly LeafRange[]): Promise<Map<number, Uint8Array>> {
    const found = new Map<number, Uint8Array>();
    if (runs.length === 0) return found;
    const where = runsCondition(
      runs.map((run) => ({ run })),
      'seq',
    );
    const bounds = { lw_lo: Math.min(...runs.map((run) => run.start)), lw_hi: Math.max(...runs.map((run) => run.end)) };
    const filter = { leaves: where.sql, rounds: roundsOverlapping(runs.length) };
    const rows = await this.#engine.queryRowBinary(committedLeavesSql('seq, leaf', filter), { ...where.params, ...bounds, lw_node: this.#node });
    const row = 8 + HASH_SIZE; // RowBinary: UInt64, FixedString(32)
    for (let offset = 0; offset + row <= rows.length; offset += row) found.set(Number(rows.readBigUInt64LE(offset)), rows.subarray(offset + 8, offset + row));
    return found;
  }

  async #readNodeRuns(runsByHeight: ReadonlyMap<number, readonly LeafRange[]>): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    const runs = [...runsByHeight].flatMap(([height, heightRuns]) => heightRuns.map((run) => ({ height, run })));
    if (runs.length === 0) return found;
    const where = runsCondition(runs, 'idx');
    const rows = await this.#engine.queryRowBinary(`SELECT height, idx, hash FROM ledger_tiles WHERE node = {lw_node:String} AND (${where.sql})`, { ...where.params, lw_node: this.#node });
    const row = 1 + 8 + HASH_SIZE; // RowBinary: UInt8, UInt64, FixedString(32)
    for (let offset = 0; offset + row <= rows.length; offset += row) {
      found.set(nodeKey(rows.readUInt8(offset), Number(rows.readBigUInt64LE(offset + 1))), rows.subarray(offset + 9, offset + row));
    }
    return found;
  }
}

/** `(…) OR (…)` selecting each run of `column` (and its height, for tiles), bounds bound as parameters. */
function runsCondition(runs: readonly { height?: number; run: LeafRange }[], column: string): { sql: string; params: SqlParams } {
  const params: Record<string, number> = {};
  const terms = runs.map(({ height, run }, i) => {
    params[`a${i}`] = run.start;
    params[`b${i}`] = run.end;
    const range = `${column} >= {a${i}:UInt64} AND ${column} < {b${i}:UInt64}`;
    if (height === undefined) return `(${range})`;
    params[`h${i}`] = height;
    return `(height = {h${i}:UInt8} AND ${range})`;
  });
  return { sql: terms.join(' OR '), params };
}

/** The rounds overlapping the runs that runsCondition bound as a0/b0, a1/b1, … */
function roundsOverlapping(runs: number): string {
  return Array.from({ length: runs }, (_, i) => `(end_seq > {a${i}:UInt64} AND first_seq < {b${i}:UInt64})`).join(' OR ');
}

function nodeKey(height: number, index: number): string {
  return `${height}/${index}`;
}

// Stored interior nodes of the Merkle tree ("tiles"), so that a proof reads a few thousand hashes
// instead of every leaf of the tree. The ledger stores the root of every complete, aligned perfect
// subtree whose height is a multiple of TILE_HEIGHT (1,024 leaves, 1,048,576, …; tile-store.ts).
// Any range hash a proof needs (RFC 9162 MTH over [start, end)) then splits, the RFC's way, into
// such stored nodes plus at most a few hundred leaves at each edge. Pure: callers read the hashes.
import { largestPowerOfTwoBelow, type LeafRange } from './merkle.ts';

/** A node is stored for each complete subtree of 2^(k·TILE_HEIGHT) leaves, k ≥ 1. */
export const TILE_HEIGHT = 10;

/** Leaf hashes by index and stored nodes by height and index (node i of height h covers [i·2^h, (i+1)·2^h)). */
export interface TileSource<Hash> {
  leaf(index: number): Hash;
  node(height: number, index: number): Hash;
}

/**
 * MTH(D[start:end]) (RFC 9162 §2.1.1), taking a stored node for every aligned subtree whose height
 * is a multiple of `tileHeight` and splitting everything else down to such nodes or leaves.
 * `combine` makes a parent from two children: nodeHash, or nothing when only listing what is read.
 */
export function rangeHash<Hash>(start: number, end: number, source: TileSource<Hash>, combine: (left: Hash, right: Hash) => Hash, tileHeight = TILE_HEIGHT): Hash {
  const size = end - start;
  if (size < 1) throw new RangeError(`an empty range [${start}, ${end}) has no tree hash`);
  if (size === 1) return source.leaf(start);
  const height = perfectHeight(size);
  if (height !== undefined && height % tileHeight === 0 && start % size === 0) return source.node(height, start / size);
  const split = start + largestPowerOfTwoBelow(size);
  return combine(rangeHash(start, split, source, combine, tileHeight), rangeHash(split, end, source, combine, tileHeight));
}

/** The height of a perfect tree of `size` leaves, or undefined when size is not a power of two. */
function perfectHeight(size: number): number | undefined {
  const height = Math.round(Math.log2(size));
  return 2 ** height === size ? height : undefined;
}

/** What rangeHash reads for some ranges: runs of leaf indices, and runs of node indices by height. */
export interface TileNeeds {
  readonly leaves: readonly LeafRange[];
  readonly nodes: ReadonlyMap<number, readonly LeafRange[]>;
}

/** The leaves and stored nodes that rangeHash reads for these ranges, so they can be read at once. */
export function tileNeeds(ranges: readonly LeafRange[], tileHeight = TILE_HEIGHT): TileNeeds {
  const leaves: number[] = [];
  const nodes = new Map<number, number[]>();
  const lister: TileSource<void> = {
    leaf: (index) => void leaves.push(index),
    node: (height, index) => {
      const indices = nodes.get(height) ?? [];
      indices.push(index);
      nodes.set(height, indices);
    },
  };
  for (const { start, end } of ranges) rangeHash(start, end, lister, () => undefined, tileHeight);
  return { leaves: toRuns(leaves), nodes: new Map([...nodes].map(([height, indices]) => [height, toRuns(indices)])) };
}

/** Indices (any order, repeats allowed) as sorted runs [start, end) of consecutive numbers. */
export function toRuns(indices: readonly number[]): LeafRange[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const runs: LeafRange[] = [];
  for (const index of sorted) {
    const last = runs.at(-1);
    if (last && last.end === index) runs[runs.length - 1] = { start: last.start, end: index + 1 };
    else runs.push({ start: index, end: index + 1 });
  }
  return runs;
}

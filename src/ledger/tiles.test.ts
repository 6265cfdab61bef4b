// Range hashes and proofs built from stored nodes ("tiles") equal those built from every leaf, and
// tileNeeds lists exactly what they read. Small tile heights give several levels of tiles in small
// trees. R-TAMPER-2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { consistencyProof, consistencyProofRanges, inclusionProof, inclusionProofRanges, leafHash, nodeHash, rootFromLeaves, type LeafRange } from './merkle.ts';
import { rangeHash, tileNeeds, toRuns, type TileSource } from './tiles.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const leavesOf = (count: number): Uint8Array[] => Array.from({ length: count }, (_, index) => leafHash(Buffer.from(`leaf ${index}`)));

/** Tiles computed from the leaves, served only where `needs` says they will be read. */
function tileSource(leaves: readonly Uint8Array[], ranges: readonly LeafRange[], tileHeight: number): TileSource<Uint8Array> {
  const needs = tileNeeds(ranges, tileHeight);
  const within = (runs: readonly LeafRange[] | undefined, index: number): boolean => (runs ?? []).some((run) => index >= run.start && index < run.end);
  return {
    leaf: (index) => {
      assert.ok(within(needs.leaves, index), `leaf ${index} was read but not listed`);
      return leaves[index] as Uint8Array;
    },
    node: (height, index) => {
      assert.ok(within(needs.nodes.get(height), index), `node ${height}/${index} was read but not listed`);
      // Only whole, aligned subtrees are stored.
      assert.ok(Number.isInteger(index) && (index + 1) * 2 ** height <= leaves.length, `node ${height}/${index} is not a stored subtree`);
      return rootFromLeaves(leaves.slice(index * 2 ** height, (index + 1) * 2 ** height));
    },
  };
}

describe('tiles', () => {
  it('the hash of any range from tiles equals the hash from its leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 4 }), fc.nat(), fc.nat(), (size, tileHeight, a, b) => {
        const leaves = leavesOf(size);
        const start = a % size;
        const end = start + 1 + (b % (size - start));
        const range = { start, end };
        const hash = rangeHash(start, end, tileSource(leaves, [range], tileHeight), nodeHash, tileHeight);
        assert.equal(hex(hash), hex(rootFromLeaves(leaves.slice(start, end))));
      }),
      { numRuns: 200 },
    );
  });

  it('inclusion and consistency proofs from tiles equal those from every leaf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 2, max: 5 }), fc.nat(), fc.nat(), (size, tileHeight, a, b) => {
        const leaves = leavesOf(size);
        const index = a % size;
        const oldSize = b % (size + 1);
        const inclusionRanges = inclusionProofRanges(index, size);
        const viaTiles = tileSource(leaves, inclusionRanges, tileHeight);
        const proof = inclusionProof(index, size, { hashRange: (start, end) => rangeHash(start, end, viaTiles, nodeHash, tileHeight) });
        assert.deepEqual(proof.map(hex), inclusionProof(index, size, leaves).map(hex));
        const consistencyRanges = consistencyProofRanges(oldSize, size);
        const viaTilesToo = tileSource(leaves, consistencyRanges, tileHeight);
        const consistency = consistencyProof(oldSize, size, { hashRange: (start, end) => rangeHash(start, end, viaTilesToo, nodeHash, tileHeight) });
        assert.deepEqual(consistency.map(hex), consistencyProof(oldSize, size, leaves).map(hex));
      }),
      { numRuns: 150 },
    );
  });

  it('a proof in a big tree reads a few thousand hashes, not the whole tree', () => {
    const size = 2 ** 40 + 12_345;
    const needs = tileNeeds(inclusionProofRanges(2 ** 39 + 777, size));
    const count = (runs: readonly LeafRange[]): number => runs.reduce((sum, run) => sum + run.end - run.start, 0);
    const total = count(needs.leaves) + [...needs.nodes.values()].reduce((sum, runs) => sum + count(runs), 0);
    assert.ok(total < 20_000, `${total} hashes`);
    assert.deepEqual(
      [...needs.nodes.keys()].sort((x, y) => x - y),
      [10, 20, 30],
    );
  });

  it('toRuns coalesces indices into sorted runs', () => {
    assert.deepEqual(toRuns([5, 3, 4, 9, 3, 10, 0]), [
      { start: 0, end: 1 },
      { start: 3, end: 6 },
      { start: 9, end: 11 },
    ]);
    assert.deepEqual(toRuns([]), []);
  });

  it('refuses an empty range', () => {
    assert.throws(() => rangeHash(3, 3, tileSource([], [], 2), nodeHash), /empty range \[3, 3\)/);
  });
});

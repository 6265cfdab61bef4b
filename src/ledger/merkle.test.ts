import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
  assertConsistency,
  assertInclusion,
  consistencyProof,
  consistencyProofRanges,
  emptyTreeRoot,
  hashLeafRange,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  MerkleFrontier,
  MerkleProofError,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeaves,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
import type { SubtreeHashSource } from './merkle.ts';

// --- vectors -------------------------------------------------------------------------------------

interface InclusionVector {
  description?: string;
  leafHash: string;
  index: number;
  size: number;
  proof: string[];
  root: string;
}

interface ConsistencyVector {
  description?: string;
  oldSize: number;
  newSize: number;
  oldRoot: string;
  newRoot: string;
  proof: string[];
}

interface Vectors {
  reference: {
    leafInputs: string[];
    leafHashes: string[];
    roots: { size: number; root: string }[];
    inclusion: { index: number; size: number; proof: string[] }[];
    consistency: { oldSize: number; newSize: number; proof: string[] }[];
  };
  inclusion: InclusionVector[];
  consistency: ConsistencyVector[];
  decimalLeaves: {
    roots: { size: number; root: string }[];
    inclusion: InclusionVector[];
    consistency: ConsistencyVector[];
  };
  tampered: { inclusion: InclusionVector[]; consistency: ConsistencyVector[] };
}

const vectors = JSON.parse(readFileSync(new URL('./testdata/merkle-vectors.json', import.meta.url), 'utf8')) as Vectors;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

const referenceLeaves = vectors.reference.leafInputs.map((input) => leafHash(unhex(input)));
const decimalLeaves = Array.from({ length: 1000 }, (_, index) => leafHash(Buffer.from(String(index))));

function checkInclusionVector(vector: InclusionVector): boolean {
  const { index, size, proof, root } = vector;
  return verifyInclusion(unhex(vector.leafHash), index, size, proof.map(unhex), unhex(root));
}

function checkConsistencyVector(vector: ConsistencyVector): boolean {
  const { oldSize, newSize, oldRoot, newRoot, proof } = vector;
  return verifyConsistency(oldSize, newSize, unhex(oldRoot), unhex(newRoot), proof.map(unhex));
}

function withBitFlipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

// Plain SHA-256 compositions written out by hand, independent of merkle.ts.
function sha256(...parts: (Uint8Array | number[])[]): Uint8Array {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(Uint8Array.from(part));
  return digest.digest();
}
const handLeaf = (text: string): Uint8Array => sha256([0x00], Buffer.from(text));
const handNode = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256([0x01], left, right);

function frontierOf(leaves: readonly Uint8Array[]): MerkleFrontier {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  return frontier;
}

// --- published and generated vectors ------------------------------------------------------------

describe('merkle: Certificate Transparency reference vectors', () => {
  it('hashes the reference leaves and reaches the published roots for sizes 0..8', () => {
    assert.deepEqual(referenceLeaves.map(hex), vectors.reference.leafHashes);
    for (const { size, root } of vectors.reference.roots) {
      assert.equal(hex(rootFromLeaves(referenceLeaves.slice(0, size))), root, `reference root ${size}`);
      assert.equal(hex(frontierOf(referenceLeaves.slice(0, size)).root()), root, `frontier root ${size}`);
    }
  });

  it('produces the published inclusion and consistency proofs', () => {
    for (const { index, size, proof } of vectors.reference.inclusion) {
      assert.deepEqual(inclusionProof(index, size, referenceLeaves).map(hex), proof, `inclusion ${index}/${size}`);
    }
    for (const { oldSize, newSize, proof } of vectors.reference.consistency) {
      const ours = consistencyProof(oldSize, newSize, referenceLeaves).map(hex);
      assert.deepEqual(ours, proof, `consistency ${oldSize}/${newSize}`);
    }
  });

  it('keeps the published compact ranges as the frontier right edge', () => {
    // Perfect-subtree hashes over the reference leaves, as published with them.
    const compact: Record<number, string[]> = {
      3: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125', '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7'],
      7: [
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      ],
      8: ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
    };
    for (const [size, edge] of Object.entries(compact)) {
      assert.deepEqual(
        frontierOf(referenceLeaves.slice(0, Number(size)))
          .rightEdge()
          .map(hex),
        edge,
      );
    }
  });
});

describe('merkle: hand-computed SHA-256 compositions', () => {
  const [l0, l1, l2, l3, l4] = ['0', '1', '2', '3', '4'].map(handLeaf) as Uint8Array[] as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const rootsBySize = new Map(vectors.decimalLeaves.roots.map(({ size, root }) => [size, root]));

  it('agrees on the primitives', () => {
    assert.equal(hex(emptyTreeRoot()), hex(sha256([])));
    assert.equal(hex(leafHash(Buffer.from('0'))), hex(l0));
    assert.equal(hex(nodeHash(l0, l1)), hex(handNode(l0, l1)));
  });

  it('matches the vector roots for small decimal-leaf trees', () => {
    const expected: Record<number, Uint8Array> = {
      0: sha256([]),
      1: l0,
      2: handNode(l0, l1),
      3: handNode(handNode(l0, l1), l2), // split at 2, the largest power of two below 3
      // 5 leaves split 4 + 1: the lone fifth leaf is not paired with anything below the root.
      5: handNode(handNode(handNode(l0, l1), handNode(l2, l3)), l4),
    };
    for (const [size, root] of Object.entries(expected)) {
      assert.equal(hex(rootFromLeaves(decimalLeaves.slice(0, Number(size)))), hex(root), `size ${size}`);
      if (rootsBySize.has(Number(size))) assert.equal(rootsBySize.get(Number(size)), hex(root));
    }
  });

  it('builds the inclusion proof of leaf 2 in a 5-leaf tree from the right siblings', () => {
    const proof = inclusionProof(2, 5, decimalLeaves);
    assert.deepEqual(proof.map(hex), [l3, handNode(l0, l1), l4].map(hex));
  });
});

describe('merkle: vector file', () => {
  it('verifies and regenerates every inclusion vector up to size 8', () => {
    assert.equal(vectors.inclusion.length, 36);
    for (const vector of vectors.inclusion) {
      assert.ok(checkInclusionVector(vector), `inclusion ${vector.index}/${vector.size}`);
      assert.deepEqual(inclusionProof(vector.index, vector.size, referenceLeaves).map(hex), vector.proof);
    }
  });

  it('verifies and regenerates every consistency vector up to size 8', () => {
    assert.equal(vectors.consistency.length, 45);
    for (const vector of vectors.consistency) {
      assert.ok(checkConsistencyVector(vector), `consistency ${vector.oldSize}/${vector.newSize}`);
      assert.deepEqual(consistencyProof(vector.oldSize, vector.newSize, referenceLeaves).map(hex), vector.proof);
    }
  });

  it('matches the decimal-leaf roots and proofs up to size 1000', () => {
    const frontier = new MerkleFrontier();
    const rootsBySize = new Map(vectors.decimalLeaves.roots.map(({ size, root }) => [size, root]));
    if (rootsBySize.has(0)) assert.equal(hex(frontier.root()), rootsBySize.get(0));
    for (const leaf of decimalLeaves) {
      frontier.append(leaf);
      const expected = rootsBySize.get(frontier.size);
      if (expected !== undefined) assert.equal(hex(frontier.root()), expected, `size ${frontier.size}`);
    }
    assert.equal(hex(rootFromLeaves(decimalLeaves)), rootsBySize.get(1000));
    for (const vector of vectors.decimalLeaves.inclusion) {
      assert.ok(checkInclusionVector(vector));
      assert.deepEqual(inclusionProof(vector.index, vector.size, decimalLeaves).map(hex), vector.proof);
    }
    for (const vector of vectors.decimalLeaves.consistency) {
      assert.ok(checkConsistencyVector(vector));
      assert.deepEqual(consistencyProof(vector.oldSize, vector.newSize, decimalLeaves).map(hex), vector.proof);
    }
  });

  it('rejects every tampered vector', () => {
    assert.ok(vectors.tampered.inclusion.length > 50 && vectors.tampered.consistency.length > 50);
    for (const vector of vectors.tampered.inclusion) assert.ok(!checkInclusionVector(vector), vector.description);
    for (const vector of vectors.tampered.consistency) assert.ok(!checkConsistencyVector(vector), vector.description);
  });

  it('rejects every single-bit flip of every proof element, leaf and root up to size 8', () => {
    for (const vector of vectors.inclusion) {
      const parts = { leaf: unhex(vector.leafHash), proof: vector.proof.map(unhex), root: unhex(vector.root) };
      for (let bit = 0; bit < 256; bit++) {
        const { index, size } = vector;
        assert.ok(!verifyInclusion(withBitFlipped(parts.leaf, bit), index, size, parts.proof, parts.root));
        assert.ok(!verifyInclusion(parts.leaf, index, size, parts.proof, withBitFlipped(parts.root, bit)));
        parts.proof.forEach((element, position) => {
          const proof = parts.proof.map((other, at) => (at === position ? withBitFlipped(element, bit) : other));
          assert.ok(!verifyInclusion(parts.leaf, index, size, proof, parts.root), `${index}/${size} ${position}`);
        });
      }
    }
    for (const vector of vectors.consistency) {
      const { oldSize, newSize } = vector;
      const [oldRoot, newRoot, proof] = [unhex(vector.oldRoot), unhex(vector.newRoot), vector.proof.map(unhex)];
      for (let bit = 0; bit < 256; bit++) {
        assert.ok(!verifyConsistency(oldSize, newSize, withBitFlipped(oldRoot, bit), newRoot, proof));
        // The empty tree is a prefix of every tree: any new root is consistent with it.
        if (oldSize > 0) assert.ok(!verifyConsistency(oldSize, newSize, oldRoot, withBitFlipped(newRoot, bit), proof));
        proof.forEach((element, position) => {
          const flipped = proof.map((other, at) => (at === position ? withBitFlipped(element, bit) : other));
          assert.ok(!verifyConsistency(oldSize, newSize, oldRoot, newRoot, flipped), `${oldSize}/${newSize}`);
        });
      }
    }
  });
});

// --- API behaviour -------------------------------------------------------------------------------

describe('merkle: proof generation sources', () => {
  const leaves = decimalLeaves.slice(0, 300);

  it('accepts a leaf array, a leaf getter or a subtree source and gives the same proofs', () => {
    const requested: [number, number][] = [];
    const subtrees: SubtreeHashSource = {
      hashRange(start, end) {
        requested.push([start, end]);
        return rootFromLeaves(leaves.slice(start, end));
      },
    };
    const getter = (index: number): Uint8Array => leaves[index] as Uint8Array;
    for (const [index, size] of [
      [0, 1],
      [5, 300],
      [299, 300],
      [128, 129],
      [37, 200],
    ] as const) {
      const expected = inclusionProof(index, size, leaves).map(hex);
      assert.deepEqual(inclusionProof(index, size, getter).map(hex), expected);
      assert.deepEqual(inclusionProof(index, size, subtrees).map(hex), expected);
    }
    for (const [oldSize, newSize] of [
      [1, 300],
      [128, 300],
      [299, 300],
      [7, 7],
      [0, 5],
    ] as const) {
      const expected = consistencyProof(oldSize, newSize, leaves).map(hex);
      assert.deepEqual(consistencyProof(oldSize, newSize, getter).map(hex), expected);
      assert.deepEqual(consistencyProof(oldSize, newSize, subtrees).map(hex), expected);
    }
    // Only RFC 9162 tree nodes are requested: perfect subtrees, or ranges running to the tree end.
    for (const [start, end] of requested) {
      const width = end - start;
      const perfect = (width & (width - 1)) === 0 && start % width === 0;
      assert.ok(perfect || [300, 129, 200].includes(end), `[${start}, ${end})`);
    }
  });

  it('asks for disjoint ranges covering all leaves but one (O(n) hashing per proof)', () => {
    for (const size of [1, 2, 3, 7, 8, 9, 100, 1000]) {
      for (const index of [0, Math.floor(size / 2), size - 1]) {
        const ranges = inclusionProofRanges(index, size);
        const covered = ranges.reduce((total, { start, end }) => total + end - start, 0);
        assert.equal(covered, size - 1);
        assert.ok(ranges.every(({ start, end }) => index < start || index >= end));
      }
    }
    assert.deepEqual(consistencyProofRanges(4, 8), [{ start: 4, end: 8 }]);
    assert.deepEqual(consistencyProofRanges(3, 4), [
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 0, end: 2 },
    ]);
  });

  it('hashLeafRange computes MTH(D[start:end])', () => {
    const getter = (index: number): Uint8Array => leaves[index] as Uint8Array;
    for (const [start, end] of [
      [0, 1],
      [0, 300],
      [64, 128],
      [100, 257],
      [299, 300],
    ] as const) {
      assert.equal(hex(hashLeafRange(getter, start, end)), hex(rootFromLeaves(leaves.slice(start, end))));
    }
  });

  it('refuses impossible requests', () => {
    assert.throws(() => inclusionProof(3, 3, leaves), /leaf index 3 is not in a tree of size 3/);
    assert.throws(() => inclusionProof(-1, 3, leaves), /non-negative safe integer/);
    assert.throws(() => inclusionProof(0.5, 3, leaves), MerkleProofError);
    assert.throws(() => inclusionProof(0, 301, leaves), /needs 301 leaf hashes, but 300 were given/);
    assert.throws(() => consistencyProof(5, 4, leaves), /old size 5 is larger than new size 4/);
    assert.throws(() => inclusionProof(0, 2, [leaves[0] as Uint8Array, new Uint8Array(31)]), /must be 32 bytes/);
    const short: SubtreeHashSource = { hashRange: () => new Uint8Array(16) };
    assert.throws(() => inclusionProof(0, 2, short), /hash of leaves \[1, 2\) must be 32 bytes/);
  });
});

describe('merkle: verification errors', () => {
  const root = rootFromLeaves(referenceLeaves);
  const proof = inclusionProof(5, 8, referenceLeaves);
  const leaf = referenceLeaves[5] as Uint8Array;

  it('explains why an inclusion proof fails', () => {
    assert.throws(() => assertInclusion(leaf, 5, 8, proof.slice(0, 2), root), /too short/);
    assert.throws(() => assertInclusion(leaf, 5, 8, [...proof, root], root), /more elements than/);
    assert.throws(() => assertInclusion(leaf, 4, 8, proof, root), /leads to a different root/);
    assert.throws(() => assertInclusion(leaf, 8, 8, proof, root), /not in a tree of size 8/);
    const withEmptyElement = [new Uint8Array(0), ...proof.slice(1)];
    assert.throws(() => assertInclusion(leaf, 5, 8, withEmptyElement, root), /element 0 must be 32/);
    assert.throws(() => assertInclusion(leaf, 5, 8, proof, root.subarray(1)), /root hash must be 32 bytes/);
    assert.equal(hex(rootFromInclusionProof(leaf, 5, 8, proof)), hex(root));
  });

  it('returns false rather than throwing for malformed input', () => {
    assert.equal(verifyInclusion(Buffer.from('WrongLeaf'), 5, 8, proof, root), false);
    assert.equal(verifyInclusion(leaf, 5, 8, proof, new Uint8Array(0)), false);
    assert.equal(verifyInclusion(leaf, Number.NaN, 8, proof, root), false);
    assert.equal(verifyInclusion(leaf, 0, 0, [], emptyTreeRoot()), false);
    assert.equal(verifyConsistency(3, 2, root, root, []), false);
  });

  it('handles the sizes the RFC algorithm leaves out: m = 0 and m = n', () => {
    const root3 = rootFromLeaves(referenceLeaves.slice(0, 3));
    assert.ok(verifyConsistency(0, 0, emptyTreeRoot(), emptyTreeRoot(), []));
    assert.ok(verifyConsistency(0, 3, emptyTreeRoot(), root3, []));
    assert.ok(verifyConsistency(3, 3, root3, root3, []));
    assert.throws(() => assertConsistency(0, 3, root3, root3, []), /empty tree must be SHA-256 of the empty string/);
    assert.throws(() => assertConsistency(3, 3, root3, root, []), /different roots are inconsistent/);
    assert.throws(() => assertConsistency(3, 3, root3, root3, [root3]), /must be empty/);
    assert.throws(() => assertConsistency(3, 8, root3, root, []), /an empty proof cannot show/);
    const valid = consistencyProof(3, 8, referenceLeaves);
    assert.throws(() => assertConsistency(3, 8, root, root, valid), /does not lead to the old root/);
    assert.throws(() => assertConsistency(3, 8, root3, root3, valid), /does not lead to the new root/);
  });
});

describe('merkle: frontier', () => {
  it('serialises compactly and refuses corrupted state', () => {
    const frontier = frontierOf(referenceLeaves.slice(0, 7));
    const bytes = frontier.serialize();
    assert.equal(bytes.length, 9 + 3 * 32);
    assert.equal(hex(MerkleFrontier.deserialize(bytes).root()), hex(frontier.root()));
    assert.equal(new MerkleFrontier().serialize().length, 9);
    assert.throws(() => MerkleFrontier.deserialize(bytes.subarray(0, 40)), /is 105 bytes, got 40/);
    assert.throws(() => MerkleFrontier.deserialize(Uint8Array.of(2, ...bytes.subarray(1))), /unknown version/);
    assert.throws(() => MerkleFrontier.fromRightEdge(7, frontier.rightEdge().slice(1)), /has 3 right-edge hashes/);
    assert.throws(() => frontier.append(new Uint8Array(33)), /leaf hash must be 32 bytes/);
  });

  it('clones independently', () => {
    const original = frontierOf(referenceLeaves.slice(0, 5));
    const copy = original.clone();
    copy.append(referenceLeaves[5] as Uint8Array);
    assert.equal(original.size, 5);
    assert.equal(hex(original.root()), vectors.reference.roots[5]?.root);
    assert.equal(hex(copy.root()), vectors.reference.roots[6]?.root);
  });

  it('returns each new leaf index from append', () => {
    const frontier = new MerkleFrontier();
    assert.deepEqual(
      referenceLeaves.map((leaf) => frontier.append(leaf)),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  });

  it('handles sizes beyond 32 bits when restored', () => {
    const size = 2 ** 40 + 5; // right edge: heights 40, 2, 0
    const edge = [0, 1, 2].map((seed) => leafHash(Uint8Array.of(seed)));
    const frontier = MerkleFrontier.fromRightEdge(size, edge);
    const expectedRoot = nodeHash(edge[0] as Uint8Array, nodeHash(edge[1] as Uint8Array, edge[2] as Uint8Array));
    assert.equal(hex(frontier.root()), hex(expectedRoot));
    const restored = MerkleFrontier.deserialize(frontier.serialize());
    assert.equal(restored.size, size);
    restored.append(edge[0] as Uint8Array);
    assert.equal(restored.size, size + 1);
    assert.equal(restored.rightEdge().length, 3); // 2^40 + 6: heights 40, 2 and 1
    // The last leaf sits alone right of the 4-leaf subtree, which sits right of the 2^40 one.
    const proof = [edge[1] as Uint8Array, edge[0] as Uint8Array];
    assert.ok(verifyInclusion(edge[2] as Uint8Array, size - 1, size, proof, expectedRoot));
    assert.deepEqual(inclusionProofRanges(size - 1, size), [
      { start: 2 ** 40, end: 2 ** 40 + 4 },
      { start: 0, end: 2 ** 40 },
    ]);
  });
});

// --- properties ----------------------------------------------------------------------------------

function syntheticLeaves(seed: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, index) => leafHash(Buffer.from(`${seed}/${index}`)));
}

describe('merkle: properties', () => {
  it('the frontier root equals rootFromLeaves for every prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 300 }), (data) => {
        const leaves = data.map(leafHash);
        const frontier = new MerkleFrontier();
        assert.equal(hex(frontier.root()), hex(rootFromLeaves([])));
        leaves.forEach((leaf, index) => {
          frontier.append(leaf);
          assert.equal(hex(frontier.root()), hex(rootFromLeaves(leaves.slice(0, index + 1))));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('appendLeaves builds the same tree as appending one by one, from any starting size', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 70 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }), (seed, before, runs) => {
        const leaves = syntheticLeaves(seed, before + runs.reduce((sum, run) => sum + run, 0));
        const bulk = frontierOf(leaves.slice(0, before));
        let at = before;
        for (const run of runs) {
          bulk.appendLeaves(Buffer.concat(leaves.slice(at, at + run)));
          at += run;
          assert.equal(bulk.size, at);
          assert.equal(hex(bulk.root()), hex(rootFromLeaves(leaves.slice(0, at))));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('appendLeaves tells an observer of every subtree it completes at the watched heights, with its root', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 70 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }), fc.integer({ min: 1, max: 3 }), (seed, before, runs, every) => {
        const total = before + runs.reduce((sum, run) => sum + run, 0);
        const leaves = syntheticLeaves(seed, total);
        const frontier = frontierOf(leaves.slice(0, before));
        const reported: string[] = [];
        const observer = { every, completed: (height: number, index: number, root: Uint8Array) => reported.push(`${height}/${index}/${hex(root)}`) };
        let at = before;
        for (const run of runs) {
          frontier.appendLeaves(Buffer.concat(leaves.slice(at, at + run)), observer);
          at += run;
        }
        const expected: string[] = [];
        for (let height = every; 2 ** height <= total; height += every) {
          for (let index = 0; (index + 1) * 2 ** height <= total; index++) {
            const end = (index + 1) * 2 ** height;
            if (end > before) expected.push(`${height}/${index}/${hex(rootFromLeaves(leaves.slice(end - 2 ** height, end)))}`);
          }
        }
        assert.deepEqual([...reported].sort(), expected.sort());
      }),
      { numRuns: 60 },
    );
  });

  it('appendRange joins a run hashed apart at a power-of-two boundary, at every size of the run', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), (seed, height, multiple) => {
        // The run starts at a multiple of 2^height and is at most 2^height long.
        const start = multiple * 2 ** height;
        const leaves = syntheticLeaves(seed, start + 2 ** height);
        const left = frontierOf(leaves.slice(0, start));
        const run = new MerkleFrontier();
        for (let size = 1; size <= 2 ** height; size++) {
          run.append(leaves[start + size - 1] as Uint8Array);
          const joined = left.clone();
          joined.appendRange(run.size, run.rightEdge());
          assert.equal(joined.size, start + size);
          assert.equal(hex(joined.root()), hex(rootFromLeaves(leaves.slice(0, start + size))));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a subtree that does not start at a multiple of its size, and leaves in odd bytes', () => {
    const frontier = frontierOf(referenceLeaves.slice(0, 3));
    assert.throws(() => frontier.appendSubtree(referenceLeaves[0] as Uint8Array, 1), /a subtree of 2\^1 leaves cannot start at leaf 3/);
    assert.throws(() => frontier.appendRange(3, [referenceLeaves[0] as Uint8Array]), /a run of 3 leaves has 2 right-edge hashes, but 1 were given/);
    assert.throws(() => frontier.appendLeaves(Buffer.alloc(33)), /32-byte units, got 33 bytes/);
    assert.equal(frontier.size, 3);
  });

  it('serialise/restore and rightEdge/fromRightEdge round-trip at any point', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 }), (seed, at, more) => {
        const leaves = syntheticLeaves(seed, at + more);
        const original = frontierOf(leaves.slice(0, at));
        const restored = MerkleFrontier.deserialize(original.serialize());
        const rebuilt = MerkleFrontier.fromRightEdge(original.size, original.rightEdge());
        for (const leaf of leaves.slice(at)) {
          original.append(leaf);
          restored.append(leaf);
          rebuilt.append(leaf);
        }
        assert.equal(restored.size, at + more);
        assert.equal(hex(restored.root()), hex(original.root()));
        assert.equal(hex(rebuilt.root()), hex(original.root()));
        assert.deepEqual(restored.serialize(), original.serialize());
      }),
      { numRuns: 100 },
    );
  });

  it('every inclusion and consistency proof of a random tree verifies', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 300 }), (seed, size) => {
        const leaves = syntheticLeaves(seed, size);
        const roots = [new MerkleFrontier().root()];
        const frontier = new MerkleFrontier();
        for (const leaf of leaves) {
          frontier.append(leaf);
          roots.push(frontier.root());
        }
        const root = roots[size] as Uint8Array;
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(index, size, leaves);
          assert.ok(verifyInclusion(leaves[index] as Uint8Array, index, size, proof, root), `inclusion ${index}`);
        }
        for (let oldSize = 0; oldSize <= size; oldSize++) {
          const proof = consistencyProof(oldSize, size, leaves);
          const oldRoot = roots[oldSize] as Uint8Array;
          assert.ok(verifyConsistency(oldSize, size, oldRoot, root, proof), `consistency ${oldSize}`);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('flipping any single bit of a proof element, the leaf or a root makes verification fail', () => {
    const target = fc.constantFrom('proof', 'leaf', 'root');
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), target, (seed, size, indexSeed, elementSeed, bit, flipped) => {
        const leaves = syntheticLeaves(seed, size);
        const root = rootFromLeaves(leaves);
        const index = indexSeed % size;
        let leaf = leaves[index] as Uint8Array;
        let proof = inclusionProof(index, size, leaves);
        let claimedRoot = root;
        if (flipped === 'leaf') leaf = withBitFlipped(leaf, bit);
        if (flipped === 'root') claimedRoot = withBitFlipped(root, bit);
        if (flipped === 'proof' && proof.length > 0) {
          const position = elementSeed % proof.length;
          proof = proof.map((element, at) => (at === position ? withBitFlipped(element, bit) : element));
        }
        const tampered = flipped !== 'proof' || proof.length > 0;
        assert.equal(verifyInclusion(leaf, index, size, proof, claimedRoot), !tampered);
      }),
      { numRuns: 300 },
    );
  });

  it('flipping any single bit of a consistency proof element or a root makes verification fail', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 2, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('proof', 'old root', 'new root'),
        (seed, newSize, oldSeed, elementSeed, bit, flipped) => {
          const leaves = syntheticLeaves(seed, newSize);
          const oldSize = 1 + (oldSeed % (newSize - 1)); // 0 < m < n: a non-empty proof
          let proof = consistencyProof(oldSize, newSize, leaves);
          let oldRoot = rootFromLeaves(leaves.slice(0, oldSize));
          let newRoot = rootFromLeaves(leaves);
          assert.ok(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof));
          if (flipped === 'old root') oldRoot = withBitFlipped(oldRoot, bit);
          if (flipped === 'new root') newRoot = withBitFlipped(newRoot, bit);
          if (flipped === 'proof') {
            const position = elementSeed % proof.length;
            proof = proof.map((element, at) => (at === position ? withBitFlipped(element, bit) : element));
          }
          assert.equal(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

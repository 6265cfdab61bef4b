// RFC 9162 §2.1.3 and §2.1.4: inclusion and consistency proofs, generated from leaf or subtree
// hashes and verified against a root. Pure.
import {
  assertHash,
  assertIndexInTree,
  assertSizes,
  bytesEqual,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  type LeafRange,
  MerkleProofError,
  type SubtreeHashSource,
  succeeds,
  type TreeHashSource,
} from './merkle-basics.ts';
import { EMPTY_TREE_ROOT, nodeHash } from './merkle-hash.ts';
import { MerkleFrontier } from './merkle-frontier.ts';

// --- proof generation ----------------------------------------------------------------------------

/**
 * The leaf ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size`
 * leaves, in proof order (bottom-up). RFC 9162 §2.1.3.1's PATH(m, D[n]) unrolled: at each level
 * the proof gets the hash of the half that does not contain the leaf.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assertIndexInTree(index, size);
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const split = start + largestPowerOfTwoBelow(end - start);
    if (index < split) {
      topDown.push({ start: split, end });
      end = split;
    } else {
      topDown.push({ start, end: split });
      start = split;
    }
  }
  return topDown.reverse();
}

/**
 * The leaf ranges whose hashes form the consistency proof between sizes m ≤ n, in proof order.
 * RFC 9162 §2.1.4.1's SUBPROOF(m, D[n], b) unrolled; `oldTreeIsWhole` is its flag b, true while
 * the old tree is still a prefix that the verifier already knows the hash of.
 * Empty when m is 0 or m equals n.
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  assertSizes(oldSize, newSize);
  if (oldSize === 0 || oldSize === newSize) return [];
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let oldTreeIsWhole = true;
  // In absolute indices the old tree always ends at oldSize; the recursion stops at D[start:oldSize].
  while (oldSize < end) {
    const split = start + largestPowerOfTwoBelow(end - start);
    if (oldSize <= split) {
      topDown.push({ start: split, end });
      end = split;
    } else {
      topDown.push({ start, end: split });
      start = split;
      oldTreeIsWhole = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the verifier cannot derive this subtree on its own.
  if (!oldTreeIsWhole) topDown.push({ start, end });
  return topDown.reverse();
}

/** RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, source: TreeHashSource): Uint8Array[] {
  assertIndexInTree(index, size);
  return hashRanges(inclusionProofRanges(index, size), toRangeHasher(source, size));
}

/** RFC 9162 §2.1.4.1 consistency proof that the tree of `oldSize` leaves is a prefix of `newSize`. */
export function consistencyProof(oldSize: number, newSize: number, source: TreeHashSource): Uint8Array[] {
  assertSizes(oldSize, newSize);
  return hashRanges(consistencyProofRanges(oldSize, newSize), toRangeHasher(source, newSize));
}

/**
 * MTH(D[start:end]) computed from leaf hashes with a scratch frontier: end - start - 1 node
 * hashes. The ranges of one proof are disjoint, so a whole proof costs O(n) hashing, not O(n log n).
 */
export function hashLeafRange(getLeafHash: (index: number) => Uint8Array, start: number, end: number): Uint8Array {
  const frontier = new MerkleFrontier();
  for (let index = start; index < end; index++) frontier.append(getLeafHash(index));
  return frontier.root();
}

function hashRanges(ranges: readonly LeafRange[], hashRange: (start: number, end: number) => Uint8Array): Uint8Array[] {
  return ranges.map(({ start, end }) => assertHash(hashRange(start, end), `hash of leaves [${start}, ${end})`));
}

function toRangeHasher(source: TreeHashSource, size: number): (start: number, end: number) => Uint8Array {
  if (isSubtreeHashSource(source)) return (start, end) => source.hashRange(start, end);
  const getLeafHash = typeof source === 'function' ? source : leafGetterFromArray(source, size);
  return (start, end) => hashLeafRange(getLeafHash, start, end);
}

function isSubtreeHashSource(source: TreeHashSource): source is SubtreeHashSource {
  return typeof source === 'object' && !Array.isArray(source);
}

function leafGetterFromArray(leafHashes: readonly Uint8Array[], size: number): (index: number) => Uint8Array {
  if (leafHashes.length < size) {
    throw new MerkleProofError(`a tree of size ${size} needs ${size} leaf hashes, but ${leafHashes.length} were given`);
  }
  return (index) => assertHash(leafHashes[index], `leaf hash ${index}`);
}

// --- proof verification --------------------------------------------------------------------------

/**
 * The root that an inclusion proof implies for `leafHashValue` at `index` in a tree of `size`
 * leaves (RFC 9162 §2.1.3.2 steps 1–4). Throws MerkleProofError if the proof has the wrong shape.
 */
export function rootFromInclusionProof(leafHashValue: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Uint8Array {
  assertIndexInTree(index, size);
  assertHash(leafHashValue, 'leaf hash');
  proof.forEach((element, position) => assertHash(element, `inclusion proof element ${position}`));
  // fn walks up the leaf's position, sn the last leaf's; a level where they coincide has no right
  // sibling, so it is skipped by shifting until the leaf is a right child again (or the root).
  let fn = index;
  let sn = size - 1;
  let computed = leafHashValue;
  for (const sibling of proof) {
    if (sn === 0) {
      throw new MerkleProofError(`the proof has more elements than index ${index} in a tree of size ${size} needs`);
    }
    if (fn % 2 === 1 || fn === sn) {
      computed = nodeHash(sibling, computed);
      [fn, sn] = shiftWhileLeftChild(fn, sn);
    } else {
      computed = nodeHash(computed, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new MerkleProofError(`the proof is too short for index ${index} in a tree of size ${size}`);
  return computed;
}

/** Throws MerkleProofError with the reason unless the inclusion proof verifies (RFC 9162 §2.1.3.2). */
export function assertInclusion(leafHashValue: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): void {
  assertHash(root, 'root hash');
  const computed = rootFromInclusionProof(leafHashValue, index, size, proof);
  if (!bytesEqual(computed, root)) {
    throw new MerkleProofError(`the inclusion proof for index ${index} leads to a different root for size ${size}`);
  }
}

/** True when the inclusion proof shows `leafHashValue` at `index` in the tree with `root`. */
export function verifyInclusion(leafHashValue: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return succeeds(() => assertInclusion(leafHashValue, index, size, proof, root));
}

/**
 * Throws MerkleProofError with the reason unless the proof shows the tree of `oldSize` leaves with
 * `oldRoot` is a prefix of the tree of `newSize` leaves with `newRoot` (RFC 9162 §2.1.4.2).
 * Sizes 0 and m = n, which the RFC's algorithm does not cover, need an empty proof: for m = n the
 * roots must be equal, for m = 0 the old root must be the empty-tree hash.
 */
export function assertConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  assertSizes(oldSize, newSize);
  assertHash(oldRoot, 'old root hash');
  assertHash(newRoot, 'new root hash');
  proof.forEach((element, position) => assertHash(element, `consistency proof element ${position}`));
  if (oldSize === 0 || oldSize === newSize) {
    assertTrivialConsistency(oldSize, newSize, oldRoot, newRoot, proof);
    return;
  }
  if (proof.length === 0) {
    throw new MerkleProofError(`an empty proof cannot show size ${oldSize} is a prefix of ${newSize}`);
  }
  const [computedOld, computedNew] = rootsFromConsistencyProof(oldSize, newSize, oldRoot, proof);
  if (!bytesEqual(computedOld, oldRoot)) {
    throw new MerkleProofError(`the consistency proof does not lead to the old root of size ${oldSize}`);
  }
  if (!bytesEqual(computedNew, newRoot)) {
    throw new MerkleProofError(`the consistency proof does not lead to the new root of size ${newSize}`);
  }
}

/** True when the consistency proof verifies; see assertConsistency. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  return succeeds(() => assertConsistency(oldSize, newSize, oldRoot, newRoot, proof));
}

function assertTrivialConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  if (proof.length !== 0) throw new MerkleProofError(`the proof between sizes ${oldSize} and ${newSize} must be empty`);
  if (oldSize === 0 && !bytesEqual(oldRoot, EMPTY_TREE_ROOT)) {
    throw new MerkleProofError('the old root of an empty tree must be SHA-256 of the empty string');
  }
  if (oldSize === newSize && !bytesEqual(oldRoot, newRoot)) {
    throw new MerkleProofError(`two trees of size ${oldSize} with different roots are inconsistent`);
  }
}

// RFC 9162 §2.1.4.2 steps 2–6 for 0 < m < n and a non-empty proof: returns [fr, sr], the old and
// new roots the proof implies.
function rootsFromConsistencyProof(oldSize: number, newSize: number, oldRoot: Uint8Array, proof: readonly Uint8Array[]): [Uint8Array, Uint8Array] {
  // Step 2: when m is a power of two the old tree is a whole subtree, so its root starts the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // Step 4: skip the levels where the old tree's last leaf is a right child inside a perfect subtree.
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let oldComputed = path[0] as Uint8Array;
  let newComputed = oldComputed;
  for (const element of path.slice(1)) {
    if (sn === 0) throw new MerkleProofError(`the proof has more elements than sizes ${oldSize} and ${newSize} need`);
    if (fn % 2 === 1 || fn === sn) {
      oldComputed = nodeHash(element, oldComputed);
      newComputed = nodeHash(element, newComputed);
      [fn, sn] = shiftWhileLeftChild(fn, sn);
    } else {
      newComputed = nodeHash(newComputed, element);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new MerkleProofError(`the proof is too short for sizes ${oldSize} and ${newSize}`);
  return [oldComputed, newComputed];
}

// "If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn
// is 0" (RFC 9162 §2.1.3.2 step 4b.ii and §2.1.4.2 step 6b.ii).
function shiftWhileLeftChild(fn: number, sn: number): [number, number] {
  while (fn % 2 === 0 && fn !== 0) {
    fn /= 2;
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

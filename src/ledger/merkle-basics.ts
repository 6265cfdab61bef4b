// The Merkle tree's vocabulary (RFC 9162 §2.1): the hash size, leaf ranges, where proofs read
// hashes from, the error a bad proof raises, and the size arithmetic and argument checks every
// other merkle-*.ts file shares. Pure.
//
// Sizes and indices are JavaScript numbers limited to safe integers (2^53 - 1), so every bit test
// uses arithmetic (`% 2`, `Math.floor(x / 2)`) rather than 32-bit bitwise operators.

/** Every hash in the tree is a SHA-256 digest. */
export const HASH_SIZE = 32;

/** A proof or lookup was malformed, or a proof did not verify; the message says which and why. */
export class MerkleProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleProofError';
  }
}

/** A half-open range [start, end) of leaf indices; its hash is MTH(D[start:end]) (RFC 9162 §2.1.1). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Supplies MTH(D[start:end]) for ranges of the tree, e.g. from stored subtree hashes ("tiles").
 * Proof generation only ever asks for nodes of the RFC 9162 tree: a perfect subtree
 * [i·2^k, (i+1)·2^k), or the right-edge remainder [i·2^k, size) of a tree of size `size`.
 */
export interface SubtreeHashSource {
  hashRange(start: number, end: number): Uint8Array;
}

/** Leaf hashes by index: an array, or a getter over stored leaf hashes. */
export type LeafHashSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

/** What proof generation can read the tree from. */
export type TreeHashSource = LeafHashSource | SubtreeHashSource;

// --- small helpers -------------------------------------------------------------------------------

/** The largest power of two strictly less than n (n ≥ 2): RFC 9162's split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** Heights of the set bits of n, lowest first. */
export function setBitHeights(n: number): number[] {
  const heights: number[] = [];
  for (let bits = n, height = 0; bits > 0; bits = Math.floor(bits / 2), height++) {
    if (bits % 2 === 1) heights.push(height);
  }
  return heights;
}

export function assertHash(value: Uint8Array | undefined, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : String(value);
    throw new MerkleProofError(`${what} must be ${HASH_SIZE} bytes, got ${got}`);
  }
  return value;
}

export function assertSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new MerkleProofError(`${what} must be a non-negative safe integer, got ${size}`);
  }
}

export function assertIndexInTree(index: number, size: number): void {
  assertSize(size, 'tree size');
  assertSize(index, 'leaf index');
  if (index >= size) throw new MerkleProofError(`leaf index ${index} is not in a tree of size ${size}`);
}

export function assertSizes(oldSize: number, newSize: number): void {
  assertSize(oldSize, 'old tree size');
  assertSize(newSize, 'new tree size');
  if (oldSize > newSize) throw new MerkleProofError(`old size ${oldSize} is larger than new size ${newSize}`);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export function succeeds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof MerkleProofError) return false;
    throw error;
  }
}

// RFC 9162 §2.1 Merkle tree maths (the Certificate Transparency 2.0 tree, identical to RFC 6962's):
// leaf and node hashing, the tree head, an incremental frontier for appending, and inclusion and
// consistency proofs with their verification. Pure, no I/O: callers supply leaf or subtree hashes.
//
// One concept per file, all exported from here so callers import one module:
// - merkle-basics.ts: hash size, leaf ranges, hash sources, MerkleProofError, size arithmetic;
// - merkle-hash.ts: leaf and node hashes, the root of a list of leaves;
// - merkle-frontier.ts: MerkleFrontier, the tree's right edge appended to leaf by leaf;
// - merkle-proofs.ts: inclusion and consistency proofs, generated and verified.
export { HASH_SIZE, largestPowerOfTwoBelow, MerkleProofError } from './merkle-basics.ts';
export type { LeafHashSource, LeafRange, SubtreeHashSource, TreeHashSource } from './merkle-basics.ts';
export { emptyTreeRoot, leafHash, nodeHash, rootFromLeaves } from './merkle-hash.ts';
export { MerkleFrontier } from './merkle-frontier.ts';
export type { SubtreeObserver } from './merkle-frontier.ts';
export {
  assertConsistency,
  assertInclusion,
  consistencyProof,
  consistencyProofRanges,
  hashLeafRange,
  inclusionProof,
  inclusionProofRanges,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle-proofs.ts';

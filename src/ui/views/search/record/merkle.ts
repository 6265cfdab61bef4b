// RFC 9162 (6962) Merkle hashing in the browser: a leaf's hash and the fold of an inclusion proof
// up to the root it implies (§2.1.3.2), as src/ledger/merkle-proofs.ts does on the server. Pure
// apart from crypto.subtle.
import { concat, sha256 } from './bytes.ts';

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(data: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(LEAF_PREFIX, data));
}

function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(NODE_PREFIX, left, right));
}

/** The root the proof leads to from the leaf at `index` of a tree of `size`; throws when the proof has the wrong length. */
export async function rootFromInclusionProof(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Promise<Uint8Array> {
  if (!(index >= 0 && index < size)) throw new Error(`index ${index} is not in a tree of ${size}`);
  // fn walks up the leaf's position, sn the last leaf's; where they meet there is no right sibling.
  let fn = index;
  let sn = size - 1;
  let computed = leaf;
  for (const sibling of proof) {
    if (sibling.length !== 32) throw new Error('a proof element is not a 32-byte hash');
    if (sn === 0) throw new Error(`the proof has more elements than record ${index} in a tree of ${size} needs`);
    if (fn % 2 === 1 || fn === sn) {
      computed = await nodeHash(sibling, computed);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      computed = await nodeHash(computed, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error(`the proof is too short for record ${index} in a tree of ${size}`);
  return computed;
}

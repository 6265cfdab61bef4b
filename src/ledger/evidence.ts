// An evidence bundle: one record with everything a third party needs to check it was stored
// untouched, without access to the store: the record as the API presents it, its inclusion proof,
// and the signed checkpoint the proof leads to. The public key must come from elsewhere (a trusted
// channel), or the bundle could vouch for itself. Pure.
import type { PublicEvent } from '../schema/present.ts';
import { verifyCheckpoint, type VerifierKey } from './checkpoint.ts';
import { isLeafFormat, type LeafFormat } from './leaf-format.ts';
import { publicRecordLeafHash } from './leaf.ts';
import { rootFromInclusionProof } from './merkle.ts';

export interface Evidence {
  readonly origin: string;
  readonly seq: number;
  readonly size: number;
  /** hex */
  readonly leafHash: string;
  /** hex, RFC 9162 inclusion proof from the leaf to the root of a tree of `size` records */
  readonly proof: readonly string[];
  /** C2SP signed note of a tree of `size` records */
  readonly checkpoint: string;
  readonly record: PublicEvent;
  /**
   * The leaf format the record was hashed in (ledger/leaf-format.ts). Bundles made before formats
   * existed have none: they are all format 1.
   */
  readonly leafFormat?: LeafFormat;
}

export type EvidenceCheck = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly reason: string };

export function checkEvidence(evidence: Evidence, keys: readonly (VerifierKey | string)[]): EvidenceCheck {
  if (evidence.record['event.sequence'] !== evidence.seq) {
    return { ok: false, reason: `the record's event.sequence is ${String(evidence.record['event.sequence'])}, the proof is for ${evidence.seq}` };
  }
  const format = evidence.leafFormat ?? 1;
  if (!isLeafFormat(format)) return { ok: false, reason: `the bundle names leaf format ${String(format)}, which this version does not know: use a newer logwarden` };
  const leaf = Buffer.from(publicRecordLeafHash(evidence.record, format));
  if (leaf.toString('hex') !== evidence.leafHash) {
    return { ok: false, reason: `the record hashes to ${leaf.toString('hex')}, not to the leaf ${evidence.leafHash} the proof is for: the record was changed` };
  }
  let checkpoint;
  try {
    checkpoint = verifyCheckpoint(evidence.checkpoint, keys, { expectedOrigin: evidence.origin });
  } catch (error) {
    return { ok: false, reason: `the checkpoint does not verify with the given key(s): ${(error as Error).message}` };
  }
  if (checkpoint.size !== evidence.size) return { ok: false, reason: `the checkpoint is for ${checkpoint.size} records, the proof for ${evidence.size}` };
  let root: Uint8Array;
  try {
    root = rootFromInclusionProof(
      leaf,
      evidence.seq,
      evidence.size,
      evidence.proof.map((hash) => Buffer.from(hash, 'hex')),
    );
  } catch (error) {
    return { ok: false, reason: `the inclusion proof is malformed: ${(error as Error).message}` };
  }
  if (!Buffer.from(root).equals(Buffer.from(checkpoint.rootHash))) {
    return { ok: false, reason: 'the inclusion proof does not lead to the signed root: the record is not in the signed tree' };
  }
  return { ok: true, summary: `record ${evidence.seq} is in the tree of ${evidence.size} records signed by ${checkpoint.verifiedBy.map((k) => k.name).join(', ')}` };
}

// The in-browser check of a record's inclusion proof (docs/ui.md "The record: fields, context and
// integrity"), step by step as `logwarden verify-proof` does it (src/ledger/evidence.ts): the
// record's leaf hash recomputed from the record, the checkpoint's signature by one of the log's
// keys, the checkpoint's tree size, and the proof folded up to the signed root. The first step
// that fails is named. Pure apart from crypto.subtle.
import type { EvidenceContract } from '../../../../contracts/ledger.ts';
import { fromHex, sameBytes, toHex } from './bytes.ts';
import { recordLeafHash, type LeafFormat } from './leaf.ts';
import { rootFromInclusionProof } from './merkle.ts';
import { decodeVerifierKey, openNote, parseCheckpoint } from './signed-note.ts';

export type Evidence = EvidenceContract & { readonly leafFormat?: LeafFormat };

/** What `GET /api/v1/ledger/keys` answers. */
export interface LedgerKeys {
  readonly origin: string;
  readonly current: string;
  readonly keys: readonly string[];
}

export type ProofStep = 'record' | 'leaf' | 'keys' | 'signature' | 'checkpoint' | 'proof' | 'root';

export type ProofCheck =
  | { readonly ok: true; readonly size: number; readonly signedBy: readonly string[]; readonly leafHash: string; readonly rootHash: string }
  | { readonly ok: false; readonly step: ProofStep; readonly reason: string };

export async function checkProof(evidence: Evidence, ledgerKeys: LedgerKeys): Promise<ProofCheck> {
  try {
    return await checkSteps(evidence, ledgerKeys);
  } catch (error) {
    if (error instanceof StepFailed) return { ok: false, step: error.step, reason: error.message };
    throw error;
  }
}

class StepFailed extends Error {
  readonly step: ProofStep;
  constructor(step: ProofStep, reason: string) {
    super(reason);
    this.step = step;
  }
}

/** Runs `work` as `step`: anything it throws is that step failing. */
async function step<T>(name: ProofStep, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StepFailed ? error : new StepFailed(name, error instanceof Error ? error.message : String(error));
  }
}

async function checkSteps(evidence: Evidence, ledgerKeys: LedgerKeys): Promise<ProofCheck> {
  await step('record', () => {
    if (evidence.record['event.sequence'] !== evidence.seq) throw new Error(`the record's event.sequence is ${String(evidence.record['event.sequence'])}, the proof is for ${evidence.seq}`);
  });
  const leaf = await step('leaf', async () => {
    const computed = await recordLeafHash(evidence.record, evidence.leafFormat ?? 1);
    if (toHex(computed) !== evidence.leafHash) throw new Error(`the record hashes to ${toHex(computed)}, not to the leaf ${evidence.leafHash} the proof is for: the record was changed`);
    return computed;
  });
  const keys = await step('keys', () => Promise.all(ledgerKeys.keys.map(decodeVerifierKey)));
  const opened = await step('signature', () => openNote(evidence.checkpoint, keys));
  const checkpoint = await step('checkpoint', () => {
    const parsed = parseCheckpoint(opened.text);
    if (parsed.origin !== ledgerKeys.origin) throw new Error(`the checkpoint is for the log "${parsed.origin}", this server's is "${ledgerKeys.origin}"`);
    if (parsed.size !== evidence.size) throw new Error(`the checkpoint is for ${parsed.size} records, the proof for ${evidence.size}`);
    return parsed;
  });
  const root = await step('proof', () =>
    rootFromInclusionProof(
      leaf,
      evidence.seq,
      evidence.size,
      evidence.proof.map((hash) => fromHex(hash)),
    ),
  );
  await step('root', () => {
    if (!sameBytes(root, checkpoint.rootHash)) throw new Error('the inclusion proof does not lead to the signed root: the record is not in the signed tree');
  });
  return { ok: true, size: checkpoint.size, signedBy: opened.signedBy.map((key) => key.text), leafHash: toHex(leaf), rootHash: toHex(root) };
}

// The browser's proof check against the server's own ledger code (R-TAMPER-1): a small tree built
// with src/ledger (leaves from records, RFC 9162 proofs, a checkpoint signed with a real Ed25519
// key) is accepted, and each kind of damage — a changed record, a flipped bit in the proof, the
// signature or the signed root, a checkpoint of another size or log, an unknown key — is refused
// at the step it breaks. Runs in Node, whose WebCrypto has the browser's SHA-256 and Ed25519.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSigner, encodeVerifierKey, generateKeyPair, signCheckpoint } from '../../../../ledger/checkpoint.ts';
import { canonicalJson as serverCanonicalJson } from '../../../../ledger/canonical-json.ts';
import { CURRENT_LEAF_FORMAT } from '../../../../ledger/leaf-format.ts';
import { publicRecordLeafHash } from '../../../../ledger/leaf.ts';
import { inclusionProof, rootFromLeaves } from '../../../../ledger/merkle.ts';
import type { PublicEvent } from '../../../../schema/present.ts';
import { canonicalJson } from './canonical-json.ts';
import { checkProof, type Evidence, type LedgerKeys } from './proof-check.ts';

const ORIGIN = 'logwarden.test/ui-proof';
const key = generateKeyPair('ui-proof-test');
const otherKey = generateKeyPair('someone-else');
const SIZE = 7;

const records: PublicEvent[] = Array.from({ length: SIZE }, (_, seq) => ({
  'event.sequence': seq,
  '@timestamp': new Date(Date.UTC(2026, 11, 2, 12, 0, seq)).toISOString(),
  message: `record ${seq}: caf\u00e9 \u2014 "quoted" \\ tab\t`,
  'host.name': 'web-1',
  'event.category': seq % 2 === 0 ? ['authentication'] : ['network', 'process'],
  labels: { team: 'blue', 'z.last': 'yes' },
  'log.syslog.severity.code': seq,
}));
const leaves = records.map((record) => publicRecordLeafHash(record, CURRENT_LEAF_FORMAT));
const root = rootFromLeaves(leaves);
const note = signCheckpoint({ origin: ORIGIN, size: SIZE, rootHash: root, extensions: ['time 2026-12-02T12:00:07.000Z'] }, createSigner(key));
const keys: LedgerKeys = { origin: ORIGIN, current: encodeVerifierKey(key), keys: [encodeVerifierKey(key)] };
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function evidenceOf(seq: number): Evidence {
  return {
    origin: ORIGIN,
    seq,
    size: SIZE,
    leafHash: hex(leaves[seq] as Uint8Array),
    proof: inclusionProof(seq, SIZE, leaves).map(hex),
    checkpoint: note,
    record: records[seq] as PublicEvent,
    leafFormat: CURRENT_LEAF_FORMAT,
  };
}

/** `text` with one bit of the character at `index` flipped. */
function flipBit(text: string, index: number): string {
  const code = text.charCodeAt(index) ^ 1;
  return text.slice(0, index) + String.fromCharCode(code) + text.slice(index + 1);
}

const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Changes one character to the next one of its alphabet, so the text still parses (a flipped bit
 * of a random key's signature can leave the base64 alphabet, which is refused earlier, as malformed). */
function changeWithin(alphabet: string, text: string, index: number): string {
  const at = alphabet.indexOf(text.charAt(index));
  assert.ok(at >= 0, `character ${index} of the text is not in the alphabet`);
  return text.slice(0, index) + alphabet.charAt((at + 1) % alphabet.length) + text.slice(index + 1);
}

async function refusedAt(evidence: Evidence, step: string, given: LedgerKeys = keys): Promise<string> {
  const result = await checkProof(evidence, given);
  assert.equal(result.ok, false, `expected a refusal at ${step}`);
  assert.ok(!result.ok);
  assert.equal(result.step, step, result.reason);
  return result.reason;
}

describe('the in-browser proof check (R-TAMPER-1)', () => {
  test('R-TAMPER-1: canonical JSON is the server’s, byte for byte', () => {
    for (const value of [...records, { b: 1e21, a: -0, c: [1.5, 'x', null, true], '\u00e9': 'é', A: 1e-7 }]) assert.equal(canonicalJson(value), serverCanonicalJson(value));
  });

  test('R-TAMPER-1: every record of a tree the server code built is accepted, signed by the key', async () => {
    for (let seq = 0; seq < SIZE; seq++) {
      const result = await checkProof(evidenceOf(seq), keys);
      assert.deepEqual(result, { ok: true, size: SIZE, signedBy: [encodeVerifierKey(key)], leafHash: hex(leaves[seq] as Uint8Array), rootHash: hex(root) });
    }
  });

  test('R-TAMPER-1: a record in leaf format 1 is hashed as format 1 wrote it (a one-element list as its element)', async () => {
    const format1Leaves = records.map((record) => publicRecordLeafHash(record, 1));
    const format1Note = signCheckpoint({ origin: ORIGIN, size: SIZE, rootHash: rootFromLeaves(format1Leaves) }, createSigner(key));
    const evidence: Evidence = {
      ...evidenceOf(0),
      leafHash: hex(format1Leaves[0] as Uint8Array),
      proof: inclusionProof(0, SIZE, format1Leaves).map(hex),
      checkpoint: format1Note,
      leafFormat: 1,
    };
    assert.equal((await checkProof(evidence, keys)).ok, true);
    await refusedAt({ ...evidence, leafFormat: 2 }, 'leaf');
  });

  test('R-TAMPER-1: a changed record is refused at the leaf, naming the hash it has', async () => {
    const evidence = evidenceOf(3);
    const reason = await refusedAt({ ...evidence, record: { ...evidence.record, message: flipBit(String(evidence.record['message']), 0) } }, 'leaf');
    assert.match(reason, /the record was changed/);
    await refusedAt({ ...evidence, record: { ...evidence.record, 'event.sequence': 4 } }, 'record');
  });

  test('R-TAMPER-1: a changed digit in any proof element is refused at the root', async () => {
    const evidence = evidenceOf(5);
    assert.ok(evidence.proof.length >= 2);
    for (let index = 0; index < evidence.proof.length; index++) {
      const proof = evidence.proof.map((hash, at) => (at === index ? changeWithin(HEX, hash, 10) : hash));
      await refusedAt({ ...evidence, proof }, 'root');
    }
    await refusedAt({ ...evidence, proof: evidence.proof.slice(1) }, 'proof');
  });

  test('R-TAMPER-1: a changed character in the signature or the signed text is refused at the signature', async () => {
    const evidence = evidenceOf(2);
    const signatureAt = note.lastIndexOf(' ') + 20;
    assert.match(await refusedAt({ ...evidence, checkpoint: changeWithin(BASE64, note, signatureAt) }, 'signature'), /does not verify/);
    const rootAt = note.indexOf('\n', note.indexOf('\n') + 1) + 5;
    await refusedAt({ ...evidence, checkpoint: changeWithin(BASE64, note, rootAt) }, 'signature');
  });

  test('R-TAMPER-1: a checkpoint by an unknown key, of another log or of another size is refused', async () => {
    const evidence = evidenceOf(0);
    const foreign = signCheckpoint({ origin: ORIGIN, size: SIZE, rootHash: root }, createSigner(otherKey));
    assert.match(await refusedAt({ ...evidence, checkpoint: foreign }, 'signature'), /not signed by any/);
    const otherLog = signCheckpoint({ origin: 'another.log/x', size: SIZE, rootHash: root }, createSigner(key));
    await refusedAt({ ...evidence, checkpoint: otherLog }, 'checkpoint');
    const smaller = signCheckpoint({ origin: ORIGIN, size: SIZE - 1, rootHash: root }, createSigner(key));
    assert.match(await refusedAt({ ...evidence, checkpoint: smaller }, 'checkpoint'), /for 6 records, the proof for 7/);
    const badKey = `${encodeVerifierKey(key).slice(0, -6)}AAAAA=`;
    await refusedAt(evidence, 'keys', { ...keys, keys: [badKey] });
  });
});

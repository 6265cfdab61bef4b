import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import {
  CheckpointError,
  computeKeyId,
  createSigner,
  decodeSignerKey,
  decodeVerifierKey,
  encodeSignerKey,
  encodeVerifierKey,
  formatCheckpoint,
  generateKeyPair,
  keyPairFromSeed,
  MAX_NOTE_SIGNATURES,
  openNote,
  parseCheckpoint,
  parseSignedNote,
  signCheckpoint,
  signNote,
  verifyCheckpoint,
} from './checkpoint.ts';
import type { CheckpointErrorReason, NoteSigner } from './checkpoint.ts';
import { leafHash, MerkleFrontier } from './merkle.ts';

function assertReason(action: () => unknown, reason: CheckpointErrorReason, message?: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

// The example key and note of the Go sumdb/note package documentation (golang.org/x/mod), the
// reference implementation of c2sp.org/signed-note: an interoperability known answer.
const GO_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n` + '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

const ORIGIN = 'logs.example.com/prod';
const rootOfFive = (() => {
  const frontier = new MerkleFrontier();
  for (let index = 0; index < 5; index++) frontier.append(leafHash(Buffer.from(`event ${index}`)));
  return frontier.root();
})();

describe('checkpoint: keys', () => {
  it('computes key IDs as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]', () => {
    const { publicKey } = decodeVerifierKey(GO_VERIFIER_KEY);
    const independent = createHash('sha256')
      .update(Buffer.concat([Buffer.from('PeterNeumann', 'utf8'), Buffer.from([0x0a, 0x01]), Buffer.from(publicKey)]))
      .digest()
      .subarray(0, 4)
      .toString('hex');
    assert.equal(independent, 'c74f20a3'); // the ID published with the key
    assert.equal(computeKeyId('PeterNeumann', publicKey).toString(16), independent);

    const generated = generateKeyPair(ORIGIN);
    const digest = createHash('sha256').update(`${ORIGIN}\n\u0001`).update(generated.publicKey).digest();
    assert.equal(generated.keyId, digest.readUInt32BE(0));
  });

  it('reproduces the Go sumdb/note known answer byte for byte', () => {
    const keyPair = decodeSignerKey(GO_SIGNER_KEY);
    assert.equal(keyPair.name, 'PeterNeumann');
    assert.equal(encodeVerifierKey(keyPair), GO_VERIFIER_KEY);
    assert.equal(encodeSignerKey(keyPair), GO_SIGNER_KEY);
    assert.equal(signNote(GO_TEXT, createSigner(keyPair)), GO_NOTE); // Ed25519 is deterministic
    const opened = openNote(GO_NOTE, [GO_VERIFIER_KEY]);
    assert.equal(opened.text, GO_TEXT);
    assert.deepEqual(
      opened.verifiedBy.map((key) => key.name),
      ['PeterNeumann'],
    );
  });

  it('round-trips generated keys through their string forms', () => {
    const keyPair = generateKeyPair(ORIGIN);
    const verifierKey = encodeVerifierKey(keyPair);
    assert.match(verifierKey, /^logs\.example\.com\/prod\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    assert.deepEqual(decodeVerifierKey(verifierKey), {
      name: ORIGIN,
      keyId: keyPair.keyId,
      publicKey: Uint8Array.from(keyPair.publicKey),
    });
    const restored = decodeSignerKey(encodeSignerKey(keyPair));
    assert.deepEqual(restored, keyPairFromSeed(ORIGIN, keyPair.seed));
    const note = signCheckpoint({ origin: ORIGIN, size: 1, rootHash: rootOfFive }, createSigner(restored));
    assert.equal(verifyCheckpoint(note, [verifierKey]).size, 1);
  });

  it('rejects malformed key strings and names', () => {
    const { publicKey } = decodeVerifierKey(GO_VERIFIER_KEY);
    const typed = (type: number): string => Buffer.concat([Uint8Array.of(type), publicKey]).toString('base64');
    assertReason(() => decodeVerifierKey('PeterNeumann+c74f20a4+' + typed(1)), 'invalid-key', /does not match/);
    assertReason(() => decodeVerifierKey('PeterNeumann+c74f20a3+' + typed(2)), 'invalid-key', /not Ed25519/);
    assertReason(() => decodeVerifierKey('PeterNeumann+c74f20a3+AAAA'), 'invalid-key', /33 bytes/);
    assertReason(() => decodeVerifierKey('PeterNeumann+c74f20a3+!!' + typed(1)), 'invalid-key');
    assertReason(() => decodeVerifierKey('PeterNeumann+c74f20+' + typed(1)), 'invalid-key', /8 hex digits/);
    assertReason(() => decodeVerifierKey('PeterNeumann'), 'invalid-key', /name\+keyid\+key/);
    assertReason(() => decodeVerifierKey('Peter Neumann+c74f20a3+' + typed(1)), 'invalid-key', /without spaces/);
    assertReason(() => decodeVerifierKey('+c74f20a3+' + typed(1)), 'invalid-key', /non-empty/);
    assertReason(() => decodeSignerKey(GO_VERIFIER_KEY), 'invalid-key', /starts with PRIVATE\+KEY\+/);
    assertReason(() => decodeSignerKey(GO_SIGNER_KEY.replace('c74f20a3', '00000000')), 'invalid-key', /does not match/);
    assertReason(() => generateKeyPair('no\u00a0breaks'), 'invalid-key');
    assertReason(() => generateKeyPair('a+b'), 'invalid-key');
  });
});

describe('checkpoint: signing and verifying', () => {
  const logKey = generateKeyPair(ORIGIN);
  const logSigner = createSigner(logKey);
  const logVerifier = encodeVerifierKey(logKey);

  it('formats the C2SP checkpoint body and signs it', () => {
    const body = formatCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive });
    assert.equal(body, `${ORIGIN}\n5\n${Buffer.from(rootOfFive).toString('base64')}\n`);
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
    assert.ok(note.startsWith(`${body}\n— ${ORIGIN} `));
    assert.ok(note.endsWith('\n'));
    const blob = Buffer.from(note.slice(body.length + 1).split(' ')[2] as string, 'base64');
    assert.equal(blob.length, 4 + 64);
    assert.equal(blob.readUInt32BE(0), logKey.keyId);
  });

  it('round-trips a checkpoint, with and without extension lines, as text or bytes', () => {
    const plain = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
    const verified = verifyCheckpoint(plain, [logVerifier], { expectedOrigin: ORIGIN });
    assert.equal(verified.origin, ORIGIN);
    assert.equal(verified.size, 5);
    assert.deepEqual(Buffer.from(verified.rootHash), Buffer.from(rootOfFive));
    assert.deepEqual(verified.extensions, []);
    assert.deepEqual(
      verified.verifiedBy.map((key) => key.keyId),
      [logKey.keyId],
    );

    const extended = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: new MerkleFrontier().root(), extensions: ['— witness hint', 'x'] }, logSigner);
    const fromBytes = verifyCheckpoint(Buffer.from(extended, 'utf8'), [decodeVerifierKey(logVerifier)]);
    assert.equal(fromBytes.size, 0);
    assert.deepEqual(fromBytes.extensions, ['— witness hint', 'x']);
  });

  it('parses the example checkpoint of the C2SP tlog-checkpoint spec', () => {
    const example =
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
      '— example.com/behind-the-sofa ' +
      'Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';
    const note = parseSignedNote(example);
    assert.equal(note.signatures.length, 1);
    assert.equal(note.signatures[0]?.name, 'example.com/behind-the-sofa');
    const checkpoint = parseCheckpoint(note.text);
    assert.equal(checkpoint.origin, 'example.com/behind-the-sofa');
    assert.equal(checkpoint.size, 20852163);
    assert.equal(checkpoint.rootHash.length, 32);
    // We do not hold that log's key: its signature is ignored and nothing known signed the note.
    assertReason(() => verifyCheckpoint(example, [logVerifier]), 'unknown-key', /example\.com\/behind-the-sofa\+/);
  });

  it('detects a tampered body', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
    const rootLine = Buffer.from(rootOfFive).toString('base64');
    const otherRoot = Buffer.from(rootOfFive.map((byte, at) => (at === 0 ? byte ^ 1 : byte))).toString('base64');
    const tampered = [
      note.replace(`\n5\n`, '\n6\n'),
      note.replace(rootLine, otherRoot),
      note.replace(`${ORIGIN}\n5`, `logs.example.com/test\n5`),
      note.replace(`${rootLine}\n`, `${rootLine}\nextra\n`),
    ];
    for (const altered of tampered) {
      assert.notEqual(altered, note);
      assertReason(() => verifyCheckpoint(altered, [logVerifier]), 'bad-signature', /does not verify/);
    }
  });

  it('detects a tampered signature', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
    const [text, line] = [note.slice(0, note.lastIndexOf('\n\n') + 2), note.slice(note.lastIndexOf('\n\n') + 2)];
    const blob = Buffer.from(line.trim().split(' ')[2] as string, 'base64');
    for (const position of [4, 40, 67]) {
      const flipped = Buffer.from(blob);
      flipped[position]! ^= 0x10;
      const altered = `${text}— ${ORIGIN} ${flipped.toString('base64')}\n`;
      assertReason(() => verifyCheckpoint(altered, [logVerifier]), 'bad-signature');
    }
    // A truncated signature by a known key is a bad signature too, not a parse error.
    const truncated = `${text}— ${ORIGIN} ${blob.subarray(0, 36).toString('base64')}\n`;
    assertReason(() => verifyCheckpoint(truncated, [logVerifier]), 'bad-signature');
    // Changing the key ID bytes makes it some other (unknown) key's signature.
    const otherId = Buffer.from(blob);
    otherId[0]! ^= 0xff;
    const otherKeysLine = `${text}— ${ORIGIN} ${otherId.toString('base64')}\n`;
    assertReason(() => verifyCheckpoint(otherKeysLine, [logVerifier]), 'unknown-key');
  });

  it('refuses notes signed only by unknown keys, including a same-name key', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
    const stranger = generateKeyPair('stranger.example');
    const impostor = generateKeyPair(ORIGIN); // same name, different key and key ID
    const strangerKey = encodeVerifierKey(stranger);
    assertReason(() => verifyCheckpoint(note, [strangerKey]), 'unknown-key', /not signed by any known key/);
    assertReason(() => verifyCheckpoint(note, [encodeVerifierKey(impostor)]), 'unknown-key');
    assertReason(() => verifyCheckpoint(note, []), 'unknown-key');
  });

  it('ignores unknown signatures next to a known one', () => {
    const witness = generateKeyPair('witness.example/w1');
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, [createSigner(witness), logSigner]);
    assert.equal(parseSignedNote(note).signatures.length, 2);
    const verified = verifyCheckpoint(note, [logVerifier]);
    assert.deepEqual(
      verified.verifiedBy.map((key) => key.name),
      [ORIGIN],
    );
    const both = verifyCheckpoint(note, [logVerifier, encodeVerifierKey(witness)]);
    assert.deepEqual(both.verifiedBy.map((key) => key.name).sort(), [ORIGIN, 'witness.example/w1']);
  });

  it('rejects the whole note when any known key signature fails, even if another verifies', () => {
    const witness = generateKeyPair('witness.example/w1');
    const forger: NoteSigner = { name: witness.name, keyId: witness.keyId, sign: () => new Uint8Array(64).fill(7) };
    const note = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, [logSigner, forger]);
    assert.equal(verifyCheckpoint(note, [logVerifier]).size, 5); // the forged line is unknown here
    assertReason(() => verifyCheckpoint(note, [logVerifier, encodeVerifierKey(witness)]), 'bad-signature', /witness/);
  });

  it('keeps verifying old checkpoints after key rotation', () => {
    const oldKey = generateKeyPair(ORIGIN);
    const newKey = generateKeyPair(ORIGIN); // rotation keeps the name; the key ID tells them apart
    const beforeRotation = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, createSigner(oldKey));
    const transition = signCheckpoint({ origin: ORIGIN, size: 6, rootHash: rootOfFive }, [createSigner(oldKey), createSigner(newKey)]);
    const afterRotation = signCheckpoint({ origin: ORIGIN, size: 7, rootHash: rootOfFive }, createSigner(newKey));
    const trusted = [encodeVerifierKey(oldKey), encodeVerifierKey(newKey)];
    assert.equal(verifyCheckpoint(beforeRotation, trusted).size, 5);
    assert.equal(verifyCheckpoint(transition, trusted).verifiedBy.length, 2);
    assert.equal(verifyCheckpoint(afterRotation, trusted).size, 7);
    assert.equal(verifyCheckpoint(transition, [encodeVerifierKey(newKey)]).size, 6);
    assertReason(() => verifyCheckpoint(beforeRotation, [encodeVerifierKey(newKey)]), 'unknown-key');
  });

  it('refuses a checkpoint of another log when the origin is pinned', () => {
    const note = signCheckpoint({ origin: 'logs.example.com/test', size: 5, rootHash: rootOfFive }, logSigner);
    assertReason(() => verifyCheckpoint(note, [logVerifier], { expectedOrigin: ORIGIN }), 'origin-mismatch');
  });

  it('refuses to sign what it could not verify', () => {
    const sign = (input: Parameters<typeof signCheckpoint>[0]) => () => signCheckpoint(input, logSigner);
    assertReason(sign({ origin: ORIGIN, size: 5, rootHash: rootOfFive.subarray(1) }), 'wrong-hash-length');
    assertReason(sign({ origin: ORIGIN, size: -1, rootHash: rootOfFive }), 'bad-size');
    assertReason(sign({ origin: ORIGIN, size: 2 ** 53, rootHash: rootOfFive }), 'bad-size');
    assertReason(sign({ origin: '', size: 5, rootHash: rootOfFive }), 'malformed-body');
    assertReason(sign({ origin: 'a\nb', size: 5, rootHash: rootOfFive }), 'malformed-body');
    assertReason(sign({ origin: ORIGIN, size: 5, rootHash: rootOfFive, extensions: [''] }), 'malformed-body');
    assertReason(() => signNote('no final newline', logSigner), 'malformed-note');
    assertReason(() => signNote('tab\there\n', logSigner), 'malformed-note');
    assertReason(() => signNote('text\n', []), 'invalid-key');
  });
});

describe('checkpoint: parse errors', () => {
  const logKey = generateKeyPair(ORIGIN);
  const logSigner = createSigner(logKey);
  const logVerifier = encodeVerifierKey(logKey);
  const good = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: rootOfFive }, logSigner);
  const signatureLine = good.slice(good.lastIndexOf('\n\n') + 2);
  const text = good.slice(0, good.lastIndexOf('\n\n') + 1);

  it('reports malformed notes', () => {
    const cases: [string, RegExp][] = [
      [text + signatureLine, /no blank line/],
      [`${text}\n${signatureLine.slice(0, -1)}`, /must end with a newline/],
      [`${text}\n${signatureLine.replace('—', '-')}`, /must start with an em dash/],
      [`${text}\n${signatureLine.replace('— ', '—')}`, /must start with an em dash/],
      [`${text}\n${signatureLine.replace(` ${ORIGIN} `, ` ${ORIGIN}  `)}`, /key name> <signature>/],
      [`${text}\n${signatureLine.replace(ORIGIN, 'bad+name')}`, /invalid key name/],
      [`${text}\n— ${ORIGIN} AAAA\n`, /not base64 of a key ID and signature/],
      [`${text}\n— ${ORIGIN} not*base64=\n`, /not base64/],
      [`${text}\n— ${ORIGIN} AAAAAAB=\n`, /not base64/], // non-canonical padding bits
      [`${text}\n${signatureLine}\n`, /no signature lines/], // a trailing blank line ends the text there
      [`${text.replace('\n5\n', '\n5\r\n')}\n${signatureLine}`, /control character/],
      [`${text}\n`, /no signature lines/],
      [`${text}\n${signatureLine.repeat(MAX_NOTE_SIGNATURES + 1)}`, /more than 100 signatures/],
      ['\ud800\n\n' + signatureLine, /not valid Unicode/],
    ];
    for (const [note, message] of cases) {
      assertReason(() => verifyCheckpoint(note, [logVerifier]), 'malformed-note', message);
    }
    const badUtf8 = Buffer.concat([Buffer.from(text), Buffer.from([0xff]), Buffer.from(`\n\n${signatureLine}`)]);
    assertReason(() => verifyCheckpoint(badUtf8, [logVerifier]), 'malformed-note', /not valid UTF-8/);
  });

  it('accepts as many signatures as the spec requires', () => {
    const many = `${text}\n${signatureLine.repeat(16)}`;
    assert.equal(parseSignedNote(many).signatures.length, 16);
    assert.equal(verifyCheckpoint(many, [logVerifier]).size, 5);
  });

  it('reports malformed checkpoint bodies that were validly signed', () => {
    const root = Buffer.from(rootOfFive).toString('base64');
    const cases: [string, CheckpointErrorReason, RegExp][] = [
      [`${ORIGIN}\n5\n`, 'malformed-body', /at least 3 lines, got 2/],
      [`\n5\n${root}\n`, 'malformed-body', /origin line is empty/],
      [`${ORIGIN}\n5\n${root}\n\nextension\n`, 'malformed-body', /extension lines must not be empty/],
      [`${ORIGIN}\n007\n${root}\n`, 'bad-size', /leading zeroes/],
      [`${ORIGIN}\n-1\n${root}\n`, 'bad-size', /not a decimal/],
      [`${ORIGIN}\n1.5\n${root}\n`, 'bad-size', /not a decimal/],
      [`${ORIGIN}\n\n${root}\n`, 'bad-size', /not a decimal/],
      [`${ORIGIN}\n 5\n${root}\n`, 'bad-size', /not a decimal/],
      [`${ORIGIN}\n9007199254740992\n${root}\n`, 'bad-size', /larger than supported/],
      [`${ORIGIN}\n5\n${root.replace('=', '')}\n`, 'bad-base64', /not base64/],
      [`${ORIGIN}\n5\n${root.replace(/^../, '*?')}\n`, 'bad-base64', /not base64/],
      [`${ORIGIN}\n5\n${Buffer.from(rootOfFive).toString('base64url')}=\n`, 'bad-base64', /not base64/],
      [`${ORIGIN}\n5\n${Buffer.alloc(31).toString('base64')}\n`, 'wrong-hash-length', /31 bytes, expected 32/],
      [`${ORIGIN}\n5\n${Buffer.alloc(33).toString('base64')}\n`, 'wrong-hash-length', /33 bytes/],
      [`${ORIGIN}\n5\n\n`, 'wrong-hash-length', /0 bytes/],
    ];
    for (const [body, reason, message] of cases) {
      const note = signNote(body, logSigner);
      assertReason(() => verifyCheckpoint(note, [logVerifier]), reason, message);
    }
    // The size line of an empty tree is "0".
    const empty = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: new MerkleFrontier().root() }, logSigner);
    assert.equal(verifyCheckpoint(empty, [logVerifier]).size, 0);
  });

  it('splits at the last blank line, so note text may itself contain blank lines', () => {
    const note = signNote('first\n\nsecond\n', logSigner);
    assert.equal(parseSignedNote(note).text, 'first\n\nsecond\n');
    assert.equal(openNote(note, [logVerifier]).text, 'first\n\nsecond\n');
  });
});

// Ledger keys on disk: created once with a private key only the owner can read, and rotation that
// keeps every old public key so checkpoints signed before it still verify (R-TAMPER-2).
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createSigner, signCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { openLedgerKeys, readVerifierKeys, rotateLedgerKey } from './keys.ts';
import { emptyTreeRoot } from './merkle.ts';
import { splitNotes } from './transparency-file.ts';

test('keys are made once, the signer key is 0600, and rotation keeps old public keys', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-keys-'));
  try {
    const first = await openLedgerKeys(dir);
    assert.match(first.origin, /^logwarden\/[A-Za-z0-9.-]+\/[0-9a-f]{8}$/);
    assert.equal((await stat(path.join(dir, 'secrets/ledger-signer-key'))).mode & 0o777, 0o600);
    const again = await openLedgerKeys(dir);
    assert.equal(again.signer.keyId, first.signer.keyId, 'a restart keeps the key');
    const oldNote = signCheckpoint({ origin: first.origin, size: 0, rootHash: emptyTreeRoot() }, createSigner(first.signer));

    const rotated = await rotateLedgerKey(dir);
    assert.notEqual(rotated.signer.keyId, first.signer.keyId);
    assert.equal(rotated.origin, first.origin);
    const keys = await readVerifierKeys(dir);
    assert.deepEqual(
      keys.map((k) => k.keyId),
      [first.signer.keyId, rotated.signer.keyId],
    );
    assert.equal(verifyCheckpoint(oldNote, keys).size, 0, 'a checkpoint signed before the rotation still verifies');
    assert.throws(() => verifyCheckpoint(oldNote, [rotated.signer]), /known key|unknown/i, 'but not with the new key alone');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a transparency file splits back into its notes', () => {
  const note = (size: number): string => `origin/x\n${size}\nAAAA\n\n\u2014 origin/x c2lnbmF0dXJl\n`;
  const text = `${note(1)}\n${note(2)}\n\n${note(3)}`;
  assert.deepEqual(splitNotes(text), [note(1), note(2), note(3)]);
  assert.deepEqual(splitNotes(''), []);
});

// The checkpoint history the Integrity view lists (checkpoint-history.ts): a stored note summarised,
// and the last lines of a transparency file read from its end.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createSigner, generateKeyPair, signCheckpoint } from './checkpoint.ts';
import { summarise, tailLines } from './checkpoint-history.ts';

const keys = generateKeyPair('logwarden.example/test');

test('R-TAMPER-2: a checkpoint is listed with its size, root hash, signing time and key', () => {
  const rootHash = new Uint8Array(32).fill(0xab);
  const note = signCheckpoint({ origin: keys.name, size: 42, rootHash, extensions: ['time 2026-12-02T10:00:00.000Z'] }, createSigner(keys));
  const summary = summarise(note, Date.parse('2026-12-02T10:00:01Z'));
  assert.equal(summary.size, 42);
  assert.equal(summary.rootHash, 'ab'.repeat(32));
  assert.equal(summary.time, '2026-12-02T10:00:00.000Z', 'the signed time line, not when it was stored');
  assert.deepEqual(summary.signedBy, [`${keys.name}+${keys.keyId.toString(16).padStart(8, '0')}`]);
  assert.equal(summary.note, note);
  const undated = summarise(signCheckpoint({ origin: keys.name, size: 1, rootHash }, createSigner(keys)), Date.parse('2026-12-02T10:00:01Z'));
  assert.equal(undated.time, '2026-12-02T10:00:01.000Z', 'a note without a time line: when it was stored');
});

test('the transparency file tail: the last lines, oldest first; none for a missing file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-tail-'));
  try {
    assert.deepEqual(await tailLines(path.join(dir, 'none'), 5), { bytes: 0, lines: [] });
    const small = path.join(dir, 'small');
    await writeFile(small, 'a\nb\nc\n');
    assert.deepEqual(await tailLines(small, 2), { bytes: 6, lines: ['b', 'c'] });
    assert.deepEqual((await tailLines(small, 10)).lines, ['a', 'b', 'c']);
    // Larger than one read from the end: the cut first line is dropped, the last ones are whole.
    const big = path.join(dir, 'big');
    const lines = Array.from({ length: 40_000 }, (_, index) => `line ${index} ${'x'.repeat(10)}`);
    await writeFile(big, `${lines.join('\n')}\n`);
    const tail = await tailLines(big, 3);
    assert.deepEqual(tail.lines, lines.slice(-3));
    assert.ok(tail.bytes > 256 * 1024);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

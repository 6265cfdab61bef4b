import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeUtf8, firstInvalidUtf8Offset } from './utf8.ts';

test('finds the first invalid sequence: overlong, surrogate, out of range, cut short', () => {
  assert.equal(firstInvalidUtf8Offset(Buffer.from('héllo')), -1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0xaf])), 1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])), 2);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82])), 1);
  assert.equal(firstInvalidUtf8Offset(Buffer.from([0xe2, 0x82, 0xac, 0x80])), 3);
});

test('agrees with the platform decoder on arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const buffer = Buffer.from(bytes);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(buffer);
      } catch {
        valid = false;
      }
      assert.equal(firstInvalidUtf8Offset(buffer) === -1, valid);
      assert.equal(decodeUtf8(buffer, false).invalidAt === undefined, valid);
    }),
    { numRuns: 2000 },
  );
});

// The prefilter's folding rule rests on one claim about Unicode simple case folding as JavaScript's
// `iu` regexes apply it (and RE2's (?i), case-fold.test.ts): the only characters outside ASCII that
// match an ASCII character case-insensitively are ſ (U+017F) and the Kelvin sign (U+212A). Checked
// here over every code point, so a Unicode upgrade that adds one shows up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldChar, foldKey, isAsciiLike, longestAsciiRun } from './fold.ts';

describe('the prefilter folding rule', () => {
  it('maps every character that case-insensitively matches an ASCII one to that ASCII character', () => {
    const anyAscii = /^[\x00-\x7f]$/iu;
    const foldsToAscii: number[] = [];
    for (let code = 0x80; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (anyAscii.test(String.fromCodePoint(code))) foldsToAscii.push(code);
    }
    assert.deepEqual(foldsToAscii, [0x17f, 0x212a]);
    for (const code of foldsToAscii) {
      assert.ok(isAsciiLike(code));
      const ascii = String.fromCharCode(foldChar(code));
      assert.ok(new RegExp(`^${ascii}$`, 'iu').test(String.fromCodePoint(code)), ascii);
    }
  });

  it('gives case-insensitively equal ASCII-like strings one key, and keeps other characters', () => {
    assert.equal(foldKey('ſudo'), foldKey('SUDO'));
    assert.equal(foldKey('\u212Aill'), 'kill');
    assert.equal(foldKey('CAFÉ'), 'cafÉ');
    assert.equal(foldKey('plain'), 'plain');
  });

  it('cuts a literal down to its longest ASCII-like run, folded', () => {
    assert.equal(longestAsciiRun('Über-Admin'), 'ber-admin');
    assert.equal(longestAsciiRun('日本語'), '');
    assert.equal(longestAsciiRun('caféAU lait'), 'au lait');
    assert.equal(longestAsciiRun('ſK'), 'sk');
  });
});

// Sigma's value transformations on their own (issue 12; R-ANALYSE-1): base64offset finds the value
// at any byte offset of any encoded text around it, windash makes every combination, and the
// wildcard syntax's escapes read as the specification lists them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base64, base64Offsets, escapeText, expandPlaceholders, parseWildcards, windash } from './values.ts';

describe('Sigma value transformations (R-ANALYSE-1)', () => {
  // A single byte after one other byte decides no base64 character alone, so values start at two.
  it('base64offset: one of its variants is in the encoding of any text that contains the value (of 2 bytes or more)', () => {
    const bytes = fc.uint8Array({ maxLength: 12 });
    fc.assert(
      fc.property(bytes, fc.uint8Array({ minLength: 2, maxLength: 12 }), bytes, (before, value, after) => {
        const encoded = base64(new Uint8Array([...before, ...value, ...after]));
        const variants = base64Offsets(value);
        assert.ok(
          variants.some((v) => encoded.includes(v)),
          `${encoded} ${variants}`,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('base64offset: no variant carries a character its value alone does not decide (no padding, none empty)', () => {
    for (const value of ['a', 'ab', 'abc', 'http://']) {
      for (const variant of base64Offsets(new TextEncoder().encode(value))) assert.match(variant, /^[A-Za-z0-9+/]+$/, value);
    }
  });

  it('windash: every combination of the five dashes at every dash', () => {
    const variants = windash('a-b/c');
    assert.equal(variants.length, 25);
    assert.equal(new Set(variants).size, 25);
    assert.ok(variants.includes('a\u2015b-c') && variants.includes('a/b\u2013c'));
    assert.deepEqual(windash('none'), ['none']);
  });

  it('the wildcard syntax: escapes, and escapeText as its inverse for plain text', () => {
    assert.deepEqual(parseWildcards('a\\*b'), [{ kind: 'text', text: 'a*b' }]);
    assert.deepEqual(parseWildcards('a\\\\*'), [{ kind: 'text', text: 'a\\' }, { kind: 'anyRun' }]);
    assert.deepEqual(parseWildcards('a\\\\\\*'), [{ kind: 'text', text: 'a\\*' }]);
    assert.deepEqual(parseWildcards('C:\\Windows\\'), [{ kind: 'text', text: 'C:\\Windows\\' }]);
    assert.deepEqual(parseWildcards('?x*'), [{ kind: 'anyChar' }, { kind: 'text', text: 'x' }, { kind: 'anyRun' }]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parts = parseWildcards(escapeText(text));
        assert.equal(parts.map((p) => (p.kind === 'text' ? p.text : '<wild>')).join(''), text);
      }),
    );
  });

  it('expand: every combination of several placeholders', () => {
    assert.deepEqual(expandPlaceholders('%a%-%b%', { a: ['1', '2'], b: ['x'] }), ['1-x', '2-x']);
    assert.deepEqual(expandPlaceholders('plain', {}), ['plain']);
    assert.deepEqual(expandPlaceholders('\\%a%', { a: ['x'] }), ['%a%']);
    assert.deepEqual(expandPlaceholders('\\\\%a%', { a: ['x'] }), ['\\\\x']);
    assert.throws(() => expandPlaceholders('%constructor%', {}), /undefined placeholder %constructor%/);
  });
});

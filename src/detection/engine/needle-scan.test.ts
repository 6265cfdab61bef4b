import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { foldChar } from './fold.ts';
import { NeedleScan } from './needle-scan.ts';

const foldAll = (text: string): string => Array.from(text, (ch) => (ch.length === 1 ? String.fromCharCode(foldChar(ch.charCodeAt(0))) : ch)).join('');

function found(scan: NeedleScan, text: string): number[] {
  const hits = new Set<number>();
  scan.scan(text, (needle) => hits.add(needle));
  return [...hits].sort((a, b) => a - b);
}

describe('the multi-needle scan', () => {
  it('finds exactly the needles the folded text contains, overlapping and nested ones too', () => {
    const needle = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 's', 'k', '-', '.'), minLength: 1, maxLength: 5 });
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'S', 'ſ', '\u212A', 'k', '-', '.', 'é', '日', 'x'), maxLength: 40 });
    fc.assert(
      fc.property(fc.uniqueArray(needle, { minLength: 1, maxLength: 12 }), text, (needles, haystack) => {
        const scan = new NeedleScan(needles);
        const expected = needles.flatMap((n, i) => (foldAll(haystack).includes(n) ? [i] : []));
        assert.deepEqual(found(scan, haystack), expected);
      }),
      { numRuns: 400 },
    );
  });

  it('reads ſ as s and the Kelvin sign as k, and restarts on characters no needle has', () => {
    const scan = new NeedleScan(['sudo', 'kill', 'ab']);
    assert.deepEqual(found(scan, 'ſUDO \u212AILL'), [0, 1]);
    assert.deepEqual(found(scan, 'aéb a日b'), []);
    assert.deepEqual(found(scan, 'xxAB'), [2]);
  });

  it('refuses needles that are not folded ASCII', () => {
    assert.throws(() => new NeedleScan(['Sudo']));
    assert.throws(() => new NeedleScan(['café']));
    assert.throws(() => new NeedleScan(['']));
  });
});

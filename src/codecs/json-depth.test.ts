import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { arrayElementTexts, exceedsJsonDepth } from './json-depth.ts';

describe('JSON depth', () => {
  it('counts objects and arrays, not scalars', () => {
    assert.equal(exceedsJsonDepth({ a: [{ b: 1 }] }, 3), false);
    assert.equal(exceedsJsonDepth({ a: [{ b: [] }] }, 3), true);
    assert.equal(exceedsJsonDepth('text', 0), false);
  });

  it('measures 1,000,000 levels without running out of stack', () => {
    assert.equal(exceedsJsonDepth(JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000))), true);
  });

  it('fuzz: finds the source text of every element of any JSON array, however it is spaced', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.constantFrom(undefined, 1, '\t'), (elements, space) => {
        const texts = arrayElementTexts(JSON.stringify(elements, null, space));
        assert.deepEqual(
          texts.map((text) => JSON.parse(text) as unknown),
          JSON.parse(JSON.stringify(elements)),
        );
      }),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { CanonicalJsonError, canonicalJson, canonicalJsonBytes, MAX_CANONICAL_DEPTH } from './canonical-json.ts';
import type { JsonValue } from './canonical-json.ts';

function fromHexDump(dump: string): Buffer {
  return Buffer.from(dump.replace(/\s+/g, ''), 'hex');
}

function doubleFromBits(bitsHex: string): number {
  return Buffer.from(bitsHex, 'hex').readDoubleBE(0);
}

function assertRejected(value: unknown, path: string, problem: RegExp): void {
  assert.throws(
    () => canonicalJson(value),
    (error: unknown) => error instanceof CanonicalJsonError && error.path === path && problem.test(error.message),
  );
}

describe('canonicalJson: RFC 8785 examples', () => {
  it('serialises the §3.2.2 sample (numbers, escapes, literals) and its UTF-8 bytes', () => {
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n' +
      '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n' +
      '  "literals": [null, true, false]\n}';
    const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    assert.equal(canonicalJson(JSON.parse(input)), expected);
    // §3.2.4: the same result as the hex dump of UTF-8 bytes printed in the RFC.
    const bytes = fromHexDump(`
      7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e
      75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30
      2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24
      5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`);
    assert.deepEqual(Buffer.from(canonicalJsonBytes(JSON.parse(input))), bytes);
  });

  it('sorts members by UTF-16 code units (§3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    ) as Record<string, string>;
    assert.equal(
      canonicalJson(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' + '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('orders nested structures (the RFC authors\' "structures" sample)', () => {
    const input = {
      '1': { f: { f: 'hi', F: 5 }, '\n': 56.0 },
      '10': {},
      '': 'empty',
      a: {},
      '111': [{ e: 'yes', E: 'no' }],
      A: {},
    };
    const bytes = fromHexDump(`
      7b 22 22 3a 22 65 6d 70 74 79 22 2c 22 31 22 3a 7b 22 5c 6e 22 3a 35 36 2c 22 66 22 3a 7b 22 46
      22 3a 35 2c 22 66 22 3a 22 68 69 22 7d 7d 2c 22 31 30 22 3a 7b 7d 2c 22 31 31 31 22 3a 5b 7b 22
      45 22 3a 22 6e 6f 22 2c 22 65 22 3a 22 79 65 73 22 7d 5d 2c 22 41 22 3a 7b 7d 2c 22 61 22 3a 7b
      7d 7d`);
    assert.deepEqual(Buffer.from(canonicalJsonBytes(input)), bytes);
  });

  it('serialises every finite number of Appendix B exactly', () => {
    const table: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of table) {
      assert.equal(canonicalJson(doubleFromBits(bits)), expected, `IEEE 754 ${bits}`);
      assert.equal(canonicalJson([doubleFromBits(bits)]), `[${expected}]`, `IEEE 754 ${bits} in an array`);
    }
  });

  it('rejects the non-finite numbers of Appendix B (NaN, Infinity)', () => {
    assertRejected(doubleFromBits('7fffffffffffffff'), '$', /NaN is not a finite number/);
    assertRejected(doubleFromBits('7ff0000000000000'), '$', /Infinity is not a finite number/);
    assertRejected({ a: [1, -Infinity] }, '$.a[1]', /-Infinity/);
  });
});

describe('canonicalJson: values outside JSON', () => {
  it('rejects undefined and holes in arrays but omits undefined members', () => {
    assertRejected([1, undefined], '$[1]', /undefined is not allowed in an array/);
    // eslint-disable-next-line no-sparse-arrays
    assertRejected([1, , 3], '$[1]', /undefined/);
    assert.equal(canonicalJson({ b: 1, a: undefined }), '{"b":1}');
    assertRejected(undefined, '$', /undefined is not a JSON value/);
  });

  it('rejects non-JSON types with the path to them', () => {
    assertRejected({ n: 1n }, '$.n', /bigint/);
    assertRejected({ f: () => 1 }, '$.f', /function/);
    assertRejected([Symbol('s')], '$[0]', /symbol/);
    assertRejected({ when: new Date(0) }, '$.when', /a Date is not a plain JSON object/);
    assertRejected({ 'odd key': new Map() }, '$["odd key"]', /a Map/);
    assertRejected({ nested: [{ x: new (class Point {})() }] }, '$.nested[0].x', /a Point/);
    assertRejected(Buffer.from('x'), '$', /a Buffer/);
  });

  it('accepts null-prototype objects', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, a: 2 });
    assert.equal(canonicalJson(bare), '{"a":2,"z":1}');
  });

  it('rejects lone surrogates in strings and in member names (I-JSON)', () => {
    assertRejected('a\ud800b', '$', /lone UTF-16 surrogate/);
    assertRejected({ list: ['ok', '\udc00'] }, '$.list[1]', /lone/);
    assertRejected({ ['\ud800']: 1 }, '$["\\ud800"]', /lone/);
    assert.equal(canonicalJson('\ud83d\ude00'), '"😀"');
  });

  it('rejects cycles but accepts shared (acyclic) references', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assertRejected(cyclic, '$.self', /cycle/);
    const shared = { x: 1 };
    assert.equal(canonicalJson({ a: shared, b: [shared, shared] }), '{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  it('refuses nesting deeper than MAX_CANONICAL_DEPTH instead of overflowing the stack', () => {
    let deep: unknown = 0;
    for (let level = 0; level < MAX_CANONICAL_DEPTH; level++) deep = [deep];
    assert.equal(canonicalJson(deep).length, 2 * MAX_CANONICAL_DEPTH + 1);
    assert.throws(() => canonicalJson([deep]), /nesting is deeper than/);
  });

  it('writes -0 as 0 and integers without exponent below 1e21', () => {
    assert.equal(canonicalJson({ a: -0, b: 1e20, c: 1e21, d: 0.1 + 0.2 }), '{"a":0,"b":100000000000000000000,"c":1e+21,"d":0.30000000000000004}');
  });

  it('sorts integer-like member names as strings, unlike JavaScript property order', () => {
    const expected = '{"":"empty","10":"ten","9":"nine","a":"a"}';
    assert.equal(canonicalJson({ 9: 'nine', 10: 'ten', a: 'a', '': 'empty' }), expected);
  });
});

// --- properties ----------------------------------------------------------------------------------

const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }) as fc.Arbitrary<JsonValue>;

function reverseKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reverseKeysDeep);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, JsonValue>).reverse();
    return Object.fromEntries(entries.map(([key, member]) => [key, reverseKeysDeep(member)]));
  }
  return value;
}

// Independent transcription of RFC 8785 §3.2.2.2 for the string check below.
function escapeLikeRfc8785(text: string): string {
  const named: Record<string, string> = {
    '\b': '\\b',
    '\t': '\\t',
    '\n': '\\n',
    '\f': '\\f',
    '\r': '\\r',
    '"': '\\"',
    '\\': '\\\\',
  };
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (named[char] !== undefined) out += named[char];
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

describe('canonicalJson: properties', () => {
  it('is idempotent: canonical(parse(canonical(x))) === canonical(x)', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const once = canonicalJson(value);
        assert.equal(canonicalJson(JSON.parse(once)), once);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on member order', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        assert.equal(canonicalJson(reverseKeysDeep(value)), canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips the value', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes strings as §3.2.2.2 specifies', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        assert.equal(canonicalJson(text), escapeLikeRfc8785(text));
      }),
      { numRuns: 500 },
    );
  });

  it('writes finite doubles so that they read back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (number) => {
        assert.equal(Number(canonicalJson(number)), number === 0 ? 0 : number);
      }),
      { numRuns: 1000 },
    );
  });
});

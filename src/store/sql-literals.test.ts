// Values written into SQL as literals for the embedded engine must mean exactly what server-side
// binding meant: any string reads back byte for byte, and nothing a value holds can end the
// literal (the SQL-safety property of src/query, one layer down). Checked against the real engine.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChdbEngine } from './chdb-engine.ts';
import { inlineParams, stringLiteral } from './sql-literals.ts';

test('placeholders become typed literals; quoted text and comments are left alone', () => {
  assert.equal(
    inlineParams("SELECT '{a:String}', `{a:String}` -- {a:String}\n, {a:String}, {n:UInt64} /* {n:UInt64} */", { a: "it's", n: 7 }),
    "SELECT '{a:String}', `{a:String}` -- {a:String}\n, CAST('it\\'s' AS String), CAST(7 AS UInt64) /* {n:UInt64} */",
  );
  assert.equal(inlineParams('SELECT {xs:Array(String)}', { xs: ['a', 'b\\'] }), "SELECT CAST(['a', 'b\\\\'] AS Array(String))");
  assert.equal(stringLiteral('a\0b'), "'a\\0b'");
});

test('a value of the wrong kind, a missing value or an unknown type is refused, never guessed', () => {
  assert.throws(() => inlineParams('SELECT {n:Int64}', { n: '1 OR 1' }), /must be an integer/);
  assert.throws(() => inlineParams('SELECT {n:Int64}', { n: 1.5 }), /must be an integer/);
  assert.throws(() => inlineParams('SELECT {s:String}', {}), /has no value/);
  assert.throws(() => inlineParams('SELECT {s:Float64}', { s: 1 }), /does not write/);
  assert.throws(() => inlineParams("SELECT 'open", {}), /unterminated/);
});

test('any string and any Int64 read back exactly through the embedded engine (R-STORE-1, property)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-literals-'));
  const engine = new ChdbEngine(dir);
  try {
    const hostile = fc.constantFrom("'", '\\', "\\'", "''", '\0', '\n', '}', '{s:String}', '--', '/*', '`', '"', "'); DROP TABLE x; --");
    const text = fc.array(fc.oneof(fc.string({ unit: 'binary' }), hostile), { maxLength: 6 }).map((parts) => parts.join(''));
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    await fc.assert(
      fc.asyncProperty(text, int64, async (s, n) => {
        const [row] = await engine.query<{ s: string; n: string }>('SELECT {s:String} AS s, toString({n:Int64}) AS n', { s, n: n.toString() });
        assert.equal(row?.s, s);
        assert.equal(row?.n, n.toString());
      }),
      { numRuns: 300 },
    );
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
});

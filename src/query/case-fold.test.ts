// The case-folding rule both backends share (case-fold.ts), checked letter by letter on the real
// engine: for every pair of code points that JavaScript's case mappings relate, a case-insensitive
// Sigma `equals` matches in the SQL backend (RE2 in chDB) exactly when it does in the matcher. The
// list of letters RE2 does not fold is held exact, so an engine or Node upgrade that changes the
// tables fails here rather than as a rare differential counterexample.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from 'chdb';
import type { QueryNode } from './ast.ts';
import { isRe2Unpaired } from './case-fold.ts';
import { compileAst } from './compile.ts';
import { compileMatcher } from './match.ts';

const OPTS = { now: 0 };

let dataDir: string;
let session: Session;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'logwarden-fold-'));
  session = new Session(dataDir);
});

after(() => {
  session.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every ordered pair of distinct code points joined by single-code-point toLowerCase/toUpperCase. */
function casePairs(): [string, string][] {
  const parent = new Map<number, number>();
  const root = (x: number): number => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const join2 = (a: number, b: number): void => {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    parent.set(root(a), root(b));
  };
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCodePoint(code);
    for (const mapped of [ch.toLowerCase(), ch.toUpperCase()]) {
      const points = [...mapped];
      if (points.length === 1 && points[0] !== ch) join2(code, points[0]!.codePointAt(0)!);
    }
  }
  const groups = new Map<number, number[]>();
  for (const code of parent.keys()) groups.set(root(code), [...(groups.get(root(code)) ?? []), code]);
  const pairs: [string, string][] = [];
  for (const group of groups.values()) for (const a of group) for (const b of group) if (a !== b) pairs.push([String.fromCodePoint(a), String.fromCodePoint(b)]);
  return pairs;
}

/** For each pair [value, pattern], whether the engine's match(value, pattern) is true. */
async function engineMatches(pairs: readonly (readonly [string, string])[]): Promise<boolean[]> {
  const result = await session.queryBindAsync('SELECT arrayMap(p -> match(p[1], p[2]), {pairs:Array(Array(String))}) AS m', { pairs } as never, { format: 'JSONEachRow' });
  return (JSON.parse(result.text()) as { m: number[] }).m.map((m) => m === 1);
}

const equalsNode = (value: string): QueryNode => ({ type: 'strings', field: { name: 'user.name', position: 0 }, at: 'equals', values: [value], all: false, cased: false });

describe('one case-folding rule for both backends (Unicode simple case folding)', () => {
  const pairs = casePairs();

  it('folds ſ with s and S, the Kelvin sign with k, and İ and ı with nothing, in both backends', async () => {
    const cases: [string, string, boolean][] = [
      ['staging', 'ſ', true],
      ['STAGING', 'ſ', true],
      ['ſtaging', 's', true],
      ['\u212Aelvin', 'k', true],
      ['ß', 'ẞ', true],
      ['ss', 'ß', false],
      ['i', 'İ', false],
      ['I', 'ı', false],
      ['σ', 'ς', true],
    ];
    for (const [value, needle, expected] of cases) {
      const ast: QueryNode = { ...equalsNode(needle), at: 'contains' } as QueryNode;
      const sql = compileAst(ast, '', OPTS);
      assert.deepEqual(await engineMatches([[value, sql.params.p0 as string]]), [expected], `SQL: ${value} contains ${needle}`);
      assert.equal(compileMatcher(ast, OPTS)({ 'user.name': value }), expected, `matcher: ${value} contains ${needle}`);
    }
  });

  it('agrees letter by letter between the engine and the matcher on every case pair', async () => {
    const patterns = pairs.map(([, b]) => {
      const sql = compileAst(equalsNode(b), '', OPTS);
      assert.equal(sql.sql, 'match(`user_name`, {p0:String})');
      return sql.params.p0 as string;
    });
    const viaSql = await engineMatches(pairs.map(([a], i) => [a, patterns[i]!]));
    const differ = pairs.filter(([a, b], i) => compileMatcher(equalsNode(b), OPTS)({ 'user.name': a }) !== viaSql[i]);
    assert.deepEqual(differ, []);
    assert.ok(pairs.length > 2500 && viaSql.filter(Boolean).length > 2500, 'the pairs are mostly folded');
  });

  it('lists exactly the letters RE2 does not fold that JavaScript would', async () => {
    const viaRe2 = await engineMatches(pairs.map(([a, b]) => [a, `(?i)^${b}$`]));
    const unpaired = pairs.filter(([a, b], i) => new RegExp(`^${b}$`, 'iu').test(a) !== viaRe2[i]).flat();
    const listed = pairs.flat().filter((ch) => isRe2Unpaired(ch.codePointAt(0)!));
    assert.deepEqual([...new Set(unpaired)].sort(), [...new Set(listed)].sort());
  });
});

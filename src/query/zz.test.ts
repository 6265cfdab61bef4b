import { test } from 'node:test';
import { compileMatcher } from './match.ts';
import { compileAst } from './compile.ts';
import { ARRAY_FIELDS } from './match.fixtures.ts';
test('x', () => {
  const ast = { type: 'strings', field: { name: 'user.name', position: 0 }, at: 'equals', values: ['alice'], all: false, cased: false } as const;
  const m = compileMatcher(ast, { now: 0, fields: ARRAY_FIELDS });
  console.log(m({ 'user.name': 'Alice' }), m({ 'user.name': 'alice' }), JSON.stringify(compileAst(ast, '', { now: 0 })));
});

// Shared by the compiler and engine tests: the complete vocabulary the compiler may emit. Anything
// else in the SQL text (a quote, a semicolon, a word the user typed) means user input leaked into
// SQL instead of into a parameter.

import assert from 'node:assert/strict';
import { FIELDS } from '../schema/fields.ts';
import type { CompiledQuery } from './compile.ts';

const FUNCTIONS = ['hasAllTokens', 'match', 'notEmpty', 'isIPv4String', 'isIPv6String', 'isIPAddressInRange', 'if', 'fromUnixTimestamp64Milli', 'arrayExists', 'concat', 'regexpQuoteMeta'];
const KEYWORDS = ['AND', 'OR', 'NOT', 'IS', 'NULL', 'LIKE', 'ILIKE', 'true', 'false'];

const SQL_TOKEN = new RegExp(
  [
    String.raw`\s+`,
    String.raw`[(),\[\]]`,
    '->|!=|<=|>=|=|<|>',
    String.raw`lw_x\b`,
    String.raw`lw_elem\b`, // the element of a list field (compile.ts)
    `(?:${KEYWORDS.join('|')})\\b`,
    `(?:${FUNCTIONS.join('|')})(?=\\()`,
    `\`(?:${FIELDS.map((f) => f.column).join('|')})\``,
    String.raw`\{p\d+:(?:String|Int64)\}`,
    String.raw`[01]\b`,
    `'::'`,
  ].join('|'),
  'y',
);

/** Fails unless the SQL is made only of whitelisted tokens. */
export function assertWhitelistedSql(sql: string): void {
  SQL_TOKEN.lastIndex = 0;
  while (SQL_TOKEN.lastIndex < sql.length) {
    const at = SQL_TOKEN.lastIndex;
    if (!SQL_TOKEN.test(sql)) assert.fail(`SQL has a non-whitelisted token at ${at}: ${JSON.stringify(sql.slice(at, at + 30))} in ${sql}`);
  }
}

/** Fails unless every placeholder has a parameter and every parameter is used exactly once. */
export function assertParamsMatchPlaceholders(compiled: CompiledQuery): void {
  const used = [...compiled.sql.matchAll(/\{(p\d+):(String|Int64)\}/g)].map((m) => m[1]!);
  assert.deepEqual([...used].sort(), Object.keys(compiled.params).sort(), compiled.sql);
  for (const [name, value] of Object.entries(compiled.params)) {
    const type = compiled.sql.match(new RegExp(`\\{${name}:(\\w+)\\}`))![1];
    if (type === 'Int64') assert.ok(typeof value === 'number' || /^-?\d+$/.test(value), `${name}=${value}`);
    else assert.equal(typeof value, 'string', `${name}=${value}`);
  }
}

export function assertSafeCompiledQuery(compiled: CompiledQuery): void {
  assertWhitelistedSql(compiled.sql);
  assertParamsMatchPlaceholders(compiled);
}

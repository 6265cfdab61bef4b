// Query parameters written into the SQL as typed literals, for the embedded engine. chdb-node runs
// every parameterised query of the process one after another (its bundled libchdb cannot keep the
// parameters of concurrent queries apart, see `globalParamChain` in chdb's index.js), so with
// server-side binding a long search would hold up every other search and the ledger's rounds,
// whatever session each runs on. Statements without parameters run side by side. Here the
// engine adapter is the transport that escapes values (as @clickhouse/client is for a server):
// the compiler still never writes a user's text into SQL. Pure.
import type { SqlParams } from './engine.ts';

type Value = SqlParams[string];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_()]+)\}/y;
const INTEGER_TYPES = new Set(['UInt8', 'UInt16', 'UInt32', 'UInt64', 'Int8', 'Int16', 'Int32', 'Int64']);

/** `sql` with each `{name:Type}` outside quotes replaced by `CAST(literal AS Type)`. */
export function inlineParams(sql: string, params: SqlParams): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    if (char === "'" || char === '`' || char === '"') {
      const end = quotedEnd(sql, i);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    const comment = commentEnd(sql, i);
    if (comment !== undefined) {
      out += sql.slice(i, comment);
      i = comment;
      continue;
    }
    PLACEHOLDER.lastIndex = i;
    const match = char === '{' ? PLACEHOLDER.exec(sql) : null;
    if (!match) {
      out += char;
      i++;
      continue;
    }
    const [text, name, type] = match as unknown as [string, string, string];
    if (!Object.hasOwn(params, name)) throw new Error(`SQL parameter "${name}" has no value`);
    out += `CAST(${literal(params[name] as Value, type, name)} AS ${type})`;
    i += text.length;
  }
  return out;
}

/** One past the closing quote of the quoted token starting at `start` (backslash and doubling escapes). */
function quotedEnd(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  throw new Error(`unterminated ${quote} in SQL`);
}

/** One past the end of a line (--) or block comment starting at `start`, if one does. */
function commentEnd(sql: string, start: number): number | undefined {
  if (sql.startsWith('--', start)) {
    const newline = sql.indexOf('\n', start);
    return newline === -1 ? sql.length : newline;
  }
  if (sql.startsWith('/*', start)) {
    const close = sql.indexOf('*/', start + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return undefined;
}

function literal(value: Value, type: string, name: string): string {
  if (type === 'String') return stringLiteral(value, name);
  if (type === 'Array(String)') {
    if (!Array.isArray(value)) throw new TypeError(`SQL parameter "${name}" of type ${type} must be an array`);
    return `[${value.map((item) => stringLiteral(item, name)).join(', ')}]`;
  }
  if (type === 'Bool') {
    if (typeof value !== 'boolean') throw new TypeError(`SQL parameter "${name}" of type Bool must be a boolean`);
    return value ? 'true' : 'false';
  }
  if (INTEGER_TYPES.has(type)) return integerLiteral(value, name);
  throw new TypeError(`SQL parameter "${name}" has type ${type}, which the embedded engine adapter does not write`);
}

function integerLiteral(value: Value, name: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d{1,20}$/.test(text)) throw new TypeError(`SQL parameter "${name}" must be an integer, got ${JSON.stringify(value)}`);
  return text;
}

/**
 * A ClickHouse string literal holding exactly `value`: inside quotes only a backslash and the
 * quote itself are special, and NUL is written as an escape so that no C API cuts the text short.
 */
export function stringLiteral(value: Value | string, name = 'value'): string {
  if (typeof value !== 'string') throw new TypeError(`SQL parameter "${name}" must be a string, got ${typeof value}`);
  return `'${value.replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`))}'`;
}

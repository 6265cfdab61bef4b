// The query compiler: syntax tree → a parameterised ClickHouse WHERE fragment (without `WHERE`).
//
// The safety rule: the SQL text is assembled only from fixed strings in this file and column names
// from the field registry; everything the user typed, including label keys, reaches the engine
// only as a server-side parameter ({p0:String}, {p1:Int64}). Parameter values are raw (unescaped):
// escaping them for a transport is the client library's job.
//
// Matching on `message` is built around its text index
//   INDEX idx_message message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message))
// hasAllTokens() lets the index skip granules; where a term has punctuation or non-ASCII letters
// the index alone cannot decide, so an RE2 match() pins the exact text on token boundaries.

import type { FieldDef } from '../schema/fields.ts';
import { FIELDS, resolveField } from '../schema/fields.ts';
import type { Bound, CompareOp, FieldRef, MatchValue, QueryNode, RangeValue, TermPart } from './ast.ts';
import { isMatchAnything, literalText } from './ast.ts';
import { fieldError } from './errors.ts';
import { parseQuery } from './parse.ts';
import { indexableTokens, likePattern, textTokens, tokenBoundedRegex } from './patterns.ts';
import { closestFieldName } from './suggest.ts';
import type { TimeInterval } from './time.ts';
import { parseTime } from './time.ts';
import { parseBool, parseInt64, parseIpRange } from './values.ts';

export interface CompiledQuery {
  /** A boolean SQL expression for a WHERE clause; `1` matches everything. */
  readonly sql: string;
  /** Values for the {name:Type} placeholders in sql. */
  readonly params: Record<string, string | number>;
}

export interface CompileOptions {
  /** Epoch milliseconds that `now` in the query means; passed in so compilation is deterministic. */
  readonly now: number;
}

/** Parse and compile a query. Throws LogwardenError (LW_QUERY_SYNTAX / _FIELD / _LIMIT). */
export function compileQuery(text: string, opts: CompileOptions): CompiledQuery {
  return compileAst(parseQuery(text), text, opts);
}

/** Compile an already parsed query; `query` is its text, for error details. */
export function compileAst(ast: QueryNode, query: string, opts: CompileOptions): CompiledQuery {
  if (!Number.isFinite(opts.now)) throw new TypeError(`compile option "now" must be epoch milliseconds, got ${opts.now}`);
  const compiler = new Compiler(query, opts.now);
  const sql = compiler.node(ast);
  return { sql, params: compiler.params };
}

type ParamType = 'String' | 'Int64';

class Compiler {
  readonly params: Record<string, string | number> = {};
  private paramCount = 0;
  private readonly query: string;
  private readonly now: number;

  constructor(query: string, now: number) {
    this.query = query;
    this.now = now;
  }

  /** Registers a value and returns its placeholder. */
  bind(type: ParamType, value: string | number): string {
    const name = `p${this.paramCount++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }

  node(node: QueryNode): string {
    switch (node.type) {
      case 'all':
        return '1';
      case 'and':
        return `(${node.children.map((child) => this.node(child)).join(' AND ')})`;
      case 'or':
        return `(${node.children.map((child) => this.node(child)).join(' OR ')})`;
      case 'not':
        return `NOT (${this.node(node.child)})`;
      case 'match':
        return this.match(node.field, node.value);
    }
  }

  private match(ref: FieldRef | null, value: MatchValue): string {
    const target = this.target(ref);
    // A list field (FieldDef.array) matches when any of its values does: the condition is the
    // field kind's, on one element (lw_elem is no column name, so it cannot shadow one).
    if (target.def.array) return `arrayExists(lw_elem -> ${this.condition({ ...target, column: 'lw_elem' }, value)}, ${target.column})`;
    return this.condition(target, value);
  }

  private condition(target: Target, value: MatchValue): string {
    const field: TypedField = { ...target, compiler: this, query: this.query, now: this.now };
    switch (target.def.kind) {
      case 'text':
        return textCondition(field, value);
      case 'keyword':
      case 'map':
        return keywordCondition(field, value);
      case 'int':
        return intCondition(field, value);
      case 'time':
        return timeCondition(field, value);
      case 'ip':
        return ipCondition(field, value);
      case 'bool':
        return boolCondition(field, value);
    }
  }

  /** The registry entry and SQL column expression a field reference stands for. */
  private target(ref: FieldRef | null): Target {
    if (ref === null) return columnTarget(MESSAGE, 'message');
    const def = resolveField(ref.name);
    if (def && def.kind !== 'map') return columnTarget(def, ref.name);
    const map = FIELDS.find((f) => f.kind === 'map' && ref.name.startsWith(`${f.name}.`));
    const key = map ? ref.name.slice(map.name.length + 1) : '';
    if (map && key !== '') {
      return { def: map, column: `${quoteColumn(map)}[${this.bind('String', key)}]`, name: ref.name };
    }
    if (def) {
      throw fieldError(this.query, ref.position, `"${ref.name}" needs a key: write ${ref.name}.KEY:value (at ${ref.position})`, {
        field: ref.name,
      });
    }
    const suggestion = closestFieldName(ref.name);
    throw fieldError(
      this.query,
      ref.position,
      `unknown field "${ref.name}" at ${ref.position}; did you mean "${suggestion}"? ` +
        '(to search for text containing ":", put it in quotes)',
      { field: ref.name, suggestion },
    );
  }
}

interface Target {
  readonly def: FieldDef;
  /** SQL expression: a backquoted registry column, or a map lookup with a bound key. */
  readonly column: string;
  /** The name as the user wrote it, for messages. */
  readonly name: string;
}

interface TypedField extends Target {
  readonly compiler: Compiler;
  readonly query: string;
  readonly now: number;
}

const MESSAGE = registryField('message');

function registryField(name: string): FieldDef {
  const def = FIELDS.find((f) => f.name === name);
  if (!def) throw new Error(`field registry has no "${name}"`);
  return def;
}

function columnTarget(def: FieldDef, name: string): Target {
  return { def, column: quoteColumn(def), name };
}

/** Registry columns are trusted, but a name that needs escaping would be a registry bug: fail loudly. */
function quoteColumn(def: FieldDef): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(def.column)) throw new Error(`unsafe column name in registry: ${def.column}`);
  return `\`${def.column}\``;
}

/** The conjunction of the conditions; no conditions is match-all. */
function all(conditions: readonly string[]): string {
  if (conditions.length === 0) return '1';
  return conditions.length === 1 ? conditions[0]! : `(${conditions.join(' AND ')})`;
}

// ---------------------------------------------------------------------------------------------
// Type errors
// ---------------------------------------------------------------------------------------------

function valueError(field: TypedField, position: number, expected: string, found: string): never {
  throw fieldError(
    field.query,
    position,
    `"${field.name}" expects ${expected}, found ${JSON.stringify(found)} at ${position}`,
    { field: field.name },
  );
}

function notOrderable(field: TypedField, value: MatchValue): never {
  throw fieldError(
    field.query,
    value.position,
    `ranges and comparisons apply only to number and time fields; "${field.name}" is ${kindName(field)} (at ${value.position})`,
    { field: field.name },
  );
}

function kindName(field: TypedField): string {
  const kind = field.def.kind;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} field`;
}

/** The literal text of a term or phrase for typed fields, where wildcards make no sense. */
function exactText(field: TypedField, value: MatchValue & { kind: 'term' | 'phrase' }): string {
  if (value.kind === 'phrase') return value.text;
  const text = literalText(value.parts);
  if (text !== undefined) return text;
  throw fieldError(
    field.query,
    value.position,
    `wildcards apply only to text, keyword and ip fields; "${field.name}" is ${kindName(field)} (at ${value.position})`,
    { field: field.name },
  );
}

/** For Nullable columns, makes a missing value a plain false so that NOT includes those rows. */
function nonNull(field: TypedField, conditions: readonly string[]): string {
  return all(field.def.type.startsWith('Nullable(') ? [`${field.column} IS NOT NULL`, ...conditions] : conditions);
}

// ---------------------------------------------------------------------------------------------
// Per field kind
// ---------------------------------------------------------------------------------------------

function textCondition(field: TypedField, value: MatchValue): string {
  switch (value.kind) {
    case 'exists':
      return `notEmpty(${field.column})`;
    case 'phrase':
      // Every message contains the empty string.
      return value.text === '' ? '1' : textContains(field, value.text);
    case 'term': {
      const text = literalText(value.parts);
      if (text !== undefined) return textContains(field, text);
      if (isMatchAnything(value.parts)) return `notEmpty(${field.column})`;
      return `${field.column} ILIKE ${field.compiler.bind('String', likePattern(value.parts, false))}`;
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

/** Case-insensitive match of the text on token boundaries, using the text index where it can. */
function textContains(field: TypedField, text: string): string {
  const bind = (v: string): string => field.compiler.bind('String', v);
  const tokens = textTokens(text);
  const indexable = indexableTokens(text);
  // A plain ASCII word is exactly what the index answers on its own.
  if (tokens.length === 1 && indexable.length === 1 && tokens[0] === text) {
    return `hasAllTokens(${field.column}, ${bind(text)})`;
  }
  const conditions: string[] = [];
  if (indexable.length > 0) conditions.push(`hasAllTokens(${field.column}, ${bind(indexable.join(' '))})`);
  conditions.push(`match(${field.column}, ${bind(tokenBoundedRegex(text))})`);
  return all(conditions);
}

function keywordCondition(field: TypedField, value: MatchValue): string {
  const bind = (v: string): string => field.compiler.bind('String', v);
  switch (value.kind) {
    case 'exists':
      return `notEmpty(${field.column})`;
    case 'phrase':
      return `${field.column} = ${bind(value.text)}`;
    case 'term': {
      const text = literalText(value.parts);
      if (text !== undefined) return `${field.column} = ${bind(text)}`;
      if (isMatchAnything(value.parts)) return `notEmpty(${field.column})`;
      return `${field.column} LIKE ${bind(likePattern(value.parts, true))}`;
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

function intCondition(field: TypedField, value: MatchValue): string {
  const int = (text: string, position: number): string => {
    const parsed = parseInt64(text);
    if (parsed === undefined) return valueError(field, position, 'an integer', text);
    return field.compiler.bind('Int64', parsed);
  };
  switch (value.kind) {
    case 'exists':
      return nonNull(field, []);
    case 'term':
    case 'phrase':
      return nonNull(field, [`${field.column} = ${int(exactText(field, value), value.position)}`]);
    case 'compare':
      return nonNull(field, [`${field.column} ${value.op} ${int(value.bound.text, value.bound.position)}`]);
    case 'range':
      return nonNull(field, rangeConditions(field.column, value, (b) => int(b.text, b.position)));
  }
}

/** Integer ranges: each present end becomes one comparison. */
function rangeConditions(column: string, range: RangeValue, bound: (b: Bound) => string): string[] {
  const conditions: string[] = [];
  if (range.lower) conditions.push(`${column} ${range.includeLower ? '>=' : '>'} ${bound(range.lower)}`);
  if (range.upper) conditions.push(`${column} ${range.includeUpper ? '<=' : '<'} ${bound(range.upper)}`);
  return conditions;
}

function timeCondition(field: TypedField, value: MatchValue): string {
  const interval = (text: string, position: number): TimeInterval => parseTimeOrFail(field, text, position);
  const at = (ms: number): string => `fromUnixTimestamp64Milli(${field.compiler.bind('Int64', ms)})`;
  const c = field.column;
  switch (value.kind) {
    case 'exists':
      return nonNull(field, []);
    case 'term':
    case 'phrase': {
      const { start, end } = interval(exactText(field, value), value.position);
      return end - start === 1 ? `${c} = ${at(start)}` : `(${c} >= ${at(start)} AND ${c} < ${at(end)})`;
    }
    case 'compare': {
      const { start, end } = interval(value.bound.text, value.bound.position);
      return `${c} ${TIME_COMPARE[value.op].op} ${at(TIME_COMPARE[value.op].edge === 'start' ? start : end)}`;
    }
    case 'range': {
      const conditions: string[] = [];
      if (value.lower) {
        const { start, end } = interval(value.lower.text, value.lower.position);
        conditions.push(`${c} >= ${at(value.includeLower ? start : end)}`);
      }
      if (value.upper) {
        const { start, end } = interval(value.upper.text, value.upper.position);
        conditions.push(`${c} < ${at(value.includeUpper ? end : start)}`);
      }
      return nonNull(field, conditions);
    }
  }
}

// A time literal is an interval (a whole day for `2026-11-24`); compare against the edge that makes
// `>` mean "after that interval" and `<=` "up to its end", as Elasticsearch's date rounding does.
const TIME_COMPARE: Readonly<Record<CompareOp, { op: string; edge: 'start' | 'end' }>> = {
  '>': { op: '>=', edge: 'end' },
  '>=': { op: '>=', edge: 'start' },
  '<': { op: '<', edge: 'start' },
  '<=': { op: '<', edge: 'end' },
};

function parseTimeOrFail(field: TypedField, text: string, position: number): TimeInterval {
  const parsed = parseTime(text, field.now);
  if ('interval' in parsed) return parsed.interval;
  if (parsed.problem === 'range') return valueError(field, position, 'a time between 1900-01-01 and 2299-12-31', text);
  return valueError(field, position, 'a time such as 2026-11-24, 2026-11-24T12:00:00Z or now-15m', text);
}

function ipCondition(field: TypedField, value: MatchValue): string {
  switch (value.kind) {
    case 'exists':
      return `notEmpty(${field.column})`;
    case 'term':
    case 'phrase': {
      const text = value.kind === 'phrase' ? value.text : literalText(value.parts);
      if (text === undefined && value.kind === 'term') return ipPattern(field, value.parts);
      const range = text === undefined ? undefined : parseIpRange(text);
      if (range === undefined) {
        return valueError(field, value.position, 'an IP address or a CIDR range such as 10.0.0.0/8', text ?? '');
      }
      return ipInRange(field, range);
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

function ipPattern(field: TypedField, parts: readonly TermPart[]): string {
  if (isMatchAnything(parts)) return `notEmpty(${field.column})`;
  return `${field.column} LIKE ${field.compiler.bind('String', likePattern(parts, true))}`;
}

/**
 * isIPAddressInRange throws on a stored string that is not an address, and ClickHouse does not
 * promise to evaluate AND's operands in order; so the address is swapped for a harmless '::'
 * before the call, and the same check ANDed outside makes such rows not match.
 */
function ipInRange(field: TypedField, range: string): string {
  const c = field.column;
  const isAddress = `(isIPv4String(${c}) OR isIPv6String(${c}))`;
  return `(${isAddress} AND isIPAddressInRange(if(${isAddress}, ${c}, '::'), ${field.compiler.bind('String', range)}))`;
}

function boolCondition(field: TypedField, value: MatchValue): string {
  switch (value.kind) {
    case 'exists':
      return nonNull(field, []);
    case 'term':
    case 'phrase': {
      const text = exactText(field, value);
      const parsed = parseBool(text);
      if (parsed === undefined) return valueError(field, value.position, 'true or false', text);
      return `${field.column} = ${parsed ? 'true' : 'false'}`;
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

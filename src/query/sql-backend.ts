// The SQL backend: typed predicate → a parameterised ClickHouse WHERE fragment (without `WHERE`).
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
import type { TermPart } from './ast.ts';
import { foldedRegex, indexableTokens, likePattern, textTokens, tokenBoundedRegex } from './patterns.ts';
import type { FieldSel, Predicate, SubstringAt } from './predicate.ts';
import { isArrayField } from './predicate.ts';

export interface CompiledQuery {
  /** A boolean SQL expression for a WHERE clause; `1` matches everything. */
  readonly sql: string;
  /** Values for the {name:Type} placeholders in sql. */
  readonly params: Record<string, string | number>;
}

/** Render a typed predicate; placeholders are named `p0`, `p1`, … in order of appearance. */
export function toSql(predicate: Predicate): CompiledQuery {
  const writer = new SqlWriter();
  return { sql: writer.node(foldConstants(predicate)), params: writer.params };
}

/**
 * The predicate with constant operands of AND, OR and NOT folded away. Not only tidier: with a
 * constant beside it (`NOT (1 AND hasAllTokens(…))`, from an empty phrase) the engine evaluates
 * hasAllTokens row by row instead of through the text index, and row by row it ignores the index's
 * lower() preprocessor, so a case-insensitive word turned case-sensitive there.
 */
export function foldConstants(p: Predicate): Predicate {
  if (p.op === 'not') {
    const child = foldConstants(p.child);
    return child.op === 'const' ? { op: 'const', value: !child.value } : { op: 'not', child };
  }
  if (p.op !== 'and' && p.op !== 'or') return p;
  const neutral = p.op === 'and';
  const children = p.children.map(foldConstants).filter((child) => !(child.op === 'const' && child.value === neutral));
  if (children.some((child) => child.op === 'const')) return { op: 'const', value: !neutral };
  if (children.length === 0) return { op: 'const', value: neutral };
  return children.length === 1 ? children[0]! : { op: p.op, children };
}

/** The predicates that test one field's value (element-wise on arrays). */
type LeafPredicate = Exclude<Predicate, { op: 'const' | 'and' | 'or' | 'not' | 'nonEmpty' | 'notNull' | 'fieldEquals' }>;

/** The lambda variable of element-wise matches on array columns; no registry column is named so. */
const ELEMENT = 'lw_x';

class SqlWriter {
  readonly params: Record<string, string | number> = {};
  #count = 0;

  bind(type: 'String' | 'Int64', value: string | number): string {
    const name = `p${this.#count++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }

  node(p: Predicate): string {
    switch (p.op) {
      case 'const':
        return p.value ? '1' : '0';
      case 'and':
        return `(${p.children.map((child) => this.node(child)).join(' AND ')})`;
      case 'or':
        return `(${p.children.map((child) => this.node(child)).join(' OR ')})`;
      case 'not':
        return `NOT (${this.node(p.child)})`;
      case 'nonEmpty':
      case 'notNull':
        return p.op === 'nonEmpty' ? `notEmpty(${this.#column(p.field)})` : `${this.#column(p.field)} IS NOT NULL`;
      case 'fieldEquals':
        return this.#fieldEquals(p.field, p.other, p.cased);
      default:
        return this.#leaf(p);
    }
  }

  /**
   * Two columns equal. Integers: both non-NULL, so that NOT keeps a NULL row as the matcher does.
   * Strings, case-insensitively: the other value quoted into the same `(?is)^…$` RE2 pattern a
   * constant gets (patterns.ts foldedRegex), so the case folding is RE2's in both directions.
   */
  #fieldEquals(field: FieldSel, other: FieldSel, cased: boolean): string {
    const a = this.#column(field);
    const b = this.#column(other);
    if (field.def.kind === 'int') return `(${a} IS NOT NULL AND ${b} IS NOT NULL AND ${a} = ${b})`;
    if (cased) return `${a} = ${b}`;
    return `match(${a}, concat(${this.bind('String', '(?is)^')}, regexpQuoteMeta(${b}), ${this.bind('String', '$')}))`;
  }

  /** A value test: on an array column, true when any element passes it. */
  #leaf(p: LeafPredicate): string {
    const column = this.#column(p.field);
    if (!isArrayField(p.field.def)) return this.#value(p, column);
    return `arrayExists(${ELEMENT} -> ${this.#value(p, ELEMENT)}, ${column})`;
  }

  #value(p: LeafPredicate, c: string): string {
    switch (p.op) {
      case 'tokens':
        return this.#tokens(c, p.text);
      case 'like':
        return this.#like(c, p.parts, p.anchored, p.cased);
      case 'substring':
        if (p.at === 'equals' && p.cased) return `${c} = ${this.bind('String', p.value)}`;
        return this.#like(c, substringParts(p.at, p.value), true, p.cased);
      case 'compare': {
        const bound = this.bind('Int64', p.value);
        return `${c} ${p.cmp} ${p.time ? `fromUnixTimestamp64Milli(${bound})` : bound}`;
      }
      case 'bool':
        return `${c} = ${p.value ? 'true' : 'false'}`;
      case 'ipRange':
        return this.#ipInRange(c, p.range);
      case 'regex':
        return `match(${c}, ${this.bind('String', p.cased ? p.pattern : `(?i)${p.pattern}`)})`;
    }
  }

  /** A wildcard pattern: LIKE when cased, else RE2 (?i), whose case folding the matcher shares (not ILIKE's). */
  #like(c: string, parts: readonly TermPart[], anchored: boolean, cased: boolean): string {
    if (cased) return `${c} LIKE ${this.bind('String', likePattern(parts, anchored))}`;
    return `match(${c}, ${this.bind('String', foldedRegex(parts, anchored))})`;
  }

  /** Case-insensitive match of the text on token boundaries, using the text index where it can. */
  #tokens(c: string, text: string): string {
    const tokens = textTokens(text);
    const indexable = indexableTokens(text);
    // A plain ASCII word is exactly what the index answers on its own.
    if (tokens.length === 1 && indexable.length === 1 && tokens[0] === text) return `hasAllTokens(${c}, ${this.bind('String', text)})`;
    const conditions: string[] = [];
    if (indexable.length > 0) conditions.push(`hasAllTokens(${c}, ${this.bind('String', indexable.join(' '))})`);
    conditions.push(`match(${c}, ${this.bind('String', tokenBoundedRegex(text))})`);
    return conditions.length === 1 ? conditions[0]! : `(${conditions.join(' AND ')})`;
  }

  /**
   * isIPAddressInRange throws on a stored string that is not an address, and ClickHouse does not
   * promise to evaluate AND's operands in order; so the address is swapped for a harmless '::'
   * before the call, and the same check ANDed outside makes such rows not match.
   */
  #ipInRange(c: string, range: string): string {
    const isAddress = `(isIPv4String(${c}) OR isIPv6String(${c}))`;
    return `(${isAddress} AND isIPAddressInRange(if(${isAddress}, ${c}, '::'), ${this.bind('String', range)}))`;
  }

  /** A backquoted registry column, or a map lookup with a bound key. */
  #column(field: FieldSel): string {
    const column = quoteColumn(field.def);
    return field.key === undefined ? column : `${column}[${this.bind('String', field.key)}]`;
  }
}

/** The wildcard parts that put a literal value at a place: `v`, `*v*`, `v*`, `*v`. */
export function substringParts(at: SubstringAt, value: string): TermPart[] {
  const text: TermPart = { kind: 'text', text: value };
  const any: TermPart = { kind: 'anyRun' };
  return at === 'equals' ? [text] : at === 'contains' ? [any, text, any] : at === 'startswith' ? [text, any] : [any, text];
}

/** Registry columns are trusted, but a name that needs escaping would be a registry bug: fail loudly. */
function quoteColumn(def: FieldDef): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(def.column)) throw new Error(`unsafe column name in registry: ${def.column}`);
  return `\`${def.column}\``;
}

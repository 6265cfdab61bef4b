// The query language's syntax tree. The parser produces it without knowing the field registry; the
// compiler checks field names and value types against the registry. Every leaf keeps the character
// offset it came from so that type errors found during compilation can point at the offending text.

/** One piece of an unquoted term: literal text, or a wildcard that was typed unescaped. */
export type TermPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'anyRun' } // `*`
  | { readonly kind: 'anyChar' }; // `?`

/** An unquoted word, e.g. `failed`, `fail*`, `10.0.0.0/8`. Escapes are already resolved. */
export interface TermValue {
  readonly kind: 'term';
  readonly parts: readonly TermPart[];
  readonly position: number;
}

/** A quoted phrase: literal text, no wildcards. */
export interface PhraseValue {
  readonly kind: 'phrase';
  readonly text: string;
  readonly position: number;
}

/** `field:*`: the field has a (non-empty) value. */
export interface ExistsValue {
  readonly kind: 'exists';
  readonly position: number;
}

/** A literal used as a comparison or range end, quoted or not. */
export interface Bound {
  readonly text: string;
  readonly position: number;
}

export type CompareOp = '>' | '>=' | '<' | '<=';

/** `field:>5`, `field:<=now-1h`. */
export interface CompareValue {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly bound: Bound;
  readonly position: number;
}

/** `field:[a TO b]`, `{a TO b}`, mixed; a null end is open (`*`). */
export interface RangeValue {
  readonly kind: 'range';
  readonly lower: Bound | null;
  readonly upper: Bound | null;
  readonly includeLower: boolean;
  readonly includeUpper: boolean;
  readonly position: number;
}

export type MatchValue = TermValue | PhraseValue | ExistsValue | CompareValue | RangeValue;

/** A field name as the user typed it (escapes resolved), before registry lookup. */
export interface FieldRef {
  readonly name: string;
  readonly position: number;
}

export type QueryNode =
  | { readonly type: 'all' } // empty query or a bare `*`
  | { readonly type: 'and'; readonly children: readonly QueryNode[] }
  | { readonly type: 'or'; readonly children: readonly QueryNode[] }
  | { readonly type: 'not'; readonly child: QueryNode }
  // field null: free text, which searches `message`
  | { readonly type: 'match'; readonly field: FieldRef | null; readonly value: MatchValue }
  | StringsNode
  | RegexNode
  | PresenceNode;

// The nodes below are what Sigma rules need (issue 12 compiles Sigma to them); the query language
// has no syntax for them yet. See docs/query-language.md, "Nodes without syntax".

/**
 * String values at a place in the field: the whole value (`equals`), anywhere, at the start or end.
 * Sigma's default is case-insensitive (`cased: false`); `|cased` makes it case-sensitive. `all`:
 * every value must match (Sigma `|all`), else any one. Applies to text, keyword, ip and map fields,
 * on the raw value (no tokenising); on array fields each value may match any element.
 */
export interface StringsNode {
  readonly type: 'strings';
  readonly field: FieldRef;
  readonly at: 'equals' | 'contains' | 'startswith' | 'endswith';
  readonly values: readonly string[];
  readonly all: boolean;
  readonly cased: boolean;
}

/** An RE2 regular expression (ClickHouse `match()`), unanchored; the accepted subset is in regex-subset.ts. */
export interface RegexNode {
  readonly type: 'regex';
  readonly field: FieldRef;
  readonly pattern: string;
  readonly cased: boolean;
}

/**
 * `present: true`: the field holds a value (a non-empty string, map entry or array; a non-NULL
 * number). `present: false`: the opposite. The store keeps no difference between an absent string
 * and an empty one (both are ''), so "present but empty" and "absent" are one state here.
 */
export interface PresenceNode {
  readonly type: 'presence';
  readonly field: FieldRef;
  readonly present: boolean;
}

/** True when the term is made only of `*` wildcards and therefore matches anything. */
export function isMatchAnything(parts: readonly TermPart[]): boolean {
  return parts.length > 0 && parts.every((p) => p.kind === 'anyRun');
}

/** The literal text of a term, or undefined when it contains a wildcard. */
export function literalText(parts: readonly TermPart[]): string | undefined {
  let text = '';
  for (const part of parts) {
    if (part.kind !== 'text') return undefined;
    text += part.text;
  }
  return text;
}

// What a predicate requires of an event, found by looking at the tree alone: a conjunction of
// clauses, each a disjunction of atoms the prefilter can test cheaply — an exact value (a hash
// lookup, for strings or integers) or a literal in a field's folded text (the needle scan). The
// guard is implied by the predicate: whenever the predicate holds, every clause has an atom that
// holds. So an event that fails a clause can skip the rule, and nothing else is ever skipped. A
// node the analysis cannot read (not, regex, comparisons other than =, presence, ranges, fieldref,
// an op added later) requires nothing. Pure.
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import type { TermPart } from '../../query/ast.ts';
import { boundKey, fieldKey } from './field-values.ts';
import { foldKey, isAsciiLikeText, longestAsciiRun } from './fold.ts';

export type Atom =
  /** The field's value (one of its elements) has this foldKey. */
  | { readonly kind: 'eq'; readonly field: FieldSel; readonly key: string }
  /** The field's folded text (one of its elements) contains this folded ASCII literal. */
  | { readonly kind: 'needle'; readonly field: FieldSel; readonly needle: string }
  /** The field's integer value (one of its elements), truncated, written in decimal, is this key. */
  | { readonly kind: 'int'; readonly field: FieldSel; readonly key: string };

/** A disjunction of atoms; the empty clause never holds. */
export type Clause = readonly Atom[];
/** A conjunction of clauses; the empty guard requires nothing (the rule is always tried). */
export type Guard = readonly Clause[];

const ANY: Guard = [];
const NEVER: Guard = [[]];
/** Clauses kept per node: enough to combine a route with a literal, few enough to stay cheap. */
const MAX_CLAUSES = 3;
/** Distributing an `or` over its children's clauses multiplies them; past this, each child gives one. */
const MAX_PRODUCT = 16;
/** Fields whose value names the log: one value holds for a whole source, a large share of the stream. */
const ROUTE_FIELDS = new Set(['event.dataset', 'event.module', 'event.provider', 'event.kind']);

/** The guard of a predicate: clauses it implies, the most selective first. */
export function guardOf(p: Predicate): Guard {
  switch (p.op) {
    case 'const':
      return p.value ? ANY : NEVER;
    case 'and':
      return andGuard(p.children.map(guardOf));
    case 'or':
      return orGuard(p.children.map(guardOf));
    case 'not':
      return notGuard(p.child);
    case 'substring':
      return substringGuard(p.field, p.at, p.value, p.cased);
    case 'like':
      return likeGuard(p.field, p.parts, p.anchored, p.cased);
    case 'tokens':
      return tokensGuard(p.field, p.text);
    case 'compare':
      return p.cmp === '=' ? intGuard(p.field, p.value) : ANY;
    default:
      return ANY;
  }
}

/** Only the negations that undo themselves can be read: ¬true, ¬false, ¬¬x. */
function notGuard(child: Predicate): Guard {
  if (child.op === 'const') return child.value ? NEVER : ANY;
  if (child.op === 'not') return guardOf(child.child);
  return ANY;
}

/**
 * Every child's clauses hold; each child's best is kept first, so that a route's several spellings
 * do not crowd out the selection's literal (together they rule out far more).
 */
function andGuard(children: readonly Guard[]): Guard {
  return prune(
    children.flat(),
    children.flatMap((guard) => guard.slice(0, 1)),
  );
}

function orGuard(children: readonly Guard[]): Guard {
  if (children.length === 0) return NEVER;
  if (children.some((guard) => guard.length === 0)) return ANY;
  let acc: Guard = children[0]!;
  for (const guard of children.slice(1)) {
    const [left, right] = acc.length * guard.length <= MAX_PRODUCT ? [acc, guard] : [acc.slice(0, 1), guard.slice(0, 1)];
    acc = prune(left.flatMap((a) => right.map((b) => union(a, b))));
  }
  return acc;
}

function union(a: Clause, b: Clause): Clause {
  const seen = new Set(a.map(atomId));
  return [...a, ...b.filter((atom) => !seen.has(atomId(atom)))];
}

/**
 * Keeps the most selective clauses, `firsts` before the others; a literal clause that passes nearly
 * everything is dropped (an exact-value one is kept: one lookup still tells log sources apart).
 */
function prune(clauses: readonly Clause[], firsts: readonly Clause[] = []): Guard {
  if (clauses.some((clause) => clause.length === 0)) return NEVER;
  const scored = unsubsumed(dedupe(clauses))
    .map((clause) => ({ clause, pass: passRate(clause) }))
    .filter(({ clause, pass }) => pass < 0.9 || clause.every((atom) => atom.kind !== 'needle'))
    .sort((a, b) => a.pass - b.pass);
  const first = scored.filter(({ clause }) => firsts.includes(clause));
  const kept = [...first, ...scored.filter((entry) => !first.includes(entry))].slice(0, MAX_CLAUSES);
  return kept.sort((a, b) => a.pass - b.pass).map(({ clause }) => clause);
}

/** A clause holding every atom of another is implied by it, so it adds nothing: dropped. */
function unsubsumed(clauses: readonly Clause[]): Clause[] {
  const ids = clauses.map((clause) => new Set(clause.map(atomId)));
  const within = (small: Set<string>, large: Set<string>): boolean => [...small].every((id) => large.has(id));
  // Clauses are distinct (dedupe), so a smaller one within is a strict subset.
  return clauses.filter((_, i) => !ids.some((other) => other.size < ids[i]!.size && within(other, ids[i]!)));
}

function dedupe(clauses: readonly Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const id = clause.map(atomId).sort().join('\u0001');
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A rough share of events the clause lets through: exact values are rare, short literals common. */
export function passRate(clause: Clause): number {
  const rate = clause.reduce((sum, atom) => sum + atomPassRate(atom), 0);
  return Math.min(1, rate);
}

function atomPassRate(atom: Atom): number {
  // A log source is a large share of the stream; another field's exact value a small one.
  if (atom.kind === 'int') return 0.02;
  if (atom.kind === 'eq') return ROUTE_FIELDS.has(atom.field.def.name) ? 0.15 : 0.02;
  const length = atom.needle.length;
  return length >= 8 ? 0.01 : length >= 5 ? 0.03 : length >= 3 ? 0.1 : length === 2 ? 0.4 : 0.8;
}

export function atomId(atom: Atom): string {
  return `${atom.kind}\u0000${fieldKey(atom.field)}\u0000${atom.kind === 'needle' ? atom.needle : atom.key}`;
}

/** An integer equality (a port, a status code, an event id): a hash lookup of its decimal key. */
function intGuard(field: FieldSel, bound: number | string): Guard {
  const key = boundKey(bound);
  return key === undefined ? ANY : [[{ kind: 'int', field, key }]];
}

function needleGuard(field: FieldSel, literal: string): Guard {
  const needle = longestAsciiRun(literal);
  return needle === '' ? ANY : [[{ kind: 'needle', field, needle }]];
}

/** A whole value: a hash lookup when its key is certain, else the literal's ASCII run. */
function equalsGuard(field: FieldSel, value: string, cased: boolean): Guard {
  if (cased || isAsciiLikeText(value)) return [[{ kind: 'eq', field, key: foldKey(value) }]];
  return needleGuard(field, value);
}

function substringGuard(field: FieldSel, at: string, value: string, cased: boolean): Guard {
  return at === 'equals' ? equalsGuard(field, value, cased) : needleGuard(field, value);
}

/** A wildcard pattern needs each of its literal parts; the longest is looked for. */
function likeGuard(field: FieldSel, parts: readonly TermPart[], anchored: boolean, cased: boolean): Guard {
  const only = parts[0];
  if (anchored && parts.length === 1 && only?.kind === 'text') return equalsGuard(field, only.text, cased);
  const texts = parts.flatMap((part) => (part.kind === 'text' ? [longestAsciiRun(part.text)] : []));
  const longest = texts.reduce((best, text) => (text.length > best.length ? text : best), '');
  return longest === '' ? ANY : [[{ kind: 'needle', field, needle: longest }]];
}

/**
 * Free text is found as a whole, case-insensitively (a plain word as a token of the ASCII-lowered
 * value, anything else by a pattern over the whole text, match.ts tokensTest): the value then
 * contains the text's longest ASCII-like run.
 */
function tokensGuard(field: FieldSel, text: string): Guard {
  return needleGuard(field, text);
}

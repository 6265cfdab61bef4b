// The typed predicate tree: what a query means once its fields are resolved against the registry
// and its values typed (semantics.ts). Both backends render this one tree — SQL for the engine
// (sql-backend.ts) and a JavaScript matcher for the stream (match.ts) — so the rules about tokens,
// case, IP ranges and wildcards are decided once and the backends only translate. Pure.

import type { FieldDef } from '../schema/fields.ts';
import type { TermPart } from './ast.ts';
import { zeroIsDefault } from '../schema/empty.ts';

/** A resolved field: a registry column, or one key of a map column. */
export interface FieldSel {
  readonly def: FieldDef;
  /** The name as written, for messages. */
  readonly name: string;
  /** The map key, for `labels.KEY`. */
  readonly key?: string;
}

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

/** Where a substring must sit in the value. */
export type SubstringAt = 'equals' | 'contains' | 'startswith' | 'endswith';

export type Predicate =
  | { readonly op: 'const'; readonly value: boolean }
  | { readonly op: 'and' | 'or'; readonly children: readonly Predicate[] }
  | { readonly op: 'not'; readonly child: Predicate }
  /** Free text: the text's tokens, case-insensitive, on token boundaries (the message index's rule). */
  | { readonly op: 'tokens'; readonly field: FieldSel; readonly text: string }
  /** A wildcard pattern: anchored (whole value) or anywhere; case-sensitive or not. */
  | { readonly op: 'like'; readonly field: FieldSel; readonly parts: readonly TermPart[]; readonly anchored: boolean; readonly cased: boolean }
  /** A literal string at a place in the value (whole, anywhere, start, end). */
  | { readonly op: 'substring'; readonly field: FieldSel; readonly at: SubstringAt; readonly value: string; readonly cased: boolean }
  /** A string value that is not empty (absent and empty are the same in the store), or a non-empty array. */
  | { readonly op: 'nonEmpty'; readonly field: FieldSel }
  /** A Nullable column that holds a value. */
  | { readonly op: 'notNull'; readonly field: FieldSel }
  /** An integer (Int64: a number, or a decimal string beyond 2^53) or a time (epoch ms). */
  | { readonly op: 'compare'; readonly field: FieldSel; readonly cmp: Comparison; readonly value: number | string; readonly time: boolean }
  | { readonly op: 'bool'; readonly field: FieldSel; readonly value: boolean }
  /** A stored address inside a CIDR range (`a.b.c.d/n`, `x::y/n`); a stored non-address never matches. */
  | { readonly op: 'ipRange'; readonly field: FieldSel; readonly range: string }
  /** An RE2 pattern, already checked to be in the subset both backends agree on (regex-subset.ts). */
  | { readonly op: 'regex'; readonly field: FieldSel; readonly pattern: string; readonly cased: boolean }
  /**
   * Two fields of one event hold the same value (Sigma's `fieldref`): both string fields (compared
   * whole, case-insensitively unless cased) or both integer fields. Never array fields.
   */
  | { readonly op: 'fieldEquals'; readonly field: FieldSel; readonly other: FieldSel; readonly cased: boolean };

export const TRUE: Predicate = { op: 'const', value: true };
export const FALSE: Predicate = { op: 'const', value: false };

/** The conjunction: none is match-all, one is itself. */
export function allOf(children: readonly Predicate[]): Predicate {
  if (children.length === 0) return TRUE;
  return children.length === 1 ? children[0]! : { op: 'and', children };
}

/** The disjunction: none matches nothing, one is itself. */
export function anyOf(children: readonly Predicate[]): Predicate {
  if (children.length === 0) return FALSE;
  return children.length === 1 ? children[0]! : { op: 'or', children };
}

/** Array fields (`array: true` in the registry) match element-wise. */
export function isArrayField(def: FieldDef): boolean {
  return (def as FieldDef & { readonly array?: boolean }).array === true;
}

export function isNullable(def: FieldDef): boolean {
  return def.type.startsWith('Nullable(');
}

/**
 * The field holds a value (`present`), or holds none: what is "no value" follows the column — '',
 * [], an empty map, NULL, false, or 0 (the epoch) in a non-Nullable number or time column outside
 * ALWAYS_PRESENT. The query language's `field:*` and Sigma's null, `exists` and `*` share it.
 */
export function presencePredicate(field: FieldSel, present: boolean): Predicate {
  const def = field.def;
  const kind = def.kind;
  const has: Predicate =
    isArrayField(def) || kind === 'text' || kind === 'keyword' || kind === 'ip' || kind === 'map'
      ? { op: 'nonEmpty', field }
      : isNullable(def)
        ? { op: 'notNull', field }
        : kind === 'bool'
          ? { op: 'bool', field, value: true }
          : zeroIsDefault(def)
            ? { op: 'not', child: { op: 'compare', field, cmp: '=', value: 0, time: kind === 'time' } }
            : TRUE; // event.sequence, @timestamp, event.ingested: every record has them
  return present ? has : { op: 'not', child: has };
}

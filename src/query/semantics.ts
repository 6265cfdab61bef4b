// The query's meaning, decided once for both backends: syntax tree → typed predicate tree. Field
// names are resolved against the registry (aliases, `labels.KEY`), values typed per field kind
// (semantics-values.ts), and every error a user can cause is raised here, with its position — so
// the SQL backend and the JavaScript matcher accept exactly the same queries. Pure.

import type { FieldDef } from '../schema/fields.ts';
import { FIELDS, FIELD_ALIASES } from '../schema/fields.ts';
import type { FieldRef, PresenceNode, QueryNode, RegexNode, StringsNode } from './ast.ts';
import { fieldError } from './errors.ts';
import type { FieldSel, Predicate } from './predicate.ts';
import { allOf, anyOf, presencePredicate, TRUE } from './predicate.ts';
import { checkRegex } from './regex-subset.ts';
import { closestFieldName } from './suggest.ts';
import { matchCondition, type TypedField } from './semantics-values.ts';
import { LEVEL_FIELD, levelWords } from './level-words.ts';
import { literalText, type MatchValue } from './ast.ts';

export interface SemanticsOptions {
  /** Epoch milliseconds that `now` in the query means; passed in so the result is deterministic. */
  readonly now: number;
  /** The query's text, for error details (positions refer to it). */
  readonly query?: string;
  /** The field registry (default: the store's); tests pass fixtures, e.g. an `array: true` field. */
  readonly fields?: readonly FieldDef[];
}

/** The typed predicate of a parsed query. Throws LogwardenError (LW_QUERY_FIELD) on a type error. */
export function resolveQuery(ast: QueryNode, opts: SemanticsOptions): Predicate {
  if (!Number.isFinite(opts.now)) throw new TypeError(`option "now" must be epoch milliseconds, got ${opts.now}`);
  return new Resolver(opts).node(ast);
}

/** `log.level:info` and the like: any of the words of that level (level-words.ts); else undefined. */
function levelCondition(field: FieldSel, value: MatchValue): Predicate | undefined {
  if (field.def.name !== LEVEL_FIELD || field.key !== undefined) return undefined;
  const text = value.kind === 'phrase' ? value.text : value.kind === 'term' ? literalText(value.parts) : undefined;
  const words = text === undefined ? undefined : levelWords(text);
  if (!words) return undefined;
  return anyOf(words.map((word): Predicate => ({ op: 'substring', field, at: 'equals', value: word, cased: true })));
}

class Resolver {
  readonly #query: string;
  readonly #now: number;
  readonly #fields: readonly FieldDef[];

  constructor(opts: SemanticsOptions) {
    this.#query = opts.query ?? '';
    this.#now = opts.now;
    this.#fields = opts.fields ?? FIELDS;
  }

  node(node: QueryNode): Predicate {
    switch (node.type) {
      case 'all':
        return TRUE;
      case 'and':
        return { op: 'and', children: node.children.map((child) => this.node(child)) };
      case 'or':
        return { op: 'or', children: node.children.map((child) => this.node(child)) };
      case 'not':
        return { op: 'not', child: this.node(node.child) };
      case 'match': {
        const field = node.field === null ? this.#message() : this.#field(node.field);
        return levelCondition(field, node.value) ?? matchCondition(this.#typed(field), node.value);
      }
      case 'strings':
        return this.#strings(node);
      case 'regex':
        return this.#regex(node);
      case 'presence':
        return this.#presence(node);
    }
  }

  #typed(field: FieldSel): TypedField {
    return { ...field, query: this.#query, now: this.#now };
  }

  #strings(node: StringsNode): Predicate {
    const field = this.#stringField(node.field, 'string matches');
    const each = node.values.map((value): Predicate => ({ op: 'substring', field, at: node.at, value, cased: node.cased }));
    return node.all ? allOf(each) : anyOf(each);
  }

  #regex(node: RegexNode): Predicate {
    const field = this.#stringField(node.field, 'regular expressions');
    checkRegex(node.pattern, node.cased, (message) => fieldError(this.#query, node.field.position, `${message} (in the regex on "${node.field.name}")`, { field: node.field.name }));
    return { op: 'regex', field, pattern: node.pattern, cased: node.cased };
  }

  /**
   * The field holds a value, by the store's empty-value rule (schema/empty.ts): a value equal to
   * its column's default — '', [], an empty map, NULL, false, 0 or the epoch in a non-Nullable
   * number or time column outside ALWAYS_PRESENT — is no value, and reads back absent.
   */
  #presence(node: PresenceNode): Predicate {
    return presencePredicate(this.#field(node.field), node.present);
  }

  /** Sigma's string modifiers and regexes apply to string columns only. */
  #stringField(ref: FieldRef, what: string): FieldSel {
    const field = this.#field(ref);
    const kind = field.def.kind;
    if (kind === 'text' || kind === 'keyword' || kind === 'ip' || kind === 'map') return field;
    throw fieldError(this.#query, ref.position, `${what} apply only to text, keyword, ip and map fields; "${ref.name}" is a ${kind} field (at ${ref.position})`, { field: ref.name });
  }

  #message(): FieldSel {
    const def = this.#fields.find((f) => f.name === 'message');
    if (!def) throw new Error('field registry has no "message"');
    return { def, name: 'message' };
  }

  /** The registry entry a field reference stands for, with the map key for `labels.KEY`. */
  #field(ref: FieldRef): FieldSel {
    const def = this.#fields.find((f) => f.name === (FIELD_ALIASES[ref.name] ?? ref.name));
    if (def && def.kind !== 'map') return { def, name: ref.name };
    const map = this.#fields.find((f) => f.kind === 'map' && ref.name.startsWith(`${f.name}.`));
    const key = map ? ref.name.slice(map.name.length + 1) : '';
    if (map && key !== '') return { def: map, name: ref.name, key };
    if (def) {
      throw fieldError(this.#query, ref.position, `"${ref.name}" needs a key: write ${ref.name}.KEY:value (at ${ref.position})`, { field: ref.name });
    }
    const suggestion = closestFieldName(ref.name);
    throw fieldError(this.#query, ref.position, `unknown field "${ref.name}" at ${ref.position}; did you mean "${suggestion}"? ` + '(to search for text containing ":", put it in quotes)', {
      field: ref.name,
      suggestion,
    });
  }
}

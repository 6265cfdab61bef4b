// One detection item — `Field|modifiers: value or list` — or a keyword list, compiled to a typed
// predicate. Fields resolve only through the caller's resolver; values are typed per the field's
// kind (src/schema/fields.ts): strings on text, keyword, ip and map fields (Sigma's raw-value
// matching, not the query language's tokens), integers on int fields, booleans on bool fields.
// Array fields match when any element does (both backends do that for every value test). Pure.
import { literalText, type TermPart } from '../../query/ast.ts';
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import { allOf, anyOf, isArrayField, isNullable, presencePredicate } from '../../query/predicate.ts';
import { parseBool, parseInt64, parseIpRange } from '../../query/values.ts';
import { fieldByName } from '../../schema/fields.ts';
import { SigmaRuleError } from './errors.ts';
import { parseModifiers, type ModifierChain, type Placement } from './modifiers.ts';
import { regexPredicate } from './regex.ts';
import { transformValue } from './transform.ts';
import { parseWildcards } from './values.ts';

/** What compiling one item needs: the rule's resolver and placeholders, and where to note the fields it reads. */
export interface ItemContext {
  resolveField(name: string): FieldSel | undefined;
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  /** Called with every field the item reads, in order. */
  read(field: FieldSel): void;
}

const STRING_KINDS: ReadonlySet<string> = new Set(['text', 'keyword', 'ip', 'map']);

/** A map entry of a search identifier. */
export function compileItem(key: string, value: unknown, ctx: ItemContext): Predicate {
  const [name = '', ...modifiers] = key.split('|');
  const chain = parseModifiers(modifiers);
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (name === '') return compileKeywords(values, chain, ctx);
  const field = resolve(name, ctx);
  if (values.length === 0) throw new SigmaRuleError(`${key} has an empty list of values`);
  if (chain.type === 'exists') return existsPredicate(field, values, key);
  const each = values.map((v) => valuePredicate(field, v, chain, ctx));
  if (chain.neq) return { op: 'not', child: anyOf(each) };
  return chain.all ? allOf(each) : anyOf(each);
}

/** Plain values under an identifier (or a `|modifiers` key without a field): found anywhere in `message`. */
export function compileKeywords(values: readonly unknown[], chain: ModifierChain, ctx: ItemContext): Predicate {
  if (values.length === 0) throw new SigmaRuleError('a keyword list is empty');
  if (chain.type !== 'string' && chain.type !== 're') throw new SigmaRuleError(`modifier ${chain.type} needs a field; keywords take string modifiers and re`);
  const def = fieldByName('message');
  if (!def) throw new Error('field registry has no "message"');
  const message: FieldSel = { def, name: 'message' };
  ctx.read(message);
  const at: Placement = chain.at === 'equals' ? 'contains' : chain.at;
  const each = values.map((value) => {
    if (value === null || typeof value === 'object') throw new SigmaRuleError(`a keyword must be a string or a number, found ${JSON.stringify(value)}`);
    const text = String(value);
    return chain.type === 're' ? regexPredicate(message, text, chain.flags) : stringPredicates(message, text, { ...chain, at }, ctx);
  });
  if (chain.neq) return { op: 'not', child: anyOf(each) };
  return chain.all ? allOf(each) : anyOf(each);
}

function resolve(name: string, ctx: ItemContext): FieldSel {
  const field = ctx.resolveField(name);
  if (field === undefined) throw new SigmaRuleError(`unmapped field ${name}`);
  if (field.def.kind === 'map' && field.key === undefined) throw new SigmaRuleError(`${name} is a map field (${field.def.name}): a rule reads one of its keys`);
  ctx.read(field);
  return field;
}

function existsPredicate(field: FieldSel, values: readonly unknown[], key: string): Predicate {
  const [value] = values;
  const flag = typeof value === 'boolean' ? value : typeof value === 'string' ? parseBool(value) : undefined;
  if (values.length !== 1 || flag === undefined) throw new SigmaRuleError(`${key} takes true or false`);
  return presencePredicate(field, flag);
}

/** One value of an item, by the chain's type and the field's kind. */
function valuePredicate(field: FieldSel, value: unknown, chain: ModifierChain, ctx: ItemContext): Predicate {
  if (chain.type === 'fieldref') return fieldRefPredicate(field, value, chain, ctx);
  if (value === null) {
    if (chain.type !== 'string') throw new SigmaRuleError(`modifier ${chain.type} on ${field.name} needs a value, found null`);
    return presencePredicate(field, false);
  }
  if (typeof value === 'object') throw new SigmaRuleError(`${field.name} has a value that is neither a string, a number nor a boolean: ${JSON.stringify(value)}`);
  if (chain.type === 'compare') return comparePredicate(field, value, chain);
  const kind = field.def.kind;
  if (chain.type === 're' || chain.type === 'cidr') {
    if (!STRING_KINDS.has(kind)) throw new SigmaRuleError(`${chain.type} on a non-string field ${field.name} (${kind})`);
    return chain.type === 're' ? regexPredicate(field, String(value), chain.flags) : cidrPredicate(field, String(value));
  }
  if (STRING_KINDS.has(kind)) return stringPredicates(field, String(value), chain, ctx);
  if (kind === 'int') return intEquals(field, value, chain);
  if (kind === 'bool') return boolEquals(field, value, chain);
  throw new SigmaRuleError(`${field.name} is a ${kind} field, which Sigma values cannot match (only null and exists)`);
}

/** A string value after its transformations: any of the values it became. */
function stringPredicates(field: FieldSel, raw: string, chain: ModifierChain, ctx: ItemContext): Predicate {
  const variants = transformValue(raw, chain.transforms, ctx.placeholders);
  return anyOf(variants.map((v) => stringPredicate(field, parseWildcards(v.text), chain.at, chain.cased || v.encoded)));
}

/**
 * The pattern at its place: a literal as a substring test, a pattern as an anchored wildcard
 * match. A value made only of `*` means the field has a value, as `field:*` in the query language
 * (the store keeps no difference between an absent and an empty string).
 */
export function stringPredicate(field: FieldSel, parts: readonly TermPart[], at: Placement, cased: boolean): Predicate {
  if (parts.length > 0 && parts.every((part) => part.kind === 'anyRun')) return presencePredicate(field, true);
  const literal = literalText(parts);
  if (literal !== undefined) return { op: 'substring', field, at, value: literal, cased };
  const any: TermPart = { kind: 'anyRun' };
  const placed = at === 'contains' ? [any, ...parts, any] : at === 'startswith' ? [...parts, any] : at === 'endswith' ? [any, ...parts] : [...parts];
  const collapsed = placed.filter((part, i) => !(part.kind === 'anyRun' && placed[i - 1]?.kind === 'anyRun'));
  return { op: 'like', field, parts: collapsed, anchored: true, cased };
}

function cidrPredicate(field: FieldSel, value: string): Predicate {
  // A bare address is its one-address range, as pySigma reads it.
  const range = parseIpRange(value.trim());
  if (range === undefined) throw new SigmaRuleError(`cidr on ${field.name}: ${JSON.stringify(value)} is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32`);
  return { op: 'ipRange', field, range };
}

/** An integer from a number or a decimal string; anything else is a reason. */
function integerOf(field: FieldSel, value: unknown, what: string): number | string {
  const parsed = typeof value === 'number' ? (Number.isSafeInteger(value) ? value : undefined) : typeof value === 'string' ? parseInt64(value.trim()) : undefined;
  if (parsed === undefined) throw new SigmaRuleError(`${what} on ${field.name} needs an integer, found ${JSON.stringify(value)}`);
  return parsed;
}

/** NOT keeps a row whose Nullable column is NULL only if the comparison is plainly false there. */
function nonNull(field: FieldSel, predicate: Predicate): Predicate {
  return isNullable(field.def) ? allOf([{ op: 'notNull', field }, predicate]) : predicate;
}

function comparePredicate(field: FieldSel, value: unknown, chain: ModifierChain): Predicate {
  const name = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[chain.cmp];
  if (field.def.kind !== 'int') throw new SigmaRuleError(`${name} on a non-numeric field ${field.name}`);
  return nonNull(field, { op: 'compare', field, cmp: chain.cmp, value: integerOf(field, value, name), time: false });
}

function intEquals(field: FieldSel, value: unknown, chain: ModifierChain): Predicate {
  const modifier = chain.transforms[0] ?? (chain.at !== 'equals' ? chain.at : undefined);
  if (modifier !== undefined) throw new SigmaRuleError(`modifier ${modifier} on an int field ${field.name}`);
  if (typeof value === 'string' && value.trim() === '*') return presencePredicate(field, true);
  return nonNull(field, { op: 'compare', field, cmp: '=', value: integerOf(field, value, 'a value'), time: false });
}

function boolEquals(field: FieldSel, value: unknown, chain: ModifierChain): Predicate {
  if (chain.transforms.length > 0 || chain.at !== 'equals') throw new SigmaRuleError(`string modifiers on a bool field ${field.name}`);
  const flag = typeof value === 'boolean' ? value : parseBool(String(value));
  if (flag === undefined) throw new SigmaRuleError(`${field.name} takes true or false, found ${JSON.stringify(value)}`);
  return { op: 'bool', field, value: flag };
}

/** `fieldref`: the field equals another field of the same event (strings or integers, not lists). */
function fieldRefPredicate(field: FieldSel, value: unknown, chain: ModifierChain, ctx: ItemContext): Predicate {
  if (typeof value !== 'string' || value === '') throw new SigmaRuleError(`fieldref on ${field.name} takes a field name, found ${JSON.stringify(value)}`);
  const other = resolve(value, ctx);
  for (const f of [field, other]) if (isArrayField(f.def)) throw new SigmaRuleError(`fieldref on a list field ${f.name}`);
  const kindOf = (f: FieldSel): string => (STRING_KINDS.has(f.def.kind) ? 'string' : f.def.kind);
  if (kindOf(field) !== kindOf(other) || (kindOf(field) !== 'string' && kindOf(field) !== 'int')) {
    throw new SigmaRuleError(`fieldref between ${field.name} (${field.def.kind}) and ${other.name} (${other.def.kind}): only two string or two int fields compare`);
  }
  return { op: 'fieldEquals', field, other, cased: chain.cased };
}

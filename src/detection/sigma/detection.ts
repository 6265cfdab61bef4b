// Sigma's `detection` section → typed predicates (src/query/predicate.ts): search identifiers
// (maps, lists of maps, keyword lists), values with wildcards and escapes, every modifier of the
// specification, null, and the condition (condition.ts). Owned by the Sigma compiler; see
// docs/detection.md, "Rule format and semantics". Pure.
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import { allOf, anyOf } from '../../query/predicate.ts';
import type { Condition } from '../rule.ts';
import { parseCondition } from './condition.ts';
import { SigmaRuleError } from './errors.ts';
import { parseModifiers } from './modifiers.ts';
import { compileItem, compileKeywords, type ItemContext } from './search.ts';

export { SigmaRuleError } from './errors.ts';

/** What the compiler needs from its caller: field names resolved (mapping.ts) and the rule's context. */
export interface CompileContext {
  /** A Sigma field name → the ECS field to read, or undefined when it has no mapping (the rule is skipped: `unmapped field X`). */
  resolveField(name: string): FieldSel | undefined;
  /** Values for the `expand` modifier's `%name%` placeholders (config detection.placeholders). */
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

export interface CompiledDetection {
  readonly searches: Readonly<Record<string, Predicate>>;
  readonly condition: Condition;
  /** The condition with each search's predicate put in (without the logsource's route). */
  readonly predicate: Predicate;
  /** The ECS fields the searches read, in order of first use. */
  readonly fields: readonly string[];
}

/** Keys of `detection` that are not search identifiers (`timeframe`: Sigma v1's, now a correlation's). */
const RESERVED = new Set(['condition', 'timeframe']);

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compile a rule's `detection` section (as parsed from YAML). Throws SigmaRuleError. */
export function compileDetection(detection: unknown, context: CompileContext): CompiledDetection {
  if (!isMap(detection)) throw new SigmaRuleError('detection must be a map of search identifiers and a condition');
  const fields: string[] = [];
  const ctx: ItemContext = {
    resolveField: (name) => context.resolveField(name),
    placeholders: context.placeholders,
    read: (field) => {
      const name = field.key === undefined ? field.def.name : `${field.def.name}.${field.key}`;
      if (!fields.includes(name)) fields.push(name);
    },
  };
  // fromEntries defines own properties, so an identifier such as __proto__ stays a plain key.
  const searches: Record<string, Predicate> = Object.fromEntries(
    Object.entries(detection)
      .filter(([name]) => !RESERVED.has(name))
      .map(([name, value]) => [name, withIdentifier(name, () => compileSearch(value, ctx))]),
  );
  const condition = compileCondition(detection['condition'], Object.keys(searches));
  return { searches, condition, predicate: substitute(condition, searches), fields };
}

/** A reason names the search identifier it was found in. */
function withIdentifier<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SigmaRuleError) throw new SigmaRuleError(`${error.message} (in ${name})`);
    throw error;
  }
}

/** A search identifier: a map (AND of its items), a list (OR of maps and keywords), or one keyword. */
function compileSearch(value: unknown, ctx: ItemContext): Predicate {
  if (isMap(value)) return compileMap(value, ctx);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new SigmaRuleError('a search identifier is an empty list');
    const maps = value.filter(isMap).map((map) => compileMap(map, ctx));
    const keywords = value.filter((item) => !isMap(item));
    return anyOf(keywords.length === 0 ? maps : [...maps, compileKeywords(keywords, parseModifiers([]), ctx)]);
  }
  if (typeof value === 'string' || typeof value === 'number') return compileKeywords([value], parseModifiers([]), ctx);
  throw new SigmaRuleError(`a search identifier must be a map, a list or a keyword, found ${JSON.stringify(value)}`);
}

function compileMap(map: Record<string, unknown>, ctx: ItemContext): Predicate {
  const entries = Object.entries(map);
  if (entries.length === 0) throw new SigmaRuleError('a search identifier is an empty map');
  return allOf(entries.map(([key, value]) => compileItem(key, value, ctx)));
}

/** Sigma v2: the condition may be a list, whose conditions are ORed. */
function compileCondition(value: unknown, searches: readonly string[]): Condition {
  if (typeof value === 'string') return parseCondition(value, searches);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    const children = value.map((item) => parseCondition(item, searches));
    return children.length === 1 ? children[0]! : { op: 'or', children };
  }
  if (value === undefined) throw new SigmaRuleError('detection has no condition');
  throw new SigmaRuleError(`condition must be a string or a list of strings, found ${JSON.stringify(value)}`);
}

/** The condition with each identifier replaced by its search's predicate. */
export function substitute(condition: Condition, searches: Readonly<Record<string, Predicate>>): Predicate {
  switch (condition.op) {
    case 'const':
      return { op: 'const', value: condition.value };
    case 'search': {
      const predicate = Object.hasOwn(searches, condition.name) ? searches[condition.name] : undefined;
      if (predicate === undefined) throw new SigmaRuleError(`condition names an unknown search identifier ${condition.name}`);
      return predicate;
    }
    case 'not':
      return { op: 'not', child: substitute(condition.child, searches) };
    case 'and':
    case 'or':
      return { op: condition.op, children: condition.children.map((child) => substitute(child, searches)) };
  }
}

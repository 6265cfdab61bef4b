// Sigma's `detection` section → typed predicates (src/query/predicate.ts): search identifiers
// (maps, lists of maps, keyword lists), values with wildcards and escapes, every modifier of the
// specification, null, and the condition (condition.ts). Owned by the Sigma compiler; see
// docs/detection.md, "Rule format". Pure.
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import type { Condition } from '../rule.ts';

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

/** A rule the compiler cannot run; its message is the reason listed for the skipped rule. */
export class SigmaRuleError extends Error {
  override readonly name = 'SigmaRuleError';
}

/** Compile a rule's `detection` section (as parsed from YAML). Throws SigmaRuleError. */
export function compileDetection(detection: unknown, context: CompileContext): CompiledDetection {
  void detection;
  void context;
  throw new SigmaRuleError('the Sigma compiler is not built yet');
}

// Sigma filters applied to the rules they name (Sigma filters specification v2): the rule's
// searches gain the filter's, renamed `<filter>/<search>` so they cannot clash, and its condition
// becomes `(original) and not (filter)`. A filter runs nowhere by itself. A filter naming no loaded
// rule, or one it cannot be compiled for (a field that rule's logsource does not map), is listed as
// skipped with the reason; the rule then runs unfiltered — a missed exclusion is noise, a dropped
// rule would be a missed attack. Pure.
import { allOf } from '../query/predicate.ts';
import type { Predicate } from '../query/predicate.ts';
import { compileFor, RuleSkip } from './detection-rule.ts';
import type { DetectionOptions } from './detection-rule.ts';
import { describeLogsource } from './mapping.ts';
import { findDocument, missingReference, skip } from './rule-documents.ts';
import type { SigmaDocument } from './rule-documents.ts';
import type { Condition, DetectionRule, LogSource, SkippedRule } from './rule.ts';
import { filterDetection, filterDocumentSchema } from './sigma/filter-document.ts';
import type { FilterDocument } from './sigma/filter-document.ts';
import { schemaProblem } from './sigma/rule-document.ts';

function renamed(condition: Condition, rename: (name: string) => string): Condition {
  switch (condition.op) {
    case 'search':
      return { op: 'search', name: rename(condition.name) };
    case 'and':
    case 'or':
      return { op: condition.op, children: condition.children.map((child) => renamed(child, rename)) };
    case 'not':
      return { op: 'not', child: renamed(condition.child, rename) };
    case 'const':
      return condition;
  }
}

/** Each key the filter's logsource gives, the rule's has too (case aside): a Windows filter never tunes a Linux rule. */
function logsourceFits(filter: FilterDocument['logsource'], rule: LogSource): boolean {
  return (['product', 'category', 'service'] as const).every((key) => filter[key] === undefined || filter[key].toLowerCase() === rule[key]?.toLowerCase());
}

function filterLabel(document: SigmaDocument): string {
  return document.meta.name ?? document.id ?? document.meta.title;
}

/** The rule with the filter's exclusion added. Throws RuleSkip when the filter cannot be compiled for it. */
function filtered(rule: DetectionRule, document: SigmaDocument, filter: FilterDocument, options: DetectionOptions): DetectionRule {
  if (!logsourceFits(filter.logsource, rule.logsource)) {
    throw new RuleSkip(`its logsource ${describeLogsource(filter.logsource)} does not fit the rule's ${describeLogsource(rule.logsource)}`);
  }
  const compiled = compileFor(filterDetection(filter), rule.logsource, options);
  const label = filterLabel(document);
  const rename = (name: string): string => {
    let candidate = `${label}/${name}`;
    while (Object.hasOwn(rule.searches, candidate)) candidate = `${candidate}'`;
    return candidate;
  };
  const searches: Record<string, Predicate> = { ...rule.searches };
  const names = new Map<string, string>();
  for (const [name, predicate] of Object.entries(compiled.searches)) {
    names.set(name, rename(name));
    searches[names.get(name)!] = predicate;
  }
  const exclusion = renamed(compiled.condition, (name) => names.get(name) ?? name);
  return {
    ...rule,
    searches,
    condition: { op: 'and', children: [rule.condition, { op: 'not', child: exclusion }] },
    predicate: allOf([rule.predicate, { op: 'not', child: compiled.predicate }]),
    fields: [...new Set([...rule.fields, ...compiled.fields])],
  };
}

interface FilterContext {
  /** Every document of the set, for the reasons of references that did not load. */
  readonly documents: readonly SigmaDocument[];
  readonly rules: Map<SigmaDocument, DetectionRule>;
  readonly options: DetectionOptions;
  readonly skipped: SkippedRule[];
}

function applyFilter(document: SigmaDocument, { documents, rules, options, skipped }: FilterContext): void {
  const known = { ...(document.id === undefined ? {} : { id: document.id }), title: document.meta.title };
  const parsed = filterDocumentSchema.safeParse(document.body);
  if (!parsed.success) return void skipped.push(skip(document, `invalid filter: ${schemaProblem(parsed.error)}`, known));
  const targets = parsed.data.filter.rules.map((reference) => ({ reference, target: findDocument(reference, rules.keys()) }));
  const missing = targets.filter(({ target }) => target === undefined).map(({ reference }) => missingReference(reference, documents, skipped));
  if (missing.length === targets.length) return void skipped.push(skip(document, `filter names no loaded rule: ${missing.join('; ')}`, known));
  for (const reason of missing) skipped.push(skip(document, `filter not applied to rule ${reason}`, known));
  for (const { target } of targets) {
    if (target === undefined) continue;
    try {
      rules.set(target, filtered(rules.get(target)!, document, parsed.data, options));
    } catch (error) {
      if (!(error instanceof RuleSkip)) throw error;
      skipped.push(skip(document, `filter not applied to rule ${target.id!}: ${error.message}`, known));
    }
  }
}

/** The rules with every filter that names them applied, in file order. */
export function applyFilters(
  documents: readonly SigmaDocument[],
  compiled: ReadonlyMap<SigmaDocument, DetectionRule>,
  options: DetectionOptions,
  skipped: SkippedRule[],
): Map<SigmaDocument, DetectionRule> {
  const context: FilterContext = { documents, rules: new Map(compiled), options, skipped };
  for (const document of documents) if (document.kind === 'filter') applyFilter(document, context);
  return context.rules;
}

// Sigma correlation documents → CorrelationRules: the rules they refer to (by id or name) resolved
// to ids, correlations referring to correlations (chaining) resolved first, and every group-by name
// and counted field turned into the ECS field to read for each referenced rule — through `aliases`
// where the correlation gives one, else the Sigma name mapped for that rule's logsource. A
// correlation whose references or fields do not resolve is skipped with the reason. Pure.
import type { FieldSel } from '../query/predicate.ts';
import { RuleSkip, ruleMeta } from './detection-rule.ts';
import { ecsField, sigmaField } from './mapping.ts';
import { findDocument, missingReference, skip } from './rule-documents.ts';
import type { SigmaDocument } from './rule-documents.ts';
import type { AnomalyParams, CorrelationRule, CountCondition, DetectionRule, Rule, SkippedRule } from './rule.ts';
import { correlationDocumentSchema } from './sigma/correlation-document.ts';
import type { CorrelationDocument, CorrelationSection } from './sigma/correlation-document.ts';
import { schemaProblem } from './sigma/rule-document.ts';

const ecsName = (field: FieldSel): string => (field.key === undefined ? field.def.name : `labels.${field.key}`);

/** The ECS field a Sigma name means in the events (or detections) of one referenced rule. */
function fieldFor(rule: Rule, name: string, what: string): string {
  if (rule.kind === 'correlation') {
    // A correlation's detections carry its group key, and nothing else of the events: only those names.
    if (rule.groupBy.includes(name)) return name;
    throw new RuleSkip(`${what} ${name}: correlation ${rule.id} does not group by it`);
  }
  const field = sigmaField(name, rule.logsource);
  if (field === undefined) throw new RuleSkip(`unmapped field ${name} (${what}) for rule ${rule.id}`);
  return ecsName(field);
}

/** One field for all referenced rules (value_count's and first_seen's `field`). */
function sharedField(rules: readonly Rule[], name: string, what: string): string {
  if (rules.length === 0) return ecsOnly(name, what);
  const fields = new Set(rules.map((rule) => fieldFor(rule, name, what)));
  if (fields.size > 1) throw new RuleSkip(`${what} ${name} is ${[...fields].join(' in one rule, ')} in another: it must be one field`);
  return [...fields][0]!;
}

function ecsOnly(name: string, what: string): string {
  const field = ecsField(name);
  if (field === undefined) throw new RuleSkip(`unmapped field ${name} (${what}): without rules only ECS names can be read`);
  return ecsName(field);
}

function aliasField(aliases: Readonly<Record<string, string>>, rule: Rule, alias: string): string {
  const entry = Object.entries(aliases).find(([reference]) => reference === rule.name || reference.toLowerCase() === rule.id.toLowerCase());
  if (entry === undefined) throw new RuleSkip(`alias ${alias} names no field for rule ${rule.name ?? rule.id}`);
  return fieldFor(rule, entry[1], `alias ${alias}`);
}

interface Grouping {
  readonly groupBy: string[];
  /** group-by name → referenced rule id → ECS field. */
  readonly groupFields: Record<string, Record<string, string>>;
}

/**
 * The group-by names and where each is read. A Sigma name that every referenced rule maps to the
 * same ECS field is named by that field (`c-ip` of web rules groups by `source.ip`), so detections
 * show ECS names; an alias, or a name the rules map differently, keeps its own.
 */
function grouping(section: CorrelationSection, rules: readonly Rule[]): Grouping {
  const names = section['group-by'] ?? [];
  // Without rules (silence over every event) only ECS names can be read.
  if (rules.length === 0) {
    const groupBy = names.map((name) => ecsOnly(name, 'group-by'));
    return { groupBy, groupFields: Object.fromEntries(groupBy.map((name) => [name, {}])) };
  }
  const result: Grouping = { groupBy: [], groupFields: {} };
  for (const name of names) {
    const aliases = section.aliases?.[name];
    const perRule: Record<string, string> = {};
    for (const rule of rules) perRule[rule.id] = aliases === undefined ? fieldFor(rule, name, 'group-by') : aliasField(aliases, rule, name);
    const fields = new Set(Object.values(perRule));
    const shown = aliases === undefined && fields.size === 1 ? [...fields][0]! : name;
    result.groupBy.push(shown);
    result.groupFields[shown] = perRule;
  }
  return result;
}

function countCondition(section: CorrelationSection, rules: readonly Rule[]): CountCondition {
  const { field, ...bounds } = section.condition ?? {};
  // temporal without a condition: every referenced rule must have matched (the specification's default).
  const counted = Object.keys(bounds).length > 0 ? bounds : section.type.startsWith('temporal') ? { gte: rules.length } : {};
  return field === undefined ? counted : { ...counted, field: sharedField(rules, field, 'condition.field') };
}

function anomalyParams(section: CorrelationSection, rules: readonly Rule[]): AnomalyParams | undefined {
  if (section.type === 'first_seen') return { field: sharedField(rules, section.field!, 'field'), ...(section.learning === undefined ? {} : { learningMs: section.learning }) };
  if (section.type === 'rate') {
    return {
      ...(section.baseline === undefined ? {} : { baselineDays: section.baseline }),
      ...(section.deviations === undefined ? {} : { deviations: section.deviations }),
      ...(section['min-count'] === undefined ? {} : { minCount: section['min-count'] }),
    };
  }
  if (section.type === 'silence') return section['max-gap'] === undefined ? {} : { maxGapMs: section['max-gap'] };
  return undefined;
}

/** rate counts per hour unless told otherwise; first_seen and silence have no window of their own. */
function timespanMs(section: CorrelationSection): number {
  return section.timespan ?? (section.type === 'rate' ? 3_600_000 : 0);
}

function correlationRule(document: SigmaDocument, parsed: CorrelationDocument, rules: readonly Rule[]): CorrelationRule {
  const section = parsed.correlation;
  const anomaly = anomalyParams(section, rules);
  const { groupBy, groupFields } = grouping(section, rules);
  return {
    ...ruleMeta(document),
    kind: 'correlation',
    type: section.type,
    rules: rules.map((rule) => rule.id),
    groupBy,
    groupFields,
    timespanMs: timespanMs(section),
    condition: countCondition(section, rules),
    generate: section.generate ?? parsed.generate ?? false,
    ...(anomaly === undefined ? {} : { anomaly }),
  };
}

interface Resolver {
  readonly documents: readonly SigmaDocument[];
  readonly detections: ReadonlyMap<SigmaDocument, DetectionRule>;
  readonly skipped: SkippedRule[];
  readonly done: Map<SigmaDocument, CorrelationRule | undefined>;
  readonly visiting: Set<SigmaDocument>;
}

function referenced(reference: string, resolver: Resolver): Rule {
  const target = findDocument(reference, resolver.documents);
  const rule = target === undefined ? undefined : target.kind === 'correlation' ? resolve(target, resolver) : resolver.detections.get(target);
  if (rule !== undefined) return rule;
  if (target?.kind === 'filter') throw new RuleSkip(`refers to ${reference}, which is a filter, not a rule`);
  if (target !== undefined && resolver.visiting.has(target)) throw new RuleSkip(`refers to ${reference}, which refers back to it`);
  throw new RuleSkip(`refers to rule ${missingReference(reference, resolver.documents, resolver.skipped)}`);
}

/** The correlation, its references resolved first; undefined (and listed as skipped) when it cannot run. */
function resolve(document: SigmaDocument, resolver: Resolver): CorrelationRule | undefined {
  if (resolver.done.has(document)) return resolver.done.get(document);
  if (resolver.visiting.has(document)) return undefined;
  resolver.visiting.add(document);
  let rule: CorrelationRule | undefined;
  try {
    const parsed = correlationDocumentSchema.safeParse(document.body);
    if (!parsed.success) throw new RuleSkip(`invalid correlation: ${schemaProblem(parsed.error)}`);
    const rules = (parsed.data.correlation.rules ?? []).map((reference) => referenced(reference, resolver));
    rule = correlationRule(document, parsed.data, rules);
  } catch (error) {
    if (!(error instanceof RuleSkip)) throw error;
    resolver.skipped.push(skip(document, error.message, { id: document.id!, title: document.meta.title }));
  }
  resolver.visiting.delete(document);
  resolver.done.set(document, rule);
  return rule;
}

/** Every correlation document that resolves, keyed by its document. */
export function resolveCorrelations(documents: readonly SigmaDocument[], detections: ReadonlyMap<SigmaDocument, DetectionRule>, skipped: SkippedRule[]): Map<SigmaDocument, CorrelationRule> {
  const resolver: Resolver = { documents, detections, skipped, done: new Map(), visiting: new Set() };
  const result = new Map<SigmaDocument, CorrelationRule>();
  for (const document of documents) {
    if (document.kind !== 'correlation') continue;
    const rule = resolve(document, resolver);
    if (rule !== undefined) result.set(document, rule);
  }
  return result;
}

// A Sigma detection document → a DetectionRule: its logsource routed (mapping.ts), its detection
// compiled with field names resolved for that logsource (sigma/detection.ts), and the route and
// the compiled condition joined into the one predicate both execution paths evaluate. Pure.
import { allOf } from '../query/predicate.ts';
import { describeLogsource, routeFor, sigmaField } from './mapping.ts';
import type { SigmaDocument } from './rule-documents.ts';
import type { DetectionRule, LogSource, RuleMeta } from './rule.ts';
import { compileDetection } from './sigma/detection.ts';
import type { CompiledDetection } from './sigma/detection.ts';
import { detectionDocumentSchema, schemaProblem } from './sigma/rule-document.ts';

export interface DetectionOptions {
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

/** A rule that cannot run here; the message is its SkippedRule reason. */
export class RuleSkip extends Error {
  override readonly name = 'RuleSkip';
}

/** The shared attributes as the model has them; `level` is `medium` when the rule gives none. */
export function ruleMeta(document: SigmaDocument): RuleMeta {
  const meta = document.meta;
  return {
    id: document.id!,
    ...(meta.name === undefined ? {} : { name: meta.name }),
    title: meta.title,
    revision: document.revision,
    level: meta.level ?? 'medium',
    ...(meta.status === undefined ? {} : { status: meta.status }),
    ...(meta.description === undefined ? {} : { description: meta.description }),
    tags: meta.tags ?? [],
    ...(meta.references === undefined ? {} : { references: meta.references }),
    ...(meta.author === undefined ? {} : { author: meta.author }),
    ...(meta.falsepositives === undefined ? {} : { falsepositives: meta.falsepositives }),
    ruleset: document.ruleset,
    path: document.path,
  };
}

function logsourceOf(raw: { readonly product?: string; readonly category?: string; readonly service?: string }): LogSource {
  return {
    ...(raw.product === undefined ? {} : { product: raw.product }),
    ...(raw.category === undefined ? {} : { category: raw.category }),
    ...(raw.service === undefined ? {} : { service: raw.service }),
  };
}

/** Compile a `detection` section for a logsource; a compiler refusal (unmapped field, bad modifier…) is a RuleSkip. */
export function compileFor(detection: unknown, logsource: LogSource, options: DetectionOptions): CompiledDetection {
  try {
    return compileDetection(detection, { resolveField: (name) => sigmaField(name, logsource), placeholders: options.placeholders });
  } catch (error) {
    // Whatever the compiler throws is about this rule's text: the set loads without it.
    throw new RuleSkip((error as Error).message);
  }
}

/** The rule, with `generates: true` (load.ts turns it off for rules only correlations use). Throws RuleSkip. */
export function detectionRule(document: SigmaDocument, options: DetectionOptions): DetectionRule {
  const parsed = detectionDocumentSchema.safeParse(document.body);
  if (!parsed.success) throw new RuleSkip(`invalid detection rule: ${schemaProblem(parsed.error)}`);
  const logsource = logsourceOf(parsed.data.logsource);
  const route = routeFor(logsource);
  if (route === undefined) throw new RuleSkip(`unknown logsource ${describeLogsource(logsource)}`);
  const compiled = compileFor(parsed.data.detection, logsource, options);
  return {
    ...ruleMeta(document),
    kind: 'detection',
    logsource,
    route,
    searches: compiled.searches,
    condition: compiled.condition,
    predicate: allOf([route, compiled.predicate]),
    fields: compiled.fields,
    generates: true,
  };
}

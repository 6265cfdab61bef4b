// Rule files → a RuleSet: YAML documents parsed and checked (one schema library: zod), detection
// rules compiled, Sigma filters applied to the rules they name, correlations resolved against
// the rules they refer to (by id or name; chaining), and every file that cannot run here listed
// with its reason. `loadRuleTexts` is pure; `loadRuleSet` reads directories.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LogwardenError } from '../errors/codes.ts';
import { resolveCorrelations } from './correlation-rule.ts';
import { detectionRule, RuleSkip } from './detection-rule.ts';
import { applyFilters } from './filter-rule.ts';
import { inFileOrder, readDocuments, skip } from './rule-documents.ts';
import type { SigmaDocument } from './rule-documents.ts';
import type { CorrelationRule, DetectionRule, Rule, RuleSet, SkippedRule } from './rule.ts';

/** One rule file's text. */
export interface RuleText {
  /** Relative to its ruleset's root. */
  readonly path: string;
  readonly text: string;
  readonly ruleset: string;
}

/** A directory of rules: the shipped pack (`logwarden`), `imported`, or one of config detection.rules. */
export interface RuleSource {
  readonly ruleset: string;
  readonly dir: string;
}

export interface LoadOptions {
  /** Values for `expand` placeholders (config detection.placeholders). */
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

function compileDetections(documents: readonly SigmaDocument[], options: LoadOptions, skipped: SkippedRule[]): Map<SigmaDocument, DetectionRule> {
  const rules = new Map<SigmaDocument, DetectionRule>();
  for (const document of documents) {
    if (document.kind !== 'detection') continue;
    try {
      rules.set(document, detectionRule(document, options));
    } catch (error) {
      if (!(error instanceof RuleSkip)) throw error;
      skipped.push(skip(document, error.message, { id: document.id!, title: document.meta.title }));
    }
  }
  return rules;
}

/**
 * Sigma correlations v2: a rule a correlation uses makes no detections of its own unless a
 * correlation using it says `generate: true`. A rule no correlation uses always does.
 */
function withGenerates(rule: DetectionRule, correlations: readonly CorrelationRule[]): DetectionRule {
  const users = correlations.filter((correlation) => correlation.rules.includes(rule.id));
  const generates = users.length === 0 || users.some((correlation) => correlation.generate);
  return generates === rule.generates ? rule : { ...rule, generates };
}

/** Compile rule files into a set. Pure: the same texts give the same set. */
export function loadRuleTexts(texts: readonly RuleText[], options: LoadOptions): RuleSet {
  const skipped: SkippedRule[] = [];
  const documents = readDocuments(texts, skipped);
  const compiled = compileDetections(documents, options, skipped);
  const filtered = applyFilters(documents, compiled, options, skipped);
  const correlations = resolveCorrelations(documents, filtered, skipped);
  const correlationRules = [...correlations.values()];
  // The set keeps the files' order: a rule's place does not depend on its kind.
  const rules: Rule[] = [];
  for (const document of documents) {
    const detection = filtered.get(document);
    if (detection !== undefined) rules.push(withGenerates(detection, correlationRules));
    const correlation = correlations.get(document);
    if (correlation !== undefined) rules.push(correlation);
  }
  return { rules, skipped: inFileOrder(skipped) };
}

const RULE_FILE = /\.ya?ml$/i;

/** Every rule file under `dir`, as paths relative to it with `/` separators, sorted. */
async function ruleFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new LogwardenError('LW_FILE_UNREADABLE', `cannot read the rule directory ${dir}: ${(error as Error).message}`, { file: dir });
  }
  // A symbolic link to a rule file counts as the file (one that points nowhere is listed unreadable).
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && RULE_FILE.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    // A checkout's .github/ workflows are YAML too, and no rules.
    .filter((path) => !path.split('/').some((segment) => segment.startsWith('.')));
  // Code-unit order, not locale order: the same tree loads the same way on every machine.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Read every `.yml`/`.yaml` file under each directory (recursively, in path order) and compile them.
 * A directory that cannot be read is an error; a file in it that cannot be read is listed as skipped.
 */
export async function loadRuleSet(sources: readonly RuleSource[], options: LoadOptions): Promise<RuleSet> {
  const texts: RuleText[] = [];
  const unreadable: SkippedRule[] = [];
  for (const source of sources) {
    for (const path of await ruleFiles(source.dir)) {
      try {
        texts.push({ path, text: await readFile(join(source.dir, path), 'utf8'), ruleset: source.ruleset });
      } catch (error) {
        unreadable.push({ path, ruleset: source.ruleset, reason: `cannot read the file: ${(error as Error).message}` });
      }
    }
  }
  const set = loadRuleTexts(texts, options);
  return unreadable.length === 0 ? set : { rules: set.rules, skipped: [...unreadable, ...set.skipped] };
}

// `rules import` on the server (POST /api/v1/rules/import): rule files a user brings as they are
// (a checkout of SigmaHQ's rules) are compiled first, the files that give at least one rule that
// runs here are kept under <dataDir>/rules/imported/ at their relative paths, and the rules are
// reloaded so the stream engine switches to the new set. Every file that does not load is listed
// with the reason (unknown logsource, unmapped field, bad YAML, an unsafe path), never dropped.
import { IMPORTED_RULESET } from './detection-component.ts';
import { loadRuleTexts, type LoadOptions, type RuleText } from './load.ts';
import type { RuleSet, SkippedRule } from './rule.ts';
import { readRuleFiles, safeRulePath, writeRuleFile, type RuleFile } from './rule-files.ts';
import type { DetectionService } from './service.ts';

export interface ImportSkip {
  readonly path: string;
  readonly reason: string;
  readonly id?: string;
  readonly title?: string;
}

export interface ImportResult {
  /** Rules from the files of this import that are now loaded. */
  readonly loaded: number;
  /** The files (or documents of them) of this import that did not load, with why. */
  readonly skipped: ImportSkip[];
  /** The files written to the imported directory. */
  readonly written: string[];
}

interface Checked {
  readonly accepted: RuleFile[];
  readonly refused: ImportSkip[];
}

/** Paths made safe and unique; the refused ones with their reason. */
function checkPaths(files: readonly RuleFile[]): Checked {
  const accepted = new Map<string, RuleFile>();
  const refused: ImportSkip[] = [];
  for (const file of files) {
    const checked = safeRulePath(file.path);
    if ('problem' in checked) refused.push({ path: file.path, reason: `unsafe path: ${checked.problem}` });
    else if (accepted.has(checked.path)) refused.push({ path: file.path, reason: `the import names ${checked.path} twice` });
    else accepted.set(checked.path, { path: checked.path, text: file.text });
  }
  return { accepted: [...accepted.values()], refused };
}

/**
 * Compile the new files together with the imported files already kept (a correlation may refer to
 * a rule imported before, in an earlier chunk), and keep the new files that gave a rule.
 */
function filesThatLoad(accepted: readonly RuleFile[], kept: readonly RuleFile[], options: LoadOptions): { load: RuleFile[]; set: RuleSet } {
  const incoming = new Set(accepted.map((file) => file.path));
  const texts: RuleText[] = [...kept.filter((file) => !incoming.has(file.path)), ...accepted].map((file) => ({ ...file, ruleset: IMPORTED_RULESET }));
  const set = loadRuleTexts(texts, options);
  const withRule = new Set(set.rules.map((rule) => rule.path));
  return { load: accepted.filter((file) => withRule.has(file.path)), set };
}

function skipOf(skipped: SkippedRule): ImportSkip {
  return { path: skipped.path, reason: skipped.reason, ...(skipped.id ? { id: skipped.id } : {}), ...(skipped.title ? { title: skipped.title } : {}) };
}

export async function importRules(service: DetectionService, files: readonly RuleFile[], options: LoadOptions): Promise<ImportResult> {
  const { accepted, refused } = checkPaths(files);
  const kept = await readRuleFiles(service.importDir);
  const { load, set: trial } = filesThatLoad(accepted, kept, options);
  const incoming = new Set(accepted.map((file) => file.path));
  for (const file of load) await writeRuleFile(service.importDir, file);
  const written = new Set(load.map((file) => file.path));
  const reloaded = load.length > 0 ? await service.reload() : service.ruleSet();
  const ours = (ruleset: string, p: string): boolean => ruleset === IMPORTED_RULESET && incoming.has(p);
  // Files not written: why, from the trial compile. Files written: their documents that still did not load.
  const notWritten = trial.skipped.filter((s) => ours(s.ruleset, s.path) && !written.has(s.path));
  const partly = reloaded.skipped.filter((s) => ours(s.ruleset, s.path) && written.has(s.path));
  const named = new Set(notWritten.map((s) => s.path));
  const silent = accepted.filter((file) => !written.has(file.path) && !named.has(file.path)).map((file) => ({ path: file.path, reason: 'the file holds no rule' }));
  return {
    loaded: reloaded.rules.filter((rule) => ours(rule.ruleset, rule.path)).length,
    skipped: [...refused, ...silent, ...[...notWritten, ...partly].map(skipOf)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    written: [...written].sort(),
  };
}

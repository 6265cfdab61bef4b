// `rules import` on the server (POST /api/v1/rules/import): rule files a user brings as they are
// (a checkout of SigmaHQ's rules) are kept under <dataDir>/rules/imported/ at their relative paths
// and the rules reloaded, so the stream engine switches to the new set; a file none of whose rules
// can run here is taken back. Every file that does not load is listed with the reason (unknown
// logsource, unmapped field, bad YAML, an unsafe path), never dropped.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { IMPORTED_RULESET } from './detection-component.ts';
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

function skipOf(skipped: SkippedRule): ImportSkip {
  return { path: skipped.path, reason: skipped.reason, ...(skipped.id ? { id: skipped.id } : {}), ...(skipped.title ? { title: skipped.title } : {}) };
}

/** A file whose documents all failed, or that holds nothing at all (a filter file gives no rule of its own, yet loads). */
function failed(file: RuleFile, set: RuleSet): boolean {
  const ours = (entry: { ruleset: string; path: string }): boolean => entry.ruleset === IMPORTED_RULESET && entry.path === file.path;
  if (set.rules.some(ours)) return false;
  return set.skipped.some(ours) || !/^filter:/m.test(file.text);
}

/** One import at a time per directory: a second waits, so their writes and reloads never interleave. */
const queues = new Map<string, Promise<unknown>>();

export function importRules(service: DetectionService, files: readonly RuleFile[]): Promise<ImportResult> {
  const previous = queues.get(service.importDir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => importNow(service, files));
  queues.set(service.importDir, next);
  return next;
}

/**
 * Write every new file, reload with every ruleset (so a correlation may refer to the pack's rules
 * or to rules imported before), then take back the files that did not load — the previous
 * version of a file is put back, a new file removed — and reload once more. What the loader says
 * is what the stream runs, so no second opinion of what "loads" can disagree with it.
 */
async function importNow(service: DetectionService, files: readonly RuleFile[]): Promise<ImportResult> {
  const { accepted, refused } = checkPaths(files);
  if (accepted.length === 0) return { loaded: 0, skipped: refused, written: [] };
  const before = new Map((await readRuleFiles(service.importDir)).map((file) => [file.path, file.text]));
  for (const file of accepted) await writeRuleFile(service.importDir, file);
  let set = await service.reload();
  const back = accepted.filter((file) => failed(file, set));
  const reasons = back.flatMap((file) => reasonsFor(file, set));
  if (back.length > 0) {
    for (const file of back) await takeBack(service.importDir, file.path, before.get(file.path));
    set = await service.reload();
  }
  const written = new Set(accepted.filter((file) => !back.includes(file)).map((file) => file.path));
  const ours = (entry: { ruleset: string; path: string }): boolean => entry.ruleset === IMPORTED_RULESET && written.has(entry.path);
  const partly = set.skipped.filter(ours).map(skipOf);
  return {
    loaded: set.rules.filter(ours).length,
    skipped: [...refused, ...reasons, ...partly].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    written: [...written].sort(),
  };
}

function reasonsFor(file: RuleFile, set: RuleSet): ImportSkip[] {
  const entries = set.skipped.filter((entry) => entry.ruleset === IMPORTED_RULESET && entry.path === file.path).map(skipOf);
  return entries.length > 0 ? entries : [{ path: file.path, reason: 'the file holds no rule' }];
}

async function takeBack(dir: string, relative: string, previous: string | undefined): Promise<void> {
  if (previous !== undefined) await writeRuleFile(dir, { path: relative, text: previous });
  else await rm(path.join(dir, ...relative.split('/')), { force: true });
}

// What the API routes and the CLI see of detection while the server runs (detection-component.ts
// provides it): the loaded rules, reloading them after an import, and where imported rules live.
import type { RuleSet } from './rule.ts';

export interface DetectionService {
  /** The rules in force: the pack, configured directories and imported rules. */
  ruleSet(): RuleSet;
  /** Load every rule directory again (after `rules import`); the stream engine switches to the new set. */
  reload(): Promise<RuleSet>;
  /** Where `rules import` keeps the files it accepted: `<dataDir>/rules/imported/`. */
  readonly importDir: string;
}

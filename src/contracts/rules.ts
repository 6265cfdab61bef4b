// The rules routes (docs/api.md, "Rules"): `GET /api/v1/rules` (loaded and skipped rules),
// `GET /api/v1/rules/:id`, `POST /api/v1/rules/import` (rule files as they are), `POST
// /api/v1/rules/test` (which events a rule matches and why) and `POST /api/v1/rules/hunt` (a rule
// over stored events). Pure.
import { z } from 'zod';
import { RULE_LEVELS } from '../detection/rule.ts';
import { detectionContract } from './detections.ts';

const count = z.number().int().nonnegative();
export const RULE_KINDS = ['detection', 'correlation'] as const;
export const RULE_STATES = ['loaded', 'skipped', 'all'] as const;

/** Most files one import request carries (`rules import` sends a large checkout in chunks). */
export const MAX_IMPORT_FILES = 500;
/** Largest rule file (SigmaHQ's largest are about 20 KB). */
export const MAX_RULE_FILE_BYTES = 256 * 1024;
/** Most events one rule test takes. */
export const MAX_TEST_EVENTS = 10_000;

export const logSourceContract = z.object({ product: z.string().optional(), category: z.string().optional(), service: z.string().optional() });

/** A loaded rule as `rules list` shows it. */
export const ruleSummary = z.object({
  id: z.string(),
  name: z.string().optional(),
  title: z.string(),
  level: z.enum(RULE_LEVELS),
  status: z.string().optional(),
  ruleset: z.string(),
  path: z.string(),
  revision: z.string(),
  kind: z.enum(RULE_KINDS),
  /** `detection` for a detection rule; the correlation type (event_count, temporal, rate…) for a correlation. */
  type: z.string(),
  tags: z.array(z.string()),
  /** A detection rule's logsource (absent for a correlation). */
  logsource: logSourceContract.optional(),
  description: z.string().optional(),
});
export type RuleSummaryContract = z.infer<typeof ruleSummary>;

/** A rule as `GET /api/v1/rules/:id` shows it: the summary and what it reads or refers to. */
export const ruleDetail = ruleSummary.extend({
  /** Detection rule: the ECS fields its searches read; its search identifiers; whether a match is a detection of its own. */
  fields: z.array(z.string()).optional(),
  searches: z.array(z.string()).optional(),
  generates: z.boolean().optional(),
  /** Correlation: the rules it refers to, its group-by and window. */
  rules: z.array(z.string()).optional(),
  groupBy: z.array(z.string()).optional(),
  timespanMs: count.optional(),
  references: z.array(z.string()).optional(),
  author: z.string().optional(),
  falsepositives: z.array(z.string()).optional(),
});
export type RuleDetailContract = z.infer<typeof ruleDetail>;

/** A rule file (or one document of it) that cannot run here, and why. */
export const skippedRuleContract = z.object({
  path: z.string(),
  ruleset: z.string(),
  reason: z.string(),
  id: z.string().optional(),
  title: z.string().optional(),
});

export const rulesListQuery = z.object({
  ruleset: z.string().max(200).optional(),
  /** loaded (default all): only loaded rules, only skipped files, or both. */
  state: z.enum(RULE_STATES).default('all'),
});

export const rulesListResponse = z.object({ rules: z.array(ruleSummary), skipped: z.array(skippedRuleContract) });
export type RulesListResponse = z.infer<typeof rulesListResponse>;

export const ruleParams = z.object({ id: z.string().min(1).max(512) });
export const ruleResponse = z.object({ rule: ruleDetail });
export type RuleResponse = z.infer<typeof ruleResponse>;

export const ruleFileContract = z.object({
  /** Relative to the imported directory; kept as given (no `..`, not absolute). */
  path: z.string().min(1).max(512),
  text: z.string().max(MAX_RULE_FILE_BYTES, `expected a rule file of at most ${MAX_RULE_FILE_BYTES} characters`),
});

export const importBody = z.object({ files: z.array(ruleFileContract).min(1).max(MAX_IMPORT_FILES) });
export type ImportBody = z.infer<typeof importBody>;

export const importSkip = z.object({ path: z.string(), reason: z.string(), id: z.string().optional(), title: z.string().optional() });

export const importResponse = z.object({
  /** Rules of these files now loaded. */
  loaded: count,
  skipped: z.array(importSkip),
  /** Files kept in the imported directory. */
  written: z.array(z.string()),
});
export type ImportResponse = z.infer<typeof importResponse>;

/** Which rule: a loaded one by id, name or title, or the text of a rule file (not kept). */
const ruleChoice = {
  rule: z.string().min(1).max(512).optional(),
  text: z.string().min(1).max(MAX_RULE_FILE_BYTES).optional(),
};

function oneRule(body: { rule?: string | undefined; text?: string | undefined }): boolean {
  return (body.rule === undefined) !== (body.text === undefined);
}
const ONE_RULE = { message: 'expected exactly one of rule (a loaded rule’s id, name or title) and text (a rule file’s YAML)', path: ['rule'] };

export const testBody = z
  .object({
    ...ruleChoice,
    /** NDJSON as the NDJSON ingest takes it, or raw syslog lines; or an array of events (objects or lines). */
    events: z.union([z.string(), z.array(z.unknown()).max(MAX_TEST_EVENTS)]),
  })
  .refine(oneRule, ONE_RULE);
export type TestBody = z.infer<typeof testBody>;

/** A detection as the hunt and test answers show it: the stored detections' shape (detections.ts) without a sequence of its own, since it is not stored. */
export const huntDetection = detectionContract.omit({ sequence: true });
export type HuntDetectionContract = z.infer<typeof huntDetection>;

export const testMatch = z.object({
  sequence: count,
  rule: z.object({ id: z.string(), title: z.string() }),
  searches: z.array(z.string()),
  values: z.record(z.string(), z.unknown()),
});

export const testResponse = z.object({
  rules: z.array(ruleSummary),
  events: count,
  matches: z.array(testMatch),
  detections: z.array(huntDetection),
});
export type TestResponse = z.infer<typeof testResponse>;

export const huntBody = z
  .object({
    ...ruleChoice,
    from: z.string().min(1).max(64),
    /** Default: now. */
    to: z.string().min(1).max(64).optional(),
    /** Most matching events read (default and maximum: the server's cap). */
    limit: z.number().int().min(1).optional(),
  })
  .refine(oneRule, ONE_RULE);
export type HuntBody = z.infer<typeof huntBody>;

export const huntResponse = z.object({
  rule: ruleSummary,
  from: z.string(),
  to: z.string(),
  /** Events the SQL selected (a detection rule's matches; a correlation's candidates). */
  matched: count,
  detections: z.array(huntDetection),
  /** Present when the hunt stopped at its cap: what was not looked at. */
  truncated: z.object({ maxRows: count, message: z.string() }).optional(),
});
export type HuntResponse = z.infer<typeof huntResponse>;

// The rules routes (docs/api.md, "Rules"): the rules in force and those skipped with why (`read`),
// one rule by id, name or title (`read`), importing rule files as they are (`admin`: it changes what
// the server detects), testing a rule on some events (`read`: nothing is stored) and hunting a rule
// over stored events (`read`, in the caller's scope, on the search slots under the search time
// limit). A rule given as text (test, hunt) is compiled on its own and never kept.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Masker } from '../access/masking.ts';
import { scopeOf } from '../access/scope.ts';
import type { Config } from '../config/schema.ts';
import {
  huntBody,
  importBody,
  jsonRequestBody,
  ruleParams,
  rulesListQuery,
  testBody,
  type HuntResponse,
  type ImportResponse,
  type RuleResponse,
  type RulesListResponse,
  type TestResponse,
} from '../contracts/index.ts';
import { DEFAULT_HUNT_MAX_ROWS, hunt, type HuntReader } from '../detection/hunt.ts';
import type { LoadOptions } from '../detection/load.ts';
import type { Rule, RuleSet } from '../detection/rule.ts';
import { importRules } from '../detection/rule-import.ts';
import { findRule } from '../detection/rule-lookup.ts';
import { detectionOf, ruleDetailOf, ruleSummaryOf } from '../detection/rule-present.ts';
import { compileRuleFile, testRules, topRules } from '../detection/rule-test.ts';
import type { DetectionService } from '../detection/service.ts';
import { testEvents, testEventsOfDocuments } from '../detection/test-events.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Clock } from '../runtime/clock.ts';
import { parseParams } from './params.ts';
import { parseTimeBound } from './time-params.ts';

export interface RuleRouteDeps {
  /** Absent when detection is switched off: the routes then say so instead of answering 404 "no route". */
  readonly detection: DetectionService | undefined;
  /** The event store: hunts read through its search slots. */
  readonly store: HuntReader;
  readonly config: Pick<Config, 'detection' | 'ingest'>;
  readonly record: RecordInternal;
  readonly clock: Clock;
  /** A masked caller's test and hunt answers are masked like its detections. */
  readonly access: Pick<AccessServices, 'masking'>;
}

const EXAMPLES = {
  import: '{"files": [{"path": "linux/auth/x.yml", "text": "title: …"}]}',
  test: '{"rule": "<id, name or title>" | "text": "<rule YAML>", "events": "<NDJSON or syslog lines>" | [events]}',
  hunt: '{"rule": "<id, name or title>" | "text": "<rule YAML>", "from": "now-30d", "to"?: "now"}',
};

function body(request: FastifyRequest, example: string): unknown {
  const parsed = jsonRequestBody(request.body, example);
  if (parsed === undefined) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body ${example}`);
  return parsed;
}

const OFF = 'detection is switched off (detection.enabled: false), so no rules are loaded; `logwarden rules test FILE --events …` still works offline';

interface RouteContext {
  readonly detection: () => DetectionService;
  readonly loadOptions: LoadOptions;
  readonly engineOptions: { readonly latenessMs: number; readonly maxEvidence: number };
}

export function registerRuleRoutes(app: FastifyInstance, deps: RuleRouteDeps): void {
  const context: RouteContext = {
    detection: () => {
      if (deps.detection === undefined) throw new LogwardenError('LW_NOT_FOUND', OFF);
      return deps.detection;
    },
    loadOptions: { placeholders: deps.config.detection.placeholders },
    engineOptions: { latenessMs: deps.config.detection.latenessSeconds * 1000, maxEvidence: deps.config.detection.maxEvidence },
  };
  registerRuleSetRoutes(app, deps, context);
  registerRuleRunRoutes(app, deps, context);
}

/** The rules in force: list, one rule, import. */
function registerRuleSetRoutes(app: FastifyInstance, deps: RuleRouteDeps, { detection }: RouteContext): void {
  app.get('/api/v1/rules', { config: { permission: 'rules.read' } }, async (request): Promise<RulesListResponse> => {
    const query = parseParams(rulesListQuery, request.query);
    const set = detection().ruleSet();
    const inSet = (ruleset: string): boolean => query.ruleset === undefined || ruleset === query.ruleset;
    return {
      rules: query.state === 'skipped' ? [] : set.rules.filter((rule) => inSet(rule.ruleset)).map(ruleSummaryOf),
      skipped: query.state === 'loaded' ? [] : set.skipped.filter((skipped) => inSet(skipped.ruleset)).map((skipped) => ({ ...skipped })),
    };
  });

  app.get('/api/v1/rules/:id', { config: { permission: 'rules.read' } }, async (request): Promise<RuleResponse> => {
    const { id } = parseParams(ruleParams, request.params);
    return { rule: ruleDetailOf(findRule(detection().ruleSet(), id)) };
  });

  app.post('/api/v1/rules/import', { config: { permission: 'rules.manage', audit: 'rules-import' } }, async (request): Promise<ImportResponse> => {
    const { files } = parseParams(importBody, body(request, EXAMPLES.import));
    request.auditDetails = { target: files.map((file) => file.path).join(', ') };
    const result = await importRules(detection(), files);
    if (result.written.length > 0) {
      await deps.record(
        'rules-imported',
        `${result.written.length} rule files imported by token "${request.principal?.name ?? 'unknown'}": ${result.loaded} rules loaded, ${result.skipped.length} skipped`,
      );
    }
    return result;
  });
}

/** Running a rule: on events given (test), on stored events (hunt). */
function registerRuleRunRoutes(app: FastifyInstance, deps: RuleRouteDeps, { detection, loadOptions, engineOptions }: RouteContext): void {
  app.post('/api/v1/rules/test', { config: { permission: 'rules.read', audit: 'rules-test' } }, async (request): Promise<TestResponse> => {
    const parsed = parseParams(testBody, body(request, EXAMPLES.test));
    const { set, targets } = chosen(detection().ruleSet(), parsed, loadOptions);
    const options = { receivedAt: deps.clock.now(), maxEventBytes: deps.config.ingest.maxEventBytes };
    const events = typeof parsed.events === 'string' ? testEvents(parsed.events, options) : testEventsOfDocuments(parsed.events, options);
    const result = await testRules(set, targets, events, engineOptions);
    const masker = deps.access.masking.forPrincipal(request.principal);
    return {
      rules: result.rules.map(ruleSummaryOf),
      events: result.events,
      matches: result.matches.map((match) => ({ ...match, rule: { ...match.rule }, searches: [...match.searches], values: masker ? masker.maskFieldValues(match.values) : { ...match.values } })),
      detections: result.detections.map((detection) => masked(masker, detectionOf(detection))),
    };
  });

  app.post('/api/v1/rules/hunt', { config: { permission: 'rules.read', audit: 'rules-hunt' } }, async (request): Promise<HuntResponse> => {
    const parsed = parseParams(huntBody, body(request, EXAMPLES.hunt));
    request.auditDetails = { query: parsed.rule ?? parsed.text ?? '' };
    const { set, targets } = chosen(detection().ruleSet(), parsed, loadOptions);
    const rule = huntTarget(targets);
    const now = deps.clock.now();
    const from = parseTimeBound('from', parsed.from, now) as number;
    const to = parseTimeBound('to', parsed.to, now) ?? now;
    if (from >= to) throw new LogwardenError('LW_BAD_REQUEST', `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
    const maxRows = Math.min(parsed.limit ?? DEFAULT_HUNT_MAX_ROWS, DEFAULT_HUNT_MAX_ROWS);
    const result = await hunt(deps.store, set, rule, { from, to }, { scope: scopeOf(request.principal), maxRows, ...engineOptions });
    request.auditDetails = { ...request.auditDetails, results: result.matched.length };
    return {
      rule: ruleSummaryOf(rule),
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      matched: result.matched.length,
      detections: result.detections.map((detection) => masked(deps.access.masking.forPrincipal(request.principal), detectionOf(detection))),
      ...(result.truncated ? { truncated: { maxRows: result.truncated.maxRows, message: result.truncated.message } } : {}),
    };
  });
}

function masked<T extends Parameters<Masker['maskDetection']>[0]>(masker: Masker | undefined, detection: T): T {
  return masker ? masker.maskDetection(detection) : detection;
}

/** The rule(s) a test or hunt names: a loaded one (the loaded set resolves its references), or a text compiled alone. */
function chosen(loaded: RuleSet, parsed: { rule?: string | undefined; text?: string | undefined }, options: LoadOptions): { set: RuleSet; targets: Rule[] } {
  if (parsed.rule !== undefined) return { set: loaded, targets: [findRule(loaded, parsed.rule)] };
  const set = compileRuleFile('request.yml', parsed.text as string, options);
  return { set, targets: topRules(set) };
}

function huntTarget(targets: readonly Rule[]): Rule {
  if (targets.length === 1) return targets[0] as Rule;
  throw new LogwardenError(
    'LW_RULE_INVALID',
    `the text holds ${targets.length} rules no other refers to (${targets.map((rule) => rule.title).join(', ')}): a hunt runs one; import them and hunt each by id`,
  );
}

// `logwarden rules …` (docs/detection.md, "Rules commands"): import a directory of Sigma rules as
// they are, list the rules in force (and the skipped ones with why), test a rule on some events
// (offline when RULE is a file), and hunt a rule over stored events. All but an offline test talk
// to a running server through the API (src/api/rule-routes.ts).
import { readFile, stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { huntResponse, importResponse, MAX_IMPORT_FILES, rulesListResponse, testResponse, type ImportResponse, type TestResponse } from '../contracts/rules.ts';
import { readRuleFiles, type RuleFile } from '../detection/rule-files.ts';
import { detectionOf, ruleSummaryOf } from '../detection/rule-present.ts';
import { compileRuleFile, testRules, topRules } from '../detection/rule-test.ts';
import { testEvents } from '../detection/test-events.ts';
import { LogwardenError } from '../errors/codes.ts';
import { systemClock } from '../runtime/clock.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';
import { chunkRuleFiles } from './rule-chunks.ts';
import { formatDetections } from './detection-commands.ts';
import { formatImportSummary, formatRulesTable, formatSkippedTable, formatTestResult, ruleLine } from './rules-format.ts';
import { timeFlag } from './time-flag.ts';

type Options = (command: Command) => ClientOptions;

/** Rule text per import request: far below the default http.maxBodyBytes (16 MiB), JSON escaping included. */
const IMPORT_CHUNK_BYTES = 2 * 1024 * 1024;
/** Import recompiles every rule: a large checkout's chunk may take a while. */
const IMPORT_TIMEOUT_MS = 5 * 60_000;
const HUNT_TIMEOUT_MS = 10 * 60_000;
/** What an offline test uses where a server would use its config (detection.latenessSeconds, maxEvidence, ingest.maxEventBytes). */
const OFFLINE = { latenessMs: 60_000, maxEvidence: 100, maxEventBytes: 64 * 1024 };

export function registerRuleCommands(program: Command, clientOptions: Options): void {
  const rules = program.command('rules').description('detection rules: import a directory of Sigma rules, list them, test one on events, hunt one over stored events');
  rules
    .command('import')
    .description('import every .yml/.yaml Sigma rule under DIR (e.g. a checkout of SigmaHQ rules) into the server; prints `loaded N, skipped M` and each skipped file with why')
    .argument('<dir>', 'a directory of rule files; their paths below it are kept')
    .action((dir: string, _flags: unknown, command: Command) => importCommand(dir, clientOptions(command)));
  rules
    .command('list')
    .description('the rules in force (the shipped pack, configured directories, imported rules); --skipped: the rule files that cannot run here, with why')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'ndjson']).default('table'))
    .option('--skipped', 'list the skipped rule files and their reasons instead')
    .option('--ruleset <name>', 'only this ruleset (logwarden, imported, or a configured directory)')
    .action((flags: ListFlags, command: Command) => listCommand(flags, clientOptions(command)));
  rules
    .command('test')
    .description('which events RULE matches and why, and the detections it would make; RULE as a file works offline (no server needed)')
    .argument('<rule>', 'a rule file (tested offline), or a loaded rule’s id, name or title (tested by the server)')
    .requiredOption('--events <file>', 'events: NDJSON as the NDJSON ingest takes it, or raw syslog lines; numbered by line')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((rule: string, flags: TestFlags, command: Command) => testCommand(rule, flags, command, clientOptions));
  rules
    .command('hunt')
    .description('run RULE over stored events (nothing is stored) and print the detections it would have made, as `logwarden detections` does')
    .argument('<rule>', 'a loaded rule’s id, name or title, or a rule file (compiled by the server, not kept)')
    .requiredOption('--from <time>', 'events from (@timestamp; ISO 8601, epoch ms, now-30d)', timeFlag('--from'))
    .option('--to <time>', 'events before (default now)', timeFlag('--to'))
    .option('--limit <n>', 'most matching events read (default: the server’s cap)', Number)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'ndjson']).default('table'))
    .action((rule: string, flags: HuntFlags, command: Command) => huntCommand(rule, flags, clientOptions(command)));
}

async function importCommand(dir: string, options: ClientOptions): Promise<void> {
  const files = await readRuleFiles(dir).catch((error: NodeJS.ErrnoException) => {
    throw new LogwardenError('LW_CLI_SERVER', `cannot read rule directory ${dir}: ${error.message}`);
  });
  if (files.length === 0) throw new LogwardenError('LW_CLI_SERVER', `no .yml or .yaml rule files under ${dir}`);
  const token = resolveToken(options, process.env);
  let loaded = 0;
  const skipped: ImportResponse['skipped'] = [];
  for (const chunk of chunkRuleFiles(files, { maxFiles: MAX_IMPORT_FILES, maxBytes: IMPORT_CHUNK_BYTES })) {
    const answer = await sendChunk(chunk, { timeoutMs: IMPORT_TIMEOUT_MS, ...options }, token);
    loaded += answer.loaded;
    skipped.push(...answer.skipped);
  }
  process.stdout.write(`${formatImportSummary(loaded, skipped)}\n`);
}

/** One request; a server whose http.maxBodyBytes is below the chunk (413) gets it in halves. */
async function sendChunk(chunk: readonly RuleFile[], options: ClientOptions, token: string): Promise<Pick<ImportResponse, 'loaded' | 'skipped'>> {
  try {
    return await requestJson(importResponse, options, token, 'POST', '/api/v1/rules/import', { files: chunk });
  } catch (error) {
    if (!(error instanceof LogwardenError) || error.details['status'] !== 413 || chunk.length < 2) throw error;
    const half = Math.ceil(chunk.length / 2);
    const first = await sendChunk(chunk.slice(0, half), options, token);
    const second = await sendChunk(chunk.slice(half), options, token);
    return { loaded: first.loaded + second.loaded, skipped: [...first.skipped, ...second.skipped] };
  }
}

interface ListFlags {
  format: 'table' | 'ndjson';
  skipped?: boolean;
  ruleset?: string;
}

async function listCommand(flags: ListFlags, options: ClientOptions): Promise<void> {
  const state = flags.skipped ? 'skipped' : 'loaded';
  const answer = await getJson(rulesListResponse, options, resolveToken(options, process.env), '/api/v1/rules', { state, ruleset: flags.ruleset });
  if (flags.format === 'ndjson') {
    const lines = flags.skipped ? answer.skipped.map((skip) => JSON.stringify(skip)) : answer.rules.map(ruleLine);
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    return;
  }
  process.stdout.write(`${flags.skipped ? formatSkippedTable(answer.skipped) : formatRulesTable(answer.rules)}\n`);
}

interface TestFlags {
  events: string;
  format: 'text' | 'json';
}

async function isFile(candidate: string): Promise<boolean> {
  return stat(candidate).then(
    (found) => found.isFile(),
    () => false,
  );
}

async function testCommand(rule: string, flags: TestFlags, command: Command, clientOptions: Options): Promise<void> {
  const events = await readFile(flags.events, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new LogwardenError('LW_CLI_SERVER', `cannot read events file ${flags.events}: ${error.message}`);
  });
  let result: TestResponse;
  if (await isFile(rule)) result = await offlineTest(rule, events);
  else {
    const options = clientOptions(command);
    result = await requestJson(testResponse, options, resolveToken(options, process.env), 'POST', '/api/v1/rules/test', { rule, events });
  }
  process.stdout.write(flags.format === 'json' ? `${JSON.stringify(result)}\n` : `${formatTestResult(result)}\n`);
}

/** The rule file compiled here and run on the events here, as the server would: no server, no token. */
async function offlineTest(file: string, text: string): Promise<TestResponse> {
  const set = compileRuleFile(file, await readFile(file, 'utf8'), { placeholders: {} });
  const events = testEvents(text, { receivedAt: systemClock.now(), maxEventBytes: OFFLINE.maxEventBytes });
  const result = await testRules(set, topRules(set), events, OFFLINE);
  return {
    rules: result.rules.map(ruleSummaryOf),
    events: result.events,
    matches: result.matches.map((match) => ({ ...match, rule: { ...match.rule }, searches: [...match.searches], values: { ...match.values } })),
    detections: result.detections.map(detectionOf),
  };
}

interface HuntFlags {
  from: string;
  to?: string;
  limit?: number;
  format: 'table' | 'ndjson';
}

async function huntCommand(rule: string, flags: HuntFlags, options: ClientOptions): Promise<void> {
  const choice = (await isFile(rule)) ? { text: await readFile(rule, 'utf8') } : { rule };
  const body = { ...choice, from: flags.from, ...(flags.to ? { to: flags.to } : {}), ...(flags.limit !== undefined ? { limit: flags.limit } : {}) };
  const answer = await requestJson(huntResponse, { timeoutMs: HUNT_TIMEOUT_MS, ...options }, resolveToken(options, process.env), 'POST', '/api/v1/rules/hunt', body);
  if (flags.format === 'ndjson') process.stdout.write(answer.detections.map((detection) => `${JSON.stringify(detection)}\n`).join(''));
  else process.stdout.write(`${formatDetections(answer.detections)}\n`);
  process.stderr.write(`${answer.detections.length} detections from ${answer.matched} matching events between ${answer.from} and ${answer.to}\n`);
  if (answer.truncated) process.stderr.write(`${answer.truncated.message}\n`);
}

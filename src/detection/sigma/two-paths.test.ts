// The two execution paths held equal for compiled Sigma detections (issue 12, "Two paths, one
// meaning"; R-ANALYSE-1): for generated `detection` sections — random fields, values with
// wildcards and escapes, modifier chains, null, keywords and conditions — over generated events,
// the events the stream's JavaScript matcher accepts are exactly the rows the real embedded engine
// returns for the same predicate rendered as SQL. Fields resolve over the fixture registry of
// src/query/match.fixtures.ts (event.category and event.type as arrays).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from 'chdb';
import fc from 'fast-check';
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import { predicateMatcher } from '../../query/match.ts';
import { ARRAY_FIELDS, eventArb, toEngineRow } from '../../query/match.fixtures.ts';
import { toSql } from '../../query/sql-backend.ts';
import { assertSafeCompiledQuery } from '../../query/sql-safety.fixtures.ts';
import type { LogEvent } from '../../schema/event.ts';
import { compileDetection, SigmaRuleError, type CompileContext } from './detection.ts';

/** ECS names resolve to themselves over the fixture registry; `labels.KEY` to the map's key. */
function resolveField(name: string): FieldSel | undefined {
  const def = ARRAY_FIELDS.find((f) => f.name === name);
  if (def && def.kind !== 'map') return { def, name };
  const map = ARRAY_FIELDS.find((f) => f.kind === 'map' && name.startsWith(`${f.name}.`));
  return map ? { def: map, name, key: name.slice(map.name.length + 1) } : undefined;
}

const CONTEXT: CompileContext = { resolveField, placeholders: { admins: ['root', 'ad?in'], hosts: ['web-*', 'Alice'] } };

let dataDir: string;
let session: Session;
let tables = 0;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'logwarden-sigma-'));
  session = new Session(dataDir);
});

after(() => {
  session.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function load(events: readonly LogEvent[]): Promise<string> {
  const table = `events_${tables++}`;
  const columns = ARRAY_FIELDS.map((f) => `\`${f.column}\` ${f.type}`).join(', ');
  await session.queryAsync(
    `CREATE TABLE ${table} (${columns}, INDEX idx_message message TYPE text(tokenizer = splitByNonAlpha, preprocessor = lower(message))) ` + 'ENGINE = MergeTree ORDER BY (timestamp, event_sequence)',
  );
  const rows = events.map((event) => JSON.stringify(toEngineRow(event))).join('\n');
  if (rows !== '') await session.insert({ table, values: Buffer.from(rows), format: 'JSONEachRow' });
  return table;
}

async function viaSql(table: string, predicate: Predicate): Promise<number[]> {
  const compiled = toSql(predicate);
  assertSafeCompiledQuery(compiled);
  const result = await session.queryBindAsync(`SELECT event_sequence FROM ${table} WHERE ${compiled.sql} ORDER BY event_sequence`, compiled.params, { format: 'JSONEachRow' });
  return result
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Number((JSON.parse(line) as { event_sequence: string | number }).event_sequence));
}

// ---------------------------------------------------------------------------------------------
// Generated detections
// ---------------------------------------------------------------------------------------------

const STRING_FIELDS = ['message', 'user.name', 'host.name', 'source.ip', 'host.ip', 'labels.env', 'labels.team', 'event.category', 'log.level'];
const INT_FIELDS = ['source.port', 'destination.port', 'event.severity'];
const STRINGS = [
  'alice',
  'ALICE',
  'ali*',
  '*ce',
  'a?ice',
  'root',
  'ad_in',
  'adm1n',
  'web-1',
  'web/1',
  'fail',
  'Failed',
  'PASS*',
  'café',
  'CAFÉ',
  'ſ',
  'k',
  '10.0.0.1',
  '10.0.*',
  'prod',
  'Prod',
  'auth*',
  'x\\*y',
  'x*y',
  'a%b',
  'x\\y',
  'x\\\\y',
  '',
  '*',
  '%admins%',
  '%hosts%',
  'network',
  'error',
];
const REGEXES = ['^fail', 'pass(word)?', 'a.b', '^(root|admin)$', 'é$', '[0-9]+\\.[0-9]+', '^$', '(?:^|\\s)failed', 'p.rt$', 'K', '\\w+ed', '[\\w-]+1', '\\Wfail', 'ſ\\w', '(?i)ROOT', '(?s)a.b'];
const CIDRS = ['10.0.0.0/8', '10.0.0.0/30', '192.168.0.0/16', '2001:db8::/32', '::/0', '0.0.0.0/0'];

const stringItem = fc.record({
  field: fc.constantFrom(...STRING_FIELDS),
  modifiers: fc
    .subarray(['contains', 'all', 'cased', 'windash', 'expand', 'neq'], { maxLength: 3 })
    .chain((mods) => fc.constantFrom(mods, [...mods.filter((m) => m !== 'contains'), 'startswith'], [...mods.filter((m) => m !== 'contains'), 'endswith'])),
  values: fc.oneof(fc.constantFrom(...STRINGS), fc.array(fc.oneof(fc.constantFrom(...STRINGS), fc.constant(null)), { minLength: 1, maxLength: 3 })),
});

const item: fc.Arbitrary<[string, unknown]> = fc.oneof(
  { weight: 5, arbitrary: stringItem.map(({ field, modifiers, values }): [string, unknown] => [[field, ...modifiers].join('|'), values]) },
  fc.tuple(fc.constantFrom(...STRING_FIELDS), fc.subarray(['i', 'm', 's']), fc.constantFrom(...REGEXES)).map(([f, flags, re]): [string, unknown] => [[f, 're', ...flags].join('|'), re]),
  fc.tuple(fc.constantFrom('source.ip', 'host.ip', 'user.name'), fc.array(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 2 })).map(([f, v]): [string, unknown] => [`${f}|cidr`, v]),
  fc.tuple(fc.constantFrom(...STRING_FIELDS, ...INT_FIELDS, 'logwarden.truncated', 'labels.none'), fc.boolean()).map(([f, v]): [string, unknown] => [`${f}|exists`, v]),
  fc
    .tuple(fc.constantFrom(...INT_FIELDS), fc.constantFrom('gt', 'gte', 'lt', 'lte', ''), fc.constantFrom(0, 22, 443, 1024, 5, -1, '22'))
    .map(([f, m, v]): [string, unknown] => [m === '' ? f : `${f}|${m}`, v]),
  fc.tuple(fc.constantFrom(...INT_FIELDS), fc.constant(null)).map(([f, v]): [string, unknown] => [f, v]),
  fc
    .tuple(fc.constantFrom(['user.name', 'host.name'], ['source.ip', 'host.ip'], ['labels.env', 'labels.team'], ['source.port', 'destination.port'], ['message', 'user.name']), fc.boolean())
    .map(([[a, b], cased]): [string, unknown] => [cased ? `${a}|fieldref|cased` : `${a}|fieldref`, b]),
  fc
    .tuple(fc.constantFrom('message', 'user.name'), fc.constantFrom('base64', 'base64offset', 'utf16le|base64offset'), fc.constantFrom('alice', 'root', 'fail'))
    .map(([f, m, v]): [string, unknown] => [`${f}|${m}|contains`, v]),
);

const map = fc.array(item, { minLength: 1, maxLength: 2 }).map((entries) => Object.fromEntries(entries));
const keywords = fc.array(fc.constantFrom(...STRINGS.filter((s) => !s.startsWith('%'))), { minLength: 1, maxLength: 3 });
const keywordMap = fc.tuple(fc.constantFrom('|all', '|cased', '|startswith', '|windash', '|all|cased'), keywords).map(([key, values]) => ({ [key]: values }));
const search = fc.oneof({ weight: 4, arbitrary: map }, fc.array(map, { minLength: 1, maxLength: 2 }), keywords, keywordMap);

const NAMES = ['sel', 'sel_b', 'filter', '_aux'];
const conditionOver = (names: readonly string[]): fc.Arbitrary<string> =>
  fc.letrec<{ c: string }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(...names, '1 of sel*', 'all of sel*', 'any of them', '1 of them', 'ALL OF them'),
      fc.tuple(tie('c'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('c')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('c').map((c) => `not ${c}`),
      tie('c').map((c) => `(${c})`),
    ),
  })).c;

/** A detection section whose identifiers always include `sel` (so `sel*` patterns match). */
const detectionArb = fc.subarray(NAMES.slice(1), { maxLength: 3 }).chain((extra) => {
  const names = ['sel', ...extra];
  const condition = fc.oneof({ weight: 3, arbitrary: conditionOver(names) }, fc.array(conditionOver(names), { minLength: 1, maxLength: 2 }));
  return fc.tuple(fc.tuple(...names.map(() => search)), condition).map(([values, c]) => ({ ...Object.fromEntries(names.map((n, i) => [n, values[i]])), condition: c }));
});

function compiled(detection: Record<string, unknown>): Predicate | undefined {
  try {
    return compileDetection(detection, CONTEXT).predicate;
  } catch (error) {
    if (error instanceof SigmaRuleError) return undefined;
    throw error;
  }
}

let tried = 0;
let ran = 0;

async function pathsAgree(generated: readonly LogEvent[], detections: readonly Record<string, unknown>[]): Promise<void> {
  const events = generated.map((event, i): LogEvent => ({ ...event, 'event.sequence': i }));
  const table = await load(events);
  for (const detection of detections) {
    tried++;
    const predicate = compiled(detection);
    if (predicate === undefined) continue;
    ran++;
    const matcher = predicateMatcher(predicate);
    const js = events.flatMap((event, i) => (matcher(event) ? [i] : []));
    assert.deepEqual(js, await viaSql(table, predicate), `${JSON.stringify(detection)}\nevents: ${JSON.stringify(events)}`);
  }
}

describe('compiled Sigma detections: the stream matcher and the SQL path agree on the real engine (R-ANALYSE-1)', () => {
  it('for generated detections (fields, values, modifiers, null, keywords, conditions) over generated events', async () => {
    await fc.assert(fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 30 }), fc.array(detectionArb, { minLength: 1, maxLength: 12 }), pathsAgree), { numRuns: 40 });
    // The property is about compiled rules: most generated ones must compile, or it tests little.
    assert.ok(ran > tried / 2, `only ${ran} of ${tried} generated detections compiled`);
  });
});

describe('compiled Sigma detections on fixed cases, both paths (R-ANALYSE-1)', () => {
  async function both(detection: Record<string, unknown>, events: readonly Record<string, unknown>[]): Promise<{ sql: number[]; js: number[] }> {
    const numbered = events.map((event, i) => ({ ...event, 'event.sequence': i }) as LogEvent);
    const predicate = compileDetection(detection, CONTEXT).predicate;
    const matcher = predicateMatcher(predicate);
    return { sql: await viaSql(await load(numbered), predicate), js: numbered.flatMap((event, i) => (matcher(event) ? [i] : [])) };
  }

  it('fieldref folds case as RE2 does, also for ſ and the Kelvin sign, and treats regex characters in the other value literally', async () => {
    const events = [
      { 'user.name': 'ſ', 'host.name': 'S' },
      { 'user.name': 'K', 'host.name': '\u212a' },
      { 'user.name': 'a.c', 'host.name': 'abc' },
      { 'user.name': 'abc', 'host.name': 'a.c' },
      { 'user.name': 'x*(y', 'host.name': 'X*(Y' },
      { 'user.name': 'web-1', 'host.name': 'web-1' },
    ];
    const { sql, js } = await both({ sel: { 'user.name|fieldref': 'host.name' }, condition: 'sel' }, events);
    assert.deepEqual(js, sql);
    assert.ok(js.includes(4) && js.includes(5) && !js.includes(2) && !js.includes(3), String(js));
    const cased = await both({ sel: { 'user.name|fieldref|cased': 'host.name' }, condition: 'sel' }, events);
    assert.deepEqual(cased, { sql: [5], js: [5] });
  });

  it('fieldref and comparisons on Nullable ports keep absent values out, also under not', async () => {
    const events = [{ 'source.port': 22, 'destination.port': 22 }, { 'source.port': 22 }, {}, { 'source.port': 80, 'destination.port': 22 }];
    assert.deepEqual(await both({ sel: { 'source.port|fieldref': 'destination.port' }, condition: 'not sel' }, events), { sql: [1, 2, 3], js: [1, 2, 3] });
    assert.deepEqual(await both({ sel: { 'source.port|lt': 50 }, condition: 'not sel' }, events), { sql: [2, 3], js: [2, 3] });
    assert.deepEqual(await both({ sel: { 'destination.port': null }, condition: 'sel' }, events), { sql: [1, 2], js: [1, 2] });
  });
});

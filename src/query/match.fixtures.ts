// Shared by the differential tests: random events whose values come from small pools (so random
// queries match some and miss others), a registry where event.category and event.type are arrays
// (the shape issue 10 gives them), the engine row form of an event, and arbitraries for the
// Sigma-only nodes (strings, regex, presence) that the query language has no syntax for.

import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import type { FieldDef } from '../schema/fields.ts';
import { FIELDS } from '../schema/fields.ts';
import type { FieldRef, QueryNode } from './ast.ts';

/** The registry with `event.category` and `event.type` as arrays of strings. */
export const ARRAY_FIELDS: readonly FieldDef[] = FIELDS.map((f) => (f.name === 'event.category' || f.name === 'event.type' ? { ...f, type: 'Array(LowCardinality(String))', array: true } : f));

const WORDS = [
  'failed',
  'Failed',
  'PASSWORD',
  'password',
  'alice',
  'root',
  '10.0.0.1',
  '10.0.0.11',
  'café',
  'CAFÉ',
  '日本語',
  'a-b',
  '100%',
  "it's",
  'ssh2',
  'port',
  '22',
  'x*y?z',
  'fail',
  'ad_in',
  'admin',
  'FAILEDPASSWORD',
  'ſK',
];
const SEPARATORS = [' ', ' ', '-', ': ', '\n', '_'];
const KEYWORDS = ['alice', 'Alice', 'ALICE', 'root', 'ad_in', 'admin', 'adm1n', 'café', 'CAFÉ', 'bob_smith', 'web-1', 'web-2', 'a%b', 'x\\y', '', ''];
const IPS = ['10.0.0.1', '10.0.0.11', '10.200.0.1', '192.168.1.5', '2001:db8::1', 'fe80::1', '::1', 'garbage', '', '::ffff:10.0.0.1'];
const CATEGORIES = ['authentication', 'network', 'process', 'Authentication', 'file'];
const NOW = Date.parse('2026-11-24T12:00:00Z');

const message = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 4 })
  .map((parts) => parts.map(([w, s], i) => (i === parts.length - 1 ? w : `${w}${s}`)).join(''));
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** One random event, without its sequence number. */
export const eventArb: fc.Arbitrary<LogEvent> = fc
  .record({
    '@timestamp': fc.integer({ min: NOW - 3 * 86_400_000, max: NOW + 86_400_000 }),
    message,
    'user.name': fc.constantFrom(...KEYWORDS),
    'host.name': fc.constantFrom(...KEYWORDS),
    'log.level': fc.constantFrom('info', 'error', 'Error', 'warning', ''),
    'source.ip': fc.constantFrom(...IPS),
    'host.ip': fc.constantFrom(...IPS),
    'source.port': opt(fc.integer({ min: 0, max: 65535 })),
    'destination.port': opt(fc.constantFrom(22, 443, 1024, 51000)),
    'event.severity': opt(fc.integer({ min: -5, max: 10 })),
    'logwarden.truncated': fc.boolean(),
    labels: fc.dictionary(fc.constantFrom('env', 'team', "x'y"), fc.constantFrom('prod', 'prod-eu', 'staging', 'Prod', '')),
    'event.category': fc.subarray(CATEGORIES),
    'event.type': fc.subarray(['start', 'end', 'denied']),
  })
  .map((event) => Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as LogEvent);

const engineTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The event as a JSONEachRow object of the fixture registry's columns. */
export function toEngineRow(event: LogEvent): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of ARRAY_FIELDS) {
    const value = event[field.name];
    if (value === undefined) continue;
    row[field.column] = field.kind === 'time' ? engineTime(value as number) : value;
  }
  return row;
}

const STRING_FIELDS = ['message', 'user.name', 'host.name', 'source.ip', 'labels.env', 'labels.team', 'event.category', 'event.type', 'log.level'];
const ANY_FIELDS = [...STRING_FIELDS, 'source.port', 'event.severity', 'event.sequence', '@timestamp', 'logwarden.truncated', 'labels.none'];
const ref = (name: string): FieldRef => ({ name, position: 0 });
const SUBSTRINGS = ['a', 'A', 'ali', 'ALICE', 'é', 'É', 'caf', 'fail', 'FAIL', 'pass', '10.0', '0.1', '::', 'prod', 'auth', 'Auth', '%', '_', '\\', '', 'ſ', 'k', 'web-', 'x*y', 'start'];
const REGEXES = [
  '^fail',
  'pass(word)?',
  '[0-9]+\\.[0-9]+',
  'a.b',
  '\\d{2}',
  'caf.',
  'é$',
  '(?:root|admin)',
  '\\s',
  '日本',
  '^$',
  'x\\*y',
  '[^a-z]',
  'A|b',
  '^[a-z_]+$',
  'p\\x{72}od',
  '\\w+',
  '\\bfail',
  '.',
  '10\\.0\\.0\\.1$',
  'k',
  '[\\s-]',
];

const sigmaLeaf: fc.Arbitrary<QueryNode> = fc.oneof(
  fc.record({
    type: fc.constant('strings' as const),
    field: fc.constantFrom(...STRING_FIELDS).map(ref),
    at: fc.constantFrom('equals', 'contains', 'startswith', 'endswith'),
    values: fc.array(fc.oneof(fc.constantFrom(...SUBSTRINGS), fc.constantFrom(...KEYWORDS, ...WORDS, ...IPS, ...CATEGORIES)), { minLength: 1, maxLength: 3 }),
    all: fc.boolean(),
    cased: fc.boolean(),
  }),
  // \w and \b are refused when case-insensitive: the property checks both backends refuse alike.
  fc.record({ type: fc.constant('regex' as const), field: fc.constantFrom(...STRING_FIELDS).map(ref), pattern: fc.constantFrom(...REGEXES), cased: fc.boolean() }),
  fc.record({ type: fc.constant('presence' as const), field: fc.constantFrom(...ANY_FIELDS).map(ref), present: fc.boolean() }),
);

/** Random trees of the Sigma-only nodes. */
export const sigmaQuery: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    sigmaLeaf,
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'and', children })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'or', children })),
    tie('node').map((child): QueryNode => ({ type: 'not', child })),
  ),
})).node;

// fast-check arbitraries for queries, shared by the compiler and engine tests. The grammar-based
// arbitrary produces mostly well-typed queries (so the engine gets to run them) with a share of
// wrong types, unknown fields, hostile text and odd Unicode mixed in.

import fc from 'fast-check';
import type { FieldKind } from '../schema/fields.ts';
import { FIELDS, FIELD_ALIASES } from '../schema/fields.ts';

/** Quote text as a phrase: only `"` and `\` need escaping inside quotes. */
export function quotePhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** Escape every character so that a bare word, e.g. a label key, is taken literally. */
export function escapeBare(text: string): string {
  return [...text].map((ch) => `\\${ch}`).join('');
}

const WORDS = [
  'failed',
  'FAILED',
  'Password',
  'alice',
  'root',
  'ssh2',
  'port',
  '22',
  '10.0.0.1',
  '10.0.0.11',
  'alice@example.com',
  'café',
  'CAFÉ',
  '日本語',
  'a-b',
  '--verbose',
  '%',
  '_',
  '100%',
  "it's",
  ';',
  '`',
  '\\\\',
  '\\*',
  'a\\:b',
  'fail*',
  '*fail',
  'ad?in',
  '?',
  '*',
  '**',
  'x*y?z',
  "'; DROP TABLE events; --",
];

const SAFE_CHARS = 'abcXYZ019.-_@%/é日'.split('');

const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...SAFE_CHARS), minLength: 1, maxLength: 8 }) });

const phrase = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }).map(quotePhrase),
  fc.constantFrom('"failed password"', '"Failed Password for"', '"10.0.0.1 port"', '"\\") OR 1=1 --"', '""', '"{p0:String}"'),
);

const intText = fc.oneof(fc.integer({ min: -5, max: 70000 }).map(String), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String), fc.constantFrom('abc', '1.5', '0x10', '1e3', '-0', '+7'));

const isoTime = fc
  .date({ min: new Date(Date.UTC(1899, 0, 1)), max: new Date(Date.UTC(2301, 0, 1)), noInvalidDate: true })
  .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().slice(0, 10), date.toISOString().slice(0, 7), date.toISOString().slice(0, 16), date.toISOString().replace('Z', '+05:30')));

const timeText = fc.oneof(
  isoTime,
  fc.tuple(fc.constantFrom('-', '+'), fc.nat({ max: 100000 }), fc.constantFrom('s', 'm', 'h', 'd', 'w')).map(([sign, n, unit]) => `now${sign}${n}${unit}`),
  fc.constantFrom('now', '2026-13-01', '2026-02-30', '2026-11-24T25:00', 'yesterday', '2026-11-24T12:00:00.123456789Z'),
);

const ipText = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.integer({ min: -1, max: 140 })).map(([ip, prefix]) => `${ip}/${prefix}`),
  fc.constantFrom('10.0.0.0/8', '10.0.*', '::1', 'fe80::1%eth0', 'garbage', '1.2.3.4/', '/8', '::ffff:10.0.0.1'),
);

const boolText = fc.constantFrom('true', 'false', 'TRUE', 'yes', '1');

const valueTextByKind: Record<FieldKind, fc.Arbitrary<string>> = {
  text: fc.oneof(word, phrase),
  keyword: fc.oneof(word, phrase),
  map: fc.oneof(word, phrase),
  int: intText,
  time: timeText,
  ip: ipText,
  bool: boolText,
};

/** Bare values may not contain whitespace or ( ) " unescaped; quote the ones that do. */
function asValue(text: string): string {
  return /^[^\s()"]+$/.test(text) ? text : quotePhrase(text);
}

function valueFor(kind: FieldKind): fc.Arbitrary<string> {
  const single = valueTextByKind[kind].map(asValue);
  const bound = fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: fc.constant('*') });
  // Comparisons on other kinds are compile errors: keep a few, but let most queries reach the engine.
  const orderedWeight = kind === 'int' || kind === 'time' ? 3 : 0;
  return fc.oneof(
    { weight: 6, arbitrary: single },
    { weight: 1, arbitrary: fc.constant('*') },
    { weight: orderedWeight, arbitrary: fc.tuple(fc.constantFrom('>', '>=', '<', '<='), single).map(([op, v]) => `${op}${v}`) },
    {
      weight: orderedWeight,
      arbitrary: fc.tuple(fc.constantFrom('[', '{'), bound, bound, fc.constantFrom(']', '}')).map(([open, lo, hi, close]) => `${open}${lo} TO ${hi}${close}`),
    },
    { weight: 1, arbitrary: fc.tuple(single, single).map(([a, b]) => `(${a} OR -${b})`) },
  );
}

const FIELD_NAMES = FIELDS.filter((f) => f.kind !== 'map').map((f) => ({ name: f.name, kind: f.kind }));
const ALIASES = Object.entries(FIELD_ALIASES).map(([alias, target]) => ({
  name: alias,
  kind: FIELDS.find((f) => f.name === target)!.kind,
}));

const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES, ...ALIASES) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom('env', 'team', "x'y", 'a`b'), fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }))
      .map((key) => ({ name: `labels.${escapeBare(key)}`, kind: 'map' as FieldKind })),
  },
  { weight: 1, arbitrary: fc.constantFrom({ name: 'nope.field', kind: 'keyword' as FieldKind }) },
);

const fieldClause = fieldName.chain(({ name, kind }) =>
  fc.oneof({ weight: 5, arbitrary: valueFor(kind) }, { weight: 1, arbitrary: fc.constantFrom<FieldKind>('text', 'int', 'time', 'ip', 'bool').chain(valueFor) }).map((value) => `${name}:${value}`),
);

const clause = fc.oneof({ weight: 3, arbitrary: word }, { weight: 2, arbitrary: phrase }, { weight: 5, arbitrary: fieldClause });

/** Random queries from the language's grammar. */
export const grammarQuery: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    clause,
    fc.tuple(tie('expr'), fc.constantFrom(' AND ', ' OR ', ' ', ' && ', ' || '), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('NOT ', '-', '!'), tie('expr')).map(([op, e]) => `${op}(${e})`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr;

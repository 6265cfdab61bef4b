// Random detection rules for the matcher's property test: predicates over a few fields built from
// every op of src/query/predicate.ts (and query-language and Sigma-node trees through the real
// resolver), with literals drawn from the same pools as the events (so rules match some events and
// miss others), ſ, the Kelvin sign and non-ASCII letters among them; and events with a dataset.
import fc from 'fast-check';
import type { TermPart } from '../../query/ast.ts';
import { parseQuery } from '../../query/parse.ts';
import type { Comparison, FieldSel, Predicate, SubstringAt } from '../../query/predicate.ts';
import { allOf, anyOf } from '../../query/predicate.ts';
import { ARRAY_FIELDS, eventArb, sigmaQuery } from '../../query/match.fixtures.ts';
import { grammarQuery } from '../../query/arbitraries.fixtures.ts';
import { resolveQuery } from '../../query/semantics.ts';
import type { LogEvent } from '../../schema/event.ts';
import type { DetectionRule } from '../rule.ts';

export const NOW = Date.parse('2026-11-24T12:00:00Z');
const DATASETS = ['sshd', 'SSHD', 'sudo', 'nginx.access', 'ſudo', ''];

export function sel(name: string): FieldSel {
  const [base, key] = name.startsWith('labels.') ? ['labels', name.slice('labels.'.length)] : [name, undefined];
  const def = ARRAY_FIELDS.find((field) => field.name === base);
  if (def === undefined) throw new Error(`no field ${base}`);
  return key === undefined ? { def, name } : { def, name, key };
}

const FIELD_NAMES = ['message', 'user.name', 'host.name', 'event.dataset', 'labels.env', 'event.category', 'source.ip'];
const LITERALS = [
  'failed',
  'FAILED',
  'pass',
  'alice',
  'ALICE',
  'root',
  'sshd',
  'sudo',
  'SUDO',
  'ſudo',
  'ſ',
  's',
  'k',
  '\u212A',
  'K',
  'café',
  'CAFÉ',
  'caf',
  'é',
  '日本',
  'prod',
  'Prod',
  'auth',
  'Authentication',
  'network',
  '10.0.0.1',
  '0.1',
  'a-b',
  'ad_in',
  'x*y',
  '',
  'web-',
  'ssh2',
  'port 22',
];

const field = fc.constantFrom(...FIELD_NAMES).map(sel);
const literal = fc.constantFrom(...LITERALS, ...DATASETS);
const part: fc.Arbitrary<TermPart> = fc.oneof(
  literal.filter((text) => text !== '').map((text): TermPart => ({ kind: 'text', text })),
  fc.constant<TermPart>({ kind: 'anyRun' }),
  fc.constant<TermPart>({ kind: 'anyChar' }),
);

const leaf: fc.Arbitrary<Predicate> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('substring' as const), field, at: fc.constantFrom<SubstringAt>('equals', 'contains', 'startswith', 'endswith'), value: literal, cased: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('like' as const), field, parts: fc.array(part, { minLength: 1, maxLength: 3 }), anchored: fc.boolean(), cased: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tokens' as const), field: fc.constant(sel('message')), text: literal }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('regex' as const), field, pattern: fc.constantFrom('^fail', 'pass(word)?', 'a.b', 'é$'), cased: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nonEmpty' as const), field }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('compare' as const),
      field: fc.constantFrom('source.port', 'destination.port', 'event.severity', 'event.ingested', 'message').map(sel),
      cmp: fc.constantFrom<Comparison>('=', '=', '>', '<='),
      value: fc.constantFrom<number | string>(0, 22, 443, 1024, 51000, -1, 5, '9007199254740993'),
      time: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.boolean().map((value): Predicate => ({ op: 'const', value })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fieldEquals' as const), field: fc.constant(sel('user.name')), other: fc.constant(sel('host.name')), cased: fc.boolean() }) },
);

const built: fc.Arbitrary<Predicate> = fc.letrec<{ node: Predicate }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((children): Predicate => ({ op: 'and', children })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((children): Predicate => ({ op: 'or', children })),
    tie('node').map((child): Predicate => ({ op: 'not', child })),
  ),
})).node;

/** Trees the resolver makes from the query language and the Sigma nodes; refused ones are left out. */
const resolved: fc.Arbitrary<Predicate> = fc
  .oneof(
    sigmaQuery,
    grammarQuery.map((text) => tryOr(() => parseQuery(text))),
  )
  .map((ast) => tryOr(() => (ast ? resolveQuery(ast, { now: NOW, fields: ARRAY_FIELDS }) : undefined)))
  .filter((p): p is Predicate => p !== undefined);

function tryOr<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/** A route like mapping.ts makes: a dataset, or any of a few. */
const route: fc.Arbitrary<Predicate> = fc
  .uniqueArray(fc.constantFrom(...DATASETS), { minLength: 0, maxLength: 2 })
  .map((names) => (names.length === 0 ? allOf([]) : anyOf(names.map((value): Predicate => ({ op: 'substring', field: sel('event.dataset'), at: 'equals', value, cased: true })))));

/** A rule as the compiler would give it: route AND (selection AND NOT filter), with its searches. */
export const ruleArb = (id: number): fc.Arbitrary<DetectionRule> =>
  fc.record({ route, selection: fc.oneof(built, resolved), filter: fc.option(built, { nil: undefined }) }).map(({ route: r, selection, filter }) => {
    const searches: Record<string, Predicate> = filter === undefined ? { selection } : { selection, filter };
    const body = filter === undefined ? selection : allOf([selection, { op: 'not', child: filter }]);
    return detectionRule(`rule-${id}`, {
      route: r,
      searches,
      predicate: allOf([r, body]),
      condition:
        filter === undefined
          ? { op: 'search', name: 'selection' }
          : {
              op: 'and',
              children: [
                { op: 'search', name: 'selection' },
                { op: 'not', child: { op: 'search', name: 'filter' } },
              ],
            },
    });
  });

export const rulesArb: fc.Arbitrary<DetectionRule[]> = fc.integer({ min: 1, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(i))));

export const eventWithDataset: fc.Arbitrary<LogEvent> = fc
  .tuple(eventArb, fc.option(fc.constantFrom(...DATASETS), { nil: undefined }))
  .map(([event, dataset]) => (dataset === undefined ? event : { ...event, 'event.dataset': dataset }));

/** A detection rule with the given parts and plain metadata. */
export function detectionRule(id: string, parts: Pick<DetectionRule, 'route' | 'searches' | 'predicate' | 'condition'> & Partial<DetectionRule>): DetectionRule {
  return {
    kind: 'detection',
    id,
    title: `Rule ${id}`,
    revision: '0123456789abcdef',
    level: 'medium',
    tags: [],
    ruleset: 'test',
    path: `${id}.yml`,
    logsource: {},
    fields: [],
    generates: true,
    ...parts,
  };
}

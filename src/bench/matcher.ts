// `npm run bench`, the JavaScript matcher (src/query/match.ts): events matched per second on one
// core for a few typical queries — free text, a keyword wildcard, a CIDR range, a Sigma-style
// case-insensitive contains-any of five values, and a regex — over synthetic sshd-like events.
// Prints figures, asserts nothing. Option: BENCH_MATCHER_EVENTS (default 200000).
import type { QueryNode } from '../query/ast.ts';
import { compileMatcher } from '../query/match.ts';
import { parseQuery } from '../query/parse.ts';
import type { LogEvent } from '../schema/event.ts';

const EVENTS = Number(process.env['BENCH_MATCHER_EVENTS'] ?? 200_000);
const field = (name: string) => ({ name, position: 0 });

const QUERIES: [string, QueryNode][] = [
  ['free text "failed password"', parseQuery('"failed password"')],
  ['host:web-1*', parseQuery('host:web-1*')],
  ['source.ip:10.0.0.0/8 AND NOT user:root', parseQuery('source.ip:10.0.0.0/8 AND NOT user:root')],
  [
    'Sigma message|contains (5 values, any case)',
    { type: 'strings', field: field('message'), at: 'contains', values: ['mimikatz', 'invalid user', 'sekurlsa', 'BREAK-IN', 'root login'], all: false, cased: false },
  ],
  ['Sigma message|re', { type: 'regex', field: field('message'), pattern: 'port [0-9]{4,5} ssh2$', cased: true }],
];

function event(i: number): LogEvent {
  return {
    'event.sequence': i,
    '@timestamp': Date.UTC(2026, 10, 24) + i * 10,
    message: `${i % 3 === 0 ? 'Failed' : 'Accepted'} password for user${i % 1000} from 10.${i % 250}.${i % 200}.${i % 100} port ${20000 + (i % 40000)} ssh2`,
    'host.name': `web-${i % 20}`,
    'user.name': i % 50 === 0 ? 'root' : `user${i % 1000}`,
    'source.ip': i % 7 === 0 ? `192.168.${i % 250}.1` : `10.${i % 250}.${i % 200}.${i % 100}`,
  };
}

export function benchMatcher(): void {
  const events = Array.from({ length: EVENTS }, (_, i) => event(i));
  for (const [name, ast] of QUERIES) {
    const matches = compileMatcher(ast, { now: Date.UTC(2026, 10, 24) });
    let matched = 0;
    const start = performance.now();
    for (const e of events) if (matches(e)) matched++;
    const seconds = (performance.now() - start) / 1000;
    console.log(`matcher: ${name}: ${Math.round(EVENTS / seconds).toLocaleString('en')} events/s (${matched} of ${EVENTS} matched)`);
  }
}

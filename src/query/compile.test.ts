import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { FIELDS } from '../schema/fields.ts';
import { escapeBare, grammarQuery, quotePhrase } from './arbitraries.fixtures.ts';
import type { CompiledQuery } from './compile.ts';
import { compileQuery } from './compile.ts';
import { assertSafeCompiledQuery, assertWhitelistedSql } from './sql-safety.fixtures.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const compile = (query: string): CompiledQuery => compileQuery(query, { now: NOW });

function compilesTo(query: string, sql: string, params: Record<string, string | number> = {}): void {
  const compiled = compile(query);
  assert.equal(compiled.sql, sql, query);
  assert.deepEqual(compiled.params, params, query);
  assertSafeCompiledQuery(compiled);
}

function fails(query: string, code: string, position: number, messagePart?: string): LogwardenError {
  try {
    compile(query);
  } catch (error) {
    assert.ok(error instanceof LogwardenError, `${query}: ${String(error)}`);
    assert.equal(error.code, code, `${query}: ${error.message}`);
    assert.equal(error.details.position, position, `${query}: ${error.message}`);
    if (messagePart !== undefined) assert.ok(error.message.includes(messagePart), error.message);
    return error;
  }
  assert.fail(`expected ${query} to fail`);
}

// The token-boundary guard every punctuated message match is wrapped in.
const B = '[\\x{00}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7F}]';
const bounded = (body: string): string => `(?i)(?:^|${B})${body}(?:$|${B})`;
const ms = (iso: string): number => Date.parse(iso);
const IP_GUARD = (c: string): string => `(isIPv4String(\`${c}\`) OR isIPv6String(\`${c}\`))`;
const ipRange = (c: string, p: string): string => `(${IP_GUARD(c)} AND isIPAddressInRange(if(${IP_GUARD(c)}, \`${c}\`, '::'), {${p}:String}))`;

describe('compileQuery: match-all and operators', () => {
  it('compiles empty and * to 1', () => {
    compilesTo('', '1');
    compilesTo('  ', '1');
    compilesTo('*', '1');
  });

  it('wraps AND, OR and NOT in parentheses', () => {
    compilesTo('a OR b c', '(hasAllTokens(`message`, {p0:String}) OR (hasAllTokens(`message`, {p1:String}) AND hasAllTokens(`message`, {p2:String})))', { p0: 'a', p1: 'b', p2: 'c' });
    compilesTo('-a', 'NOT (hasAllTokens(`message`, {p0:String}))', { p0: 'a' });
    compilesTo('NOT *', '0');
    // Constants fold away (the engine skips the text index beside one, see foldConstants).
    compilesTo('NOT ("" AND a)', 'NOT (hasAllTokens(`message`, {p0:String}))', { p0: 'a' });
    compilesTo('a OR NOT *', 'hasAllTokens(`message`, {p0:String})', { p0: 'a' });
    compilesTo('"" OR a', '1');
  });
});

describe('compileQuery: free text on message', () => {
  it('matches a plain word through the text index alone', () => {
    compilesTo('failed', 'hasAllTokens(`message`, {p0:String})', { p0: 'failed' });
    compilesTo('FAILED', 'hasAllTokens(`message`, {p0:String})', { p0: 'FAILED' });
  });

  it('pins punctuated terms to token boundaries', () => {
    compilesTo('10.0.0.1', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: '10 0 0 1',
      p1: bounded('10\\x{2e}0\\x{2e}0\\x{2e}1'),
    });
    compilesTo('alice@example.com', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: 'alice example com',
      p1: bounded('alice\\x{40}example\\x{2e}com'),
    });
  });

  it('matches phrases as case-insensitive text on token boundaries', () => {
    compilesTo('"failed password"', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: 'failed password',
      p1: bounded('failed\\x{20}password'),
    });
    // No boundary is required next to an edge that is itself punctuation.
    compilesTo('"(x)"', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: 'x',
      p1: '(?i)\\x{28}x\\x{29}',
    });
    compilesTo('"..."', 'match(`message`, {p0:String})', { p0: '(?i)\\x{2e}\\x{2e}\\x{2e}' });
    compilesTo('""', '1');
  });

  it('leaves non-ASCII words to the regex, since the index folds ASCII case only', () => {
    compilesTo('café', 'match(`message`, {p0:String})', { p0: bounded('café') });
    compilesTo('"CAFÉ au lait"', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: 'au lait',
      p1: bounded('CAFÉ\\x{20}au\\x{20}lait'),
    });
  });

  it('turns wildcards into an unanchored case-insensitive RE2 match (not ILIKE, whose case folding differs) with metacharacters escaped', () => {
    compilesTo('fail*', 'match(`message`, {p0:String})', { p0: '(?is)fail' });
    compilesTo('ad?in', 'match(`message`, {p0:String})', { p0: '(?is)ad.in' });
    compilesTo('100%_\\\\x*', 'match(`message`, {p0:String})', { p0: '(?is)100\\x{25}\\x{5f}\\x{5c}x' });
    compilesTo('fail\\*', '(hasAllTokens(`message`, {p0:String}) AND match(`message`, {p1:String}))', {
      p0: 'fail',
      p1: `(?i)(?:^|${B})fail\\x{2a}`,
    });
  });

  it('treats message: like free text', () => {
    compilesTo('message:failed', 'hasAllTokens(`message`, {p0:String})', { p0: 'failed' });
    compilesTo('message:*', 'notEmpty(`message`)');
  });
});

describe('compileQuery: keyword and map fields', () => {
  it('compares exactly and case-sensitively', () => {
    compilesTo('log.level:notice', '`log_level` = {p0:String}', { p0: 'notice' });
    compilesTo('level:"Two Words"', '`log_level` = {p0:String}', { p0: 'Two Words' });
    compilesTo('host:web-1', '`host_name` = {p0:String}', { p0: 'web-1' });
  });

  it('expands a log.level word to the words of its level, and nothing else', () => {
    compilesTo('log.level:error', '(`log_level` = {p0:String} OR `log_level` = {p1:String})', { p0: 'error', p1: 'err' });
    compilesTo('level:info', '(`log_level` = {p0:String} OR `log_level` = {p1:String})', { p0: 'info', p1: 'informational' });
    compilesTo('level:"warn"', '(`log_level` = {p0:String} OR `log_level` = {p1:String})', { p0: 'warn', p1: 'warning' });
    compilesTo('level:Info', '`log_level` = {p0:String}', { p0: 'Info' });
    compilesTo('level:inf*', '`log_level` LIKE {p0:String}', { p0: 'inf%' });
    compilesTo('labels.level:info', '`labels`[{p0:String}] = {p1:String}', { p0: 'level', p1: 'info' });
  });

  it('anchors wildcards', () => {
    compilesTo('host:web-*', '`host_name` LIKE {p0:String}', { p0: 'web-%' });
    compilesTo('user:ad?in_%', '`user_name` LIKE {p0:String}', { p0: 'ad_in\\_\\%' });
    compilesTo('host:*', 'notEmpty(`host_name`)');
  });

  it('looks labels up by a bound key', () => {
    compilesTo('labels.env:prod', '`labels`[{p0:String}] = {p1:String}', { p0: 'env', p1: 'prod' });
    compilesTo('labels.team.name:b*', '`labels`[{p0:String}] LIKE {p1:String}', { p0: 'team.name', p1: 'b%' });
    compilesTo('labels.env:*', 'notEmpty(`labels`[{p0:String}])', { p0: 'env' });
  });

  it('refuses ranges on keywords and a bare labels', () => {
    fails('level:[a TO b]', 'LW_QUERY_FIELD', 6, 'is a keyword field');
    fails('host:>a', 'LW_QUERY_FIELD', 5);
    fails('labels:x', 'LW_QUERY_FIELD', 0, 'labels.KEY:value');
    fails('labels.:x', 'LW_QUERY_FIELD', 0, 'unknown field');
  });
});

describe('compileQuery: int fields', () => {
  it('binds Int64 values and keeps NULLs out of NOT', () => {
    compilesTo('seq:42', '`event_sequence` = {p0:Int64}', { p0: 42 });
    compilesTo('source.port:22', '(`source_port` IS NOT NULL AND `source_port` = {p0:Int64})', { p0: 22 });
    compilesTo('destination.port:>1024', '(`destination_port` IS NOT NULL AND `destination_port` > {p0:Int64})', {
      p0: 1024,
    });
    compilesTo('event.severity:<=-1', '(`event_severity` IS NOT NULL AND `event_severity` <= {p0:Int64})', { p0: -1 });
    compilesTo('event.severity:*', '`event_severity` IS NOT NULL');
    compilesTo('seq:*', '1');
  });

  it('compiles inclusive, exclusive and open ranges', () => {
    compilesTo('source.port:[1 TO 1024}', '(`source_port` IS NOT NULL AND `source_port` >= {p0:Int64} AND `source_port` < {p1:Int64})', { p0: 1, p1: 1024 });
    compilesTo('seq:{10 TO *]', '`event_sequence` > {p0:Int64}', { p0: 10 });
    compilesTo('seq:[* TO *]', '1');
  });

  it('passes integers beyond 2^53 as exact decimal strings', () => {
    compilesTo('seq:9223372036854775807', '`event_sequence` = {p0:Int64}', { p0: '9223372036854775807' });
  });

  it('refuses non-integers, with the position of the value', () => {
    fails('source.port:abc', 'LW_QUERY_FIELD', 12, '"source.port" expects an integer, found "abc" at 12');
    fails('seq:1.5', 'LW_QUERY_FIELD', 4);
    fails('seq:[1 TO x]', 'LW_QUERY_FIELD', 10);
    fails('seq:>9223372036854775808', 'LW_QUERY_FIELD', 5);
    fails('seq:1*', 'LW_QUERY_FIELD', 4, 'wildcards');
  });
});

describe('compileQuery: time fields', () => {
  const at = (p: string): string => `fromUnixTimestamp64Milli({${p}:Int64})`;

  it('matches a date as the whole UTC day', () => {
    compilesTo('@timestamp:2026-11-24', `(\`timestamp\` >= ${at('p0')} AND \`timestamp\` < ${at('p1')})`, {
      p0: ms('2026-11-24T00:00:00Z'),
      p1: ms('2026-11-25T00:00:00Z'),
    });
    compilesTo('@timestamp:"2026-11-24T12:00:00.123+02:00"', `\`timestamp\` = ${at('p0')}`, {
      p0: ms('2026-11-24T10:00:00.123Z'),
    });
  });

  it('resolves now-relative times against the given now', () => {
    compilesTo('@timestamp:>=now-15m', `\`timestamp\` >= ${at('p0')}`, { p0: NOW - 15 * 60_000 });
    compilesTo('timestamp:[now-7d TO now]', `(\`timestamp\` >= ${at('p0')} AND \`timestamp\` < ${at('p1')})`, {
      p0: NOW - 7 * 86_400_000,
      p1: NOW + 1,
    });
  });

  it('compares against the edge of the literal interval', () => {
    const day = ms('2026-11-24T00:00:00Z');
    const next = ms('2026-11-25T00:00:00Z');
    compilesTo('@timestamp:>2026-11-24', `\`timestamp\` >= ${at('p0')}`, { p0: next });
    compilesTo('@timestamp:>=2026-11-24', `\`timestamp\` >= ${at('p0')}`, { p0: day });
    compilesTo('@timestamp:<2026-11-24', `\`timestamp\` < ${at('p0')}`, { p0: day });
    compilesTo('@timestamp:<=2026-11-24', `\`timestamp\` < ${at('p0')}`, { p0: next });
    compilesTo('@timestamp:{2026-11-24 TO 2026-11-24}', `(\`timestamp\` >= ${at('p0')} AND \`timestamp\` < ${at('p1')})`, {
      p0: next,
      p1: day,
    });
    compilesTo('event.ingested:[2026-11 TO *]', `\`event_ingested\` >= ${at('p0')}`, { p0: ms('2026-11-01T00:00:00Z') });
  });

  it('refuses malformed and out-of-range times', () => {
    fails('@timestamp:yesterday', 'LW_QUERY_FIELD', 11, 'expects a time');
    fails('@timestamp:2026-02-30', 'LW_QUERY_FIELD', 11);
    fails('@timestamp:2026-11-24T24:00', 'LW_QUERY_FIELD', 11);
    fails('@timestamp:>1800-01-01', 'LW_QUERY_FIELD', 12, 'between 1900-01-01 and 2299-12-31');
    fails('@timestamp:[now-999999w TO now]', 'LW_QUERY_FIELD', 12);
  });
});

describe('compileQuery: ip and bool fields', () => {
  it('matches addresses and CIDR ranges without letting bad stored values throw', () => {
    compilesTo('source.ip:10.0.0.0/8', ipRange('source_ip', 'p0'), { p0: '10.0.0.0/8' });
    compilesTo('source.ip:10.1.2.3', ipRange('source_ip', 'p0'), { p0: '10.1.2.3/32' });
    compilesTo('host.ip:::1', ipRange('host_ip', 'p0'), { p0: '::1/128' });
    compilesTo('destination.ip:"2001:db8::/32"', ipRange('destination_ip', 'p0'), { p0: '2001:db8::/32' });
    compilesTo('source.ip:10.0.*', '`source_ip` LIKE {p0:String}', { p0: '10.0.%' });
    compilesTo('source.ip:*', 'notEmpty(`source_ip`)');
  });

  it('refuses what is not an address or a range', () => {
    fails('source.ip:garbage', 'LW_QUERY_FIELD', 10, 'expects an IP address');
    fails('source.ip:10.0.0.0/33', 'LW_QUERY_FIELD', 10);
    fails('source.ip:010.0.0.1', 'LW_QUERY_FIELD', 10);
    fails('source.ip:fe80::1%eth0', 'LW_QUERY_FIELD', 10);
    fails('source.ip:[1 TO 2]', 'LW_QUERY_FIELD', 10);
  });

  it('matches booleans', () => {
    compilesTo('logwarden.truncated:true', '`logwarden_truncated` = true');
    compilesTo('logwarden.truncated:FALSE', '`logwarden_truncated` = false');
    compilesTo('logwarden.truncated:*', '`logwarden_truncated` = true');
    fails('logwarden.truncated:yes', 'LW_QUERY_FIELD', 20, 'expects true or false');
  });
});

describe('compileQuery: field names', () => {
  it('resolves aliases', () => {
    compilesTo('app:sshd', '`log_syslog_appname` = {p0:String}', { p0: 'sshd' });
  });

  it('names an unknown field, its position and the closest known name', () => {
    const error = fails('x sourc.ip:1.2.3.4', 'LW_QUERY_FIELD', 2, 'unknown field "sourc.ip" at 2; did you mean "source.ip"?');
    assert.equal(error.details.suggestion, 'source.ip');
    assert.equal(error.details.field, 'sourc.ip');
    fails('label.env:x', 'LW_QUERY_FIELD', 0, 'did you mean "labels.env"?');
    fails('Level:x', 'LW_QUERY_FIELD', 0, 'did you mean "level"?');
  });
});

describe('compileQuery: injection attempts', () => {
  const hostile = [
    "'; DROP TABLE events; --",
    '"\'; DROP TABLE events; --"',
    'message:"\\") OR 1=1 --"',
    '") OR 1=1 --',
    "level:\"x' OR '1'='1\"",
    "level:x'OR'1'='1",
    'user:`whoami`',
    '`events`',
    'message:`message`',
    '{p0:String}',
    '"{p0:String}"',
    'level:"{p0:String}"',
    'labels.env:{p1:Int64}',
    'message\\)\\ OR\\ \\(1:x',
    'labels.message\\)\\ OR\\ \\(1:x',
    "labels.x'y:z",
    'labels.x\\`y:"a`b"',
    "labels.x'y:*",
    'source.ip:"1.2.3.4\') OR 1=1 --"',
    "source.ip:1.2.3.4'--",
    '@timestamp:>"now\') OR 1=1"',
    'source.port:"1 OR 1=1"',
    'seq:1;DROP',
    'message:"a\\\\" OR 1=1 --"',
    "fail*'; SELECT 1 --",
    '"\u0000\n\r\t\\\\"',
    'x" OR "1"="1',
  ];

  for (const query of hostile) {
    it(`keeps ${JSON.stringify(query)} out of the SQL text`, () => {
      let compiled: CompiledQuery;
      try {
        compiled = compile(query);
      } catch (error) {
        assert.ok(error instanceof LogwardenError, String(error));
        return;
      }
      assertSafeCompiledQuery(compiled);
      for (const leak of ['DROP', '1=1', "'1'", 'whoami', 'SELECT', ';', '"', '--', "x'y", 'message)']) {
        assert.ok(!compiled.sql.includes(leak), `${leak} in ${compiled.sql}`);
      }
    });
  }

  it('carries a hostile label key and value verbatim in params', () => {
    compilesTo("labels.x'y:z", '`labels`[{p0:String}] = {p1:String}', { p0: "x'y", p1: 'z' });
    compilesTo('labels.message\\)\\ OR\\ \\(1:x', '`labels`[{p0:String}] = {p1:String}', { p0: 'message) OR (1', p1: 'x' });
  });

  it('refuses a hostile field name without echoing it into SQL', () => {
    fails('message\\)\\ OR\\ \\(1:x', 'LW_QUERY_FIELD', 0, 'unknown field "message) OR (1"');
  });
});

describe('compileQuery: properties', () => {
  const isQueryError = (error: unknown): boolean => error instanceof LogwardenError && ['LW_QUERY_SYNTAX', 'LW_QUERY_FIELD', 'LW_QUERY_LIMIT'].includes(error.code);

  it('compiles arbitrary text to whitelisted SQL or throws a query error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), grammarQuery), (query) => {
        let compiled: CompiledQuery;
        try {
          compiled = compile(query);
        } catch (error) {
          assert.ok(isQueryError(error), String(error));
          return;
        }
        assertSafeCompiledQuery(compiled);
      }),
      { numRuns: 3000 },
    );
  });

  // The strongest form of "user text only goes into params": the SQL of keyword and label clauses
  // does not depend on the text at all, and the params carry that text unchanged.
  it('produces SQL that depends on the query structure, never on the text in it', () => {
    const keywordField = fc.constantFrom(...FIELDS.filter((f) => f.kind === 'keyword').map((f) => f.name));
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const clauseTemplate = fc.oneof(fc.record({ field: keywordField, key: fc.constant(undefined) }), fc.record({ field: fc.constant('labels'), key: fc.constant(true) }));
    const render = (clauses: { field: string; key: boolean | undefined }[], texts: string[][]): string =>
      clauses
        .map((c, i) => {
          const [key, value] = texts[i]!;
          const name = c.key ? `labels.${escapeBare(key!)}` : c.field;
          return `${i % 2 ? 'NOT ' : ''}${name}:${quotePhrase(value!)}`;
        })
        .join(' OR ');
    const textsFor = (n: number) =>
      fc.array(
        fc.tuple(
          text.filter((k) => k !== ''),
          text,
        ),
        { minLength: n, maxLength: n },
      );
    const scenario = fc.array(clauseTemplate, { minLength: 1, maxLength: 5 }).chain((clauses) => fc.tuple(fc.constant(clauses), textsFor(clauses.length), textsFor(clauses.length)));

    fc.assert(
      fc.property(scenario, ([clauses, textsA, textsB]) => {
        const a = compile(render(clauses, textsA));
        const b = compile(render(clauses, textsB));
        assert.equal(a.sql, b.sql);
        assertWhitelistedSql(a.sql);
        const expected = clauses.flatMap((c, i) => (c.key ? [textsA[i]![0], textsA[i]![1]] : [textsA[i]![1]]));
        assert.deepEqual(Object.values(a.params), expected);
      }),
      { numRuns: 500 },
    );
  });
});

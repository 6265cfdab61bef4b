// What `logwarden parse --explain` and POST /api/v1/parse/explain answer (R-EVENTS-1, R-FIELDS-1):
// on a test table the answer's every part, and on the real table every fixture explained as its
// parser and rule, so the explanation cannot drift from what the pipeline does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExplanation } from '../contracts/parse-explain.ts';
import { LogwardenError } from '../errors/codes.ts';
import { presentEvent } from '../schema/present.ts';
import { ALL_FIXTURES } from './all-fixtures.fixtures.ts';
import { checkExplainRequest, explainLine } from './explain.ts';
import { patternParser, type Parser } from './parser.ts';
import { buildParserTable } from './recognise.ts';
import { PARSER_TABLE } from './table.ts';

const demo = patternParser({
  name: 'demo',
  description: 'test parser',
  module: 'test',
  programs: ['demo', 'demo-agent'],
  rules: [
    {
      name: 'failed',
      needle: 'Failed',
      pattern: /^Failed login for (?<user>\S+) from (?<ip>\S+) port (?<port>\S+)$/,
      fields: (g) => ({ 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': g['user'], 'source.ip': g['ip'], 'source.port': g['port'] }),
    },
  ],
});
const tagged: Parser = {
  name: 'tagged',
  description: 'by content',
  module: 'test',
  detect: ({ message }) => message.startsWith('TAG:'),
  parse: ({ message }) => (message.startsWith('TAG:ok') ? { rule: 'tag', fields: { 'event.action': 'tagged' } } : undefined),
};
const TABLE = buildParserTable([demo, tagged]);
const AT = Date.UTC(2026, 2, 7, 12, 0, 0);
const context = { table: TABLE, receivedAt: AT };

test('a recognised syslog line: parser, rule, each field set with its stored value, the normalised fields (R-FIELDS-1)', () => {
  const line = '<38>Mar  7 10:00:00 web1 demo[77]: Failed login for alice from 192.0.2.7 port 4242';
  const explanation = explainLine({ line }, context);
  assert.equal(explanation.input, 'syslog');
  assert.equal(explanation.recognised, true);
  assert.deepEqual([explanation.parser, explanation.rule, explanation.program], ['demo', 'failed', 'demo']);
  assert.deepEqual(explanation.fieldsSet, {
    'event.module': 'test',
    'event.dataset': 'demo',
    'event.category': ['authentication'],
    'event.outcome': 'failure',
    'user.name': 'alice',
    'source.ip': '192.0.2.7',
    'source.port': 4242,
    'related.ip': ['192.0.2.7'],
    'related.user': ['alice'],
  });
  assert.deepEqual(explanation.problems, []);
  assert.equal(explanation.why, undefined);
  assert.equal(explanation.normalised['host.name'], 'web1');
  assert.equal(explanation.normalised['log.syslog.appname'], 'demo');
  assert.equal(explanation.normalised['message'], 'Failed login for alice from 192.0.2.7 port 4242');
  assert.equal(explanation.normalised['user.name'], undefined, 'normalised shows the event before the parsers');
  assert.equal(explanation.event['event.original'], line, 'event.original is the line exactly');
  assert.equal(explanation.event['user.name'], 'alice');
  assert.equal(explanation.event['@timestamp'], '2026-03-07T10:00:00.000Z');
  parseExplanation.parse(explanation);
});

test('a bare message with a program reads the text as the message of that program', () => {
  const explanation = explainLine({ line: 'Failed login for bob from 2001:db8::1 port 22', program: 'Demo-Agent' }, context);
  assert.equal(explanation.input, 'message');
  assert.equal(explanation.program, 'demo-agent');
  assert.equal(explanation.parser, 'demo');
  assert.equal(explanation.event['message'], 'Failed login for bob from 2001:db8::1 port 22');
  assert.equal(explanation.event['source.ip'], '2001:db8::1');
});

test('an unknown program: not recognised, the event is the normalised one, and why names the programs that have parsers', () => {
  const line = '<38>Mar  7 10:00:00 web1 demo2[77]: Failed login for alice from 192.0.2.7 port 4242';
  const explanation = explainLine({ line }, context);
  assert.equal(explanation.recognised, false);
  assert.equal(explanation.parser, undefined);
  assert.deepEqual(explanation.fieldsSet, {});
  assert.equal(explanation.event['user.name'], undefined);
  assert.equal(explanation.event['logwarden.parse.error'], undefined);
  assert.equal(explanation.why, "program 'demo2' has no parser (closest: demo); parsers for programs: demo, demo-agent; no content-detected parser (tagged) took it for its format");
  parseExplanation.parse(explanation);
});

test('why: a long list of programs is cut, the closest are named', () => {
  const many = patternParser({ name: 'many', description: 'test', module: 'test', programs: Array.from({ length: 40 }, (_, i) => `prog${String(i).padStart(2, '0')}`), rules: [] });
  const explanation = explainLine({ line: 'x', program: 'prog7' }, { table: buildParserTable([many]), receivedAt: AT });
  assert.equal(
    explanation.why?.split('; no parser detects')[0],
    `program 'prog7' has no parser (closest: prog07, prog17, prog27, prog37); parsers for programs: ${Array.from({ length: 30 }, (_, i) => `prog${String(i).padStart(2, '0')}`).join(', ')} and 10 more`,
  );
});

test("why: the program's parsers matched no rule, a detected format without a matching rule, no program at all", () => {
  const known = explainLine({ line: 'Accepted login for alice', program: 'demo' }, context);
  assert.match(known.why ?? '', /^the parsers for program 'demo' \(demo\) matched none of their rules/);
  const detectedOnly = explainLine({ line: 'TAG:nope', program: 'other' }, context);
  assert.match(detectedOnly.why ?? '', /tagged took it for its format but matched none of its rules$/);
  const noProgram = explainLine({ line: 'Failed login for alice from 192.0.2.7 port 4242' }, context);
  assert.match(noProgram.why ?? '', /^the line names no program .*--program NAME/);
  assert.equal(noProgram.normalised['logwarden.parse.error'], 'invalid_syslog', 'the normaliser flag is shown: the line had no syslog header');
  assert.equal(explainLine({ line: 'x' }, { table: buildParserTable([]), receivedAt: AT }).why, 'the parser table is empty');
});

test('a content-detected parser claims a line of any program', () => {
  const explanation = explainLine({ line: 'TAG:ok', program: 'anything' }, context);
  assert.deepEqual([explanation.parser, explanation.rule], ['tagged', 'tag']);
  assert.deepEqual(explanation.fieldsSet, { 'event.module': 'test', 'event.dataset': 'tagged', 'event.action': 'tagged' });
});

test('a JSON document is read as the HTTP ingest reads it; broken JSON is kept verbatim and flagged', () => {
  const explanation = explainLine({ line: '{"message":"Failed login for eve from 192.0.2.9 port 1","process":{"name":"demo"},"custom":{"x":"y"}}' }, context);
  assert.equal(explanation.input, 'json');
  assert.equal(explanation.parser, 'demo');
  assert.deepEqual(explanation.event['labels'], { 'custom.x': 'y' });
  const broken = explainLine({ line: '{"message":' }, context);
  assert.equal(broken.recognised, false);
  assert.equal(broken.normalised['logwarden.parse.error'], 'invalid_json');
  assert.equal(broken.event['event.original'], '{"message":');
});

test('a value that does not fit its field is a problem, shown, and the event is flagged parser_error', () => {
  const explanation = explainLine({ line: 'Failed login for alice from not-an-ip port 4242', program: 'demo' }, context);
  assert.equal(explanation.recognised, true);
  assert.equal(explanation.problems.length, 1);
  assert.match(explanation.problems[0] as string, /^source\.ip: expected an IP address/);
  assert.equal(explanation.event['logwarden.parse.error'], 'parser_error');
  assert.equal(explanation.fieldsSet['source.ip'], undefined);
  assert.deepEqual(explanation.event['labels'], { 'source.ip': 'not-an-ip' });
});

test('requests the server would not read as one event are refused with coded errors', () => {
  const refused = (request: { line: string; program?: string }, max: number): string => {
    try {
      checkExplainRequest(request, max);
      return 'accepted';
    } catch (error) {
      assert.ok(error instanceof LogwardenError);
      return error.code;
    }
  };
  assert.equal(refused({ line: 'x'.repeat(100) }, 100), 'accepted');
  assert.equal(refused({ line: 'é'.repeat(51) }, 100), 'LW_INGEST_TOO_LARGE', 'bytes are counted, not characters');
  assert.equal(refused({ line: 'x', program: 'two words' }, 100), 'LW_BAD_REQUEST');
  assert.equal(refused({ line: 'x', program: 'a'.repeat(49) }, 100), 'LW_BAD_REQUEST');
});

for (const [file, fixtures] of ALL_FIXTURES) {
  for (const fixture of fixtures.matching) {
    test(`explained as the pipeline reads it: ${file}: ${fixture.name}`, () => {
      const line = fixture.syslog ?? JSON.stringify(fixture.json);
      const explanation = explainLine({ line }, { table: PARSER_TABLE, receivedAt: AT });
      assert.deepEqual([explanation.parser, explanation.rule], [fixture.parser, fixture.rule]);
      const expected = presentEvent(fixture.expect);
      for (const name of Object.keys(expected)) assert.deepEqual(explanation.event[name], expected[name], name);
      parseExplanation.parse(explanation);
    });
  }
  for (const fixture of fixtures.nonMatching) {
    test(`explained as not recognised: ${file}: ${fixture.name}`, () => {
      const explanation = explainLine({ line: fixture.syslog ?? JSON.stringify(fixture.json) }, { table: PARSER_TABLE, receivedAt: AT });
      assert.equal(explanation.recognised, false, `${explanation.parser} claimed it, but ${fixture.why}`);
      assert.ok(explanation.why);
    });
  }
}

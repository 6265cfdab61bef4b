// POST /api/v1/parse/explain through Fastify with the API's own body parser and error mapping: the
// answer parses with the contract, and refusals are coded (400 for a bad body, 413 for a line over
// ingest.maxEventBytes) (R-EVENTS-1).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { parseExplanation } from '../contracts/parse-explain.ts';
import { nativeErrorHandler } from '../http/error-reply.ts';
import { createLogger } from '../observability/logger.ts';
import { patternParser } from '../parsers/parser.ts';
import { buildParserTable } from '../parsers/recognise.ts';
import { ManualClock } from '../runtime/clock.ts';
import { registerParseRoutes } from './parse-routes.ts';

const demo = patternParser({
  name: 'demo',
  description: 'test parser',
  module: 'test',
  programs: ['demo'],
  rules: [{ name: 'failed', needle: 'Failed', pattern: /^Failed login for (?<user>\S+)$/, fields: (g) => ({ 'event.outcome': 'failure', 'user.name': g['user'] }) }],
});

const app = Fastify({ logger: false, bodyLimit: 4096 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.setErrorHandler(nativeErrorHandler(createLogger('silent')));
registerParseRoutes(app, { table: buildParserTable([demo]), maxEventBytes: 256, clock: new ManualClock(Date.UTC(2026, 2, 7)) });
after(() => app.close());

const post = (payload: string) => app.inject({ method: 'POST', url: '/api/v1/parse/explain', headers: { 'content-type': 'application/json' }, payload });

test('a line is explained: parser, rule and the fields set, as the contract says', async () => {
  const response = await post(JSON.stringify({ line: 'Failed login for alice', program: 'demo' }));
  assert.equal(response.statusCode, 200);
  const explanation = parseExplanation.parse(response.json());
  assert.deepEqual([explanation.parser, explanation.rule], ['demo', 'failed']);
  assert.equal(explanation.fieldsSet['user.name'], 'alice');
  assert.equal(explanation.event['@timestamp'], '2026-03-07T00:00:00.000Z', 'a line without a time gets the server clock');
});

test('an unknown line is explained as not recognised, with why', async () => {
  const response = await post(JSON.stringify({ line: '<13>Mar  7 10:00:00 h other: hello' }));
  assert.equal(response.statusCode, 200);
  const explanation = parseExplanation.parse(response.json());
  assert.equal(explanation.recognised, false);
  assert.match(explanation.why ?? '', /program 'other' has no parser; parsers for programs: demo/);
});

test('refusals: no body, not JSON, unknown or missing keys, a bad program (400), a line over ingest.maxEventBytes (413)', async () => {
  const cases: [string, number, string, RegExp][] = [
    ['', 400, 'LW_BAD_REQUEST', /expected a JSON body/],
    ['{"line":', 400, 'LW_BAD_REQUEST', /not valid JSON/],
    ['{"text":"x"}', 400, 'LW_BAD_REQUEST', /line/],
    ['{"line":"x","program":"a b"}', 400, 'LW_BAD_REQUEST', /program/],
    [JSON.stringify({ line: 'x'.repeat(257) }), 413, 'LW_INGEST_TOO_LARGE', /257 bytes; at most 256 \(ingest\.maxEventBytes\)/],
  ];
  for (const [payload, status, code, message] of cases) {
    const response = await post(payload);
    assert.equal(response.statusCode, status, payload);
    const body = response.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, code, payload);
    assert.match(body.error.message, message, payload);
  }
});

// The Elasticsearch handshake and template routes answer their errors through the one error
// mapping, in Elasticsearch's shape, with the header the official clients insist on: a bare
// Fastify app with the plugin, as the API app registers it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { configSchema } from '../config/schema.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { esHandshakeSource } from './es-handshake.ts';
import { ES_SETTINGS_MAX_BODY_BYTES } from './es-settings-store.ts';
import { systemClock } from '../runtime/clock.ts';

let app: FastifyInstance;

before(async () => {
  app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(esHandshakeSource, { config: configSchema.parse({}), pipeline: {} as IngestPipeline, metrics: createMetrics(), logger: createLogger('silent'), clock: systemClock });
});
after(() => app.close());

interface EsError {
  status: number;
  error: { type: string; reason: string; root_cause: { type: string }[]; 'logwarden.code': string };
}

describe('Elasticsearch handshake errors', () => {
  it('an unknown template is 404 resource_not_found_exception with its logwarden code', async () => {
    const response = await app.inject({ method: 'GET', url: '/_index_template/nope' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['x-elastic-product'], 'Elasticsearch');
    const body = response.json<EsError>();
    assert.equal(body.status, 404);
    assert.equal(body.error.type, 'resource_not_found_exception');
    assert.equal(body.error.root_cause[0]?.type, 'resource_not_found_exception');
    assert.equal(body.error['logwarden.code'], 'LW_NOT_FOUND');
    assert.match(body.error.reason, /index template \[nope\] not found/);
  });

  it('a template body that is not JSON is 400 parse_exception; a JSON one is kept and read back', async () => {
    const broken = await app.inject({ method: 'PUT', url: '/_template/t1', payload: '{"index_patterns":' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json<EsError>().error.type, 'parse_exception');
    assert.equal(broken.json<EsError>().error['logwarden.code'], 'LW_BAD_REQUEST');
    assert.equal((await app.inject({ method: 'PUT', url: '/_template/t1', payload: '{"index_patterns":["logs-*"]}' })).statusCode, 200);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/_template/t1' })).json(), { t1: { index_patterns: ['logs-*'] } });
  });

  it('a template body over its limit is 413 content_too_long_exception naming the limit', async () => {
    const response = await app.inject({ method: 'PUT', url: '/_ilm/policy/big', payload: `{"x":"${'a'.repeat(ES_SETTINGS_MAX_BODY_BYTES)}"}` });
    assert.equal(response.statusCode, 413);
    assert.equal(response.headers['x-elastic-product'], 'Elasticsearch');
    const body = response.json<EsError>();
    assert.equal(body.error.type, 'content_too_long_exception');
    assert.match(body.error.reason, /a template or lifecycle policy body may be at most 1048576 bytes/);
  });
});

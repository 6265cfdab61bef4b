// One policy for fields beyond the label limit (issue 10): the same limit and the same report (the
// event flagged invalid_field, one detail) for JSON lines (HTTP ingest and `_bulk` sources) and OTLP,
// whose records used to lose the extra attributes silently.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJsonLine } from '../sources/json-events.ts';
import { decodeOtlpJson } from '../codecs/otlp-logs.ts';
import { LabelSet, MAX_LABELS } from './label-limit.ts';
import { normaliseOtlp } from './normalise-otlp.ts';

const SOURCE = { protocol: 'http', listener: '127.0.0.1:9280', peer: '127.0.0.1:5000', identity: 'tester' } as const;
const CTX = { source: SOURCE, receivedAt: Date.parse('2026-11-24T12:00:00.000Z'), maxEventBytes: 1 << 20 };
const DETAIL = /^4 field\(s\) beyond the limit of 256 labels \("k256", "k257", "k258", "k259"\) not stored as labels; they are only in event\.original$/;

describe('LabelSet', () => {
  it('keeps MAX_LABELS labels, counts the rest and names the first five', () => {
    const labels = new LabelSet();
    for (let i = 0; i < MAX_LABELS + 7; i++) labels.set(`k${i}`, String(i));
    labels.set('k0', 'again'); // a name already present is overwritten, never counted beyond
    assert.equal(Object.keys(labels.values() ?? {}).length, MAX_LABELS);
    assert.equal(labels.values()?.['k0'], 'again');
    assert.equal(labels.problem(), '7 field(s) beyond the limit of 256 labels ("k256", "k257", "k258", "k259", "k260", and 2 more) not stored as labels; they are only in event.original');
  });

  it('reports nothing within the limit, and keeps a field named __proto__ as a label', () => {
    const labels = new LabelSet();
    assert.equal(labels.values(), undefined);
    labels.set('__proto__', 'x');
    assert.deepEqual(Object.entries(labels.values() ?? {}), [['__proto__', 'x']]);
    assert.equal(labels.problem(), undefined);
  });
});

describe('fields beyond the label limit, per protocol', () => {
  it('JSON (HTTP ingest and _bulk source lines): stored, flagged invalid_field with the one detail', () => {
    const fields = Object.fromEntries(Array.from({ length: MAX_LABELS + 4 }, (_, i) => [`k${i}`, i]));
    const line = JSON.stringify({ message: 'wide', ...fields });
    const { event, reject } = decodeJsonLine(Buffer.from(line), CTX);
    assert.equal(event['logwarden.parse.error'], 'invalid_field');
    assert.match(String(event['logwarden.parse.detail']), DETAIL);
    assert.equal(reject?.reason, 'invalid_field');
    assert.equal(Object.keys(event['labels'] as object).length, MAX_LABELS);
    assert.equal(event['event.original'], line);
  });

  it('OTLP: the same limit and the same flag and detail (it used to drop them silently)', () => {
    const attributes = Array.from({ length: MAX_LABELS + 4 }, (_, i) => ({ key: `k${i}`, value: { intValue: String(i) } }));
    const body = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [{ body: { stringValue: 'wide' }, attributes }] }] }] };
    const [entry] = decodeOtlpJson(Buffer.from(JSON.stringify(body)));
    assert.ok(entry !== undefined && !('error' in entry));
    const event = normaliseOtlp(entry.resource, entry.scope, entry.record, { source: { ...SOURCE, protocol: 'otlp-http' }, receivedAt: CTX.receivedAt });
    assert.equal(event['logwarden.parse.error'], 'invalid_field');
    assert.match(String(event['logwarden.parse.detail']), DETAIL);
    assert.equal(Object.keys(event['labels'] as object).length, MAX_LABELS);
    assert.match(String(event['event.original']), /"k259":259/, 'the whole record is in event.original');
  });

  it('OTLP: labels logwarden derives (span id, scope) are never the ones left out', () => {
    const attributes = Array.from({ length: MAX_LABELS }, (_, i) => ({ key: `k${i}`, value: { stringValue: 'v' } }));
    const record = { body: { stringValue: 'wide' }, spanId: 'eee19b7ec3c1b174', attributes };
    const body = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 'app.logger' }, logRecords: [record] }] }] };
    const [entry] = decodeOtlpJson(Buffer.from(JSON.stringify(body)));
    assert.ok(entry !== undefined && !('error' in entry));
    const event = normaliseOtlp(entry.resource, entry.scope, entry.record, { source: { ...SOURCE, protocol: 'otlp-http' }, receivedAt: CTX.receivedAt });
    const labels = event['labels'] as Record<string, string>;
    assert.equal(labels['span.id'], 'eee19b7ec3c1b174');
    assert.equal(labels['otel.scope.name'], 'app.logger');
    assert.match(String(event['logwarden.parse.detail']), /^2 field\(s\) beyond the limit of 256 labels \("k254", "k255"\)/);
  });
});

// event.category and event.type are lists (ECS): every normaliser takes a string or a list of
// strings from a sender, anything else is kept as a label; the last transforms make whatever a
// source set fit the list column; the server-owned fields are stamped over a sender's claim,
// which is kept as a label. R-FIELDS-1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeOtlpJson } from '../codecs/otlp-logs.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { fitColumns } from './fit-columns.ts';
import { normaliseJson } from './normalise-json.ts';
import { normaliseOtlp } from './normalise-otlp.ts';
import { stampServerFields } from './server-fields.ts';

const SOURCE: SourceIdentity = { protocol: 'http', listener: '127.0.0.1:9280', peer: '127.0.0.1:5000', identity: 'shipper' };
const CTX = { source: SOURCE, receivedAt: Date.UTC(2026, 11, 1) };

function fromJson(document: Record<string, unknown>): LogEvent {
  return normaliseJson(document, JSON.stringify(document), CTX).event;
}

test('JSON: a string is a one-value list, a list stays a list, an empty string is none', () => {
  assert.deepEqual(fromJson({ event: { category: 'authentication' } })['event.category'], ['authentication']);
  assert.deepEqual(fromJson({ 'event.type': ['start', 'allowed'] })['event.type'], ['start', 'allowed']);
  assert.deepEqual(fromJson({ 'event.category': '' })['event.category'], []);
});

test('JSON: a list of something else is kept as a label and flags the event', () => {
  const result = normaliseJson({ 'event.category': [1, 2] }, '{}', CTX);
  assert.equal(result.event['event.category'], undefined);
  assert.deepEqual(result.event['labels'], { 'event.category': '[1,2]' });
  assert.equal(result.reject?.reason, 'invalid_field');
  assert.match(result.reject?.detail ?? '', /expected a string or a list of strings/);
});

test('OTLP: attributes event.category / event.type as a string or an array of strings', () => {
  const body = {
    resourceLogs: [
      {
        resource: { attributes: [] },
        scopeLogs: [
          {
            scope: {},
            logRecords: [
              {
                body: { stringValue: 'x' },
                attributes: [
                  { key: 'event.category', value: { arrayValue: { values: [{ stringValue: 'network' }, { stringValue: 'process' }] } } },
                  { key: 'event.type', value: { stringValue: 'start' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  const [entry] = decodeOtlpJson(Buffer.from(JSON.stringify(body)));
  assert.ok(entry && !('error' in entry));
  const event = normaliseOtlp(entry.resource, entry.scope, entry.record, CTX);
  assert.deepEqual(event['event.category'], ['network', 'process']);
  assert.deepEqual(event['event.type'], ['start']);
  assert.equal(event['labels'], undefined, 'mapped attributes are not also labels');
});

test('fitColumns: a source that set a string gets a list; a list of non-strings is kept as a label', () => {
  const event: LogEvent = { 'event.ingested': 1, 'event.category': 'iam' };
  fitColumns(event, 1);
  assert.deepEqual(event['event.category'], ['iam']);
  const bad = { 'event.ingested': 1, 'event.type': [1] } as unknown as LogEvent;
  fitColumns(bad, 1);
  assert.equal(bad['event.type'], undefined);
  assert.deepEqual(bad['labels'], { 'event.type': '[1]' });
});

test('server-owned fields are stamped; a different claim is kept as a label of the same name', () => {
  const event: LogEvent = { 'logwarden.system': 'x', 'logwarden.node': 'n1', labels: { a: 'b' } };
  stampServerFields(event, { node: 'n1', system: 'unassigned' });
  assert.equal(event['logwarden.system'], 'unassigned');
  assert.equal(event['logwarden.retention_class'], 'standard');
  assert.equal(event['logwarden.node'], 'n1');
  assert.deepEqual(event['labels'], { a: 'b', 'logwarden.system': 'x' }, 'a claim equal to the stamped value is nothing to keep');
});

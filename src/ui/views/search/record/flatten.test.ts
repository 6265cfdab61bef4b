// The record panel's rows and the sidebar's field list from events as the API presents them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatable, fieldsOf, recordRows } from './flatten.ts';

const event = { 'event.sequence': 4, 'host.name': 'web-1', 'event.category': ['network', 'process'], labels: { team: 'blue' }, 'event.severity': 3, ok: true };

test('a record’s rows: sorted, lists one value per element, maps flattened to the names the query language takes', () => {
  assert.deepEqual(recordRows(event), [
    { field: 'event.category', values: ['network', 'process'] },
    { field: 'event.sequence', values: ['4'] },
    { field: 'event.severity', values: ['3'] },
    { field: 'host.name', values: ['web-1'] },
    { field: 'labels.team', values: ['blue'] },
    { field: 'ok', values: ['true'] },
  ]);
});

test('the fields of the results, most common first, and which of them the server can count', () => {
  assert.deepEqual(fieldsOf([event, { 'host.name': 'db-1', message: 'x' }]).slice(0, 2), [
    { field: 'host.name', present: 2 },
    { field: 'event.category', present: 1 },
  ]);
  assert.deepEqual(['host.name', 'message', 'labels.team', '@timestamp'].map(aggregatable), [true, false, false, true]);
});

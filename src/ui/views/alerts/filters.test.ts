import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as server from '../../../alerts/alert-state.ts';
import { ALERT_STATES, allowedChanges, DISPOSITIONS, filtersFrom, sortByLastSeen, sortFrom } from './filters.ts';

test('the UI’s states and dispositions are the server’s (the browser cannot import them)', () => {
  assert.deepEqual(ALERT_STATES, server.ALERT_STATES);
  assert.deepEqual(DISPOSITIONS, server.DISPOSITIONS);
});

test('filters come from the URL, blank ones left out; the order is newest first unless asc', () => {
  const query = new URLSearchParams('state=open,acknowledged&level=high&rule=&system=%20web%20&sort=asc&other=x');
  assert.deepEqual(filtersFrom(query), { state: 'open,acknowledged', level: 'high', system: 'web' });
  assert.equal(sortFrom(query), 'asc');
  assert.equal(sortFrom(new URLSearchParams('sort=sideways')), 'desc');
});

test('sorting by last seen, both ways', () => {
  const alerts = [
    { id: 'b', lastSeen: '2026-12-01T10:00:00.000Z' },
    { id: 'a', lastSeen: '2026-12-01T11:00:00.000Z' },
    { id: 'c', lastSeen: '2026-12-01T09:00:00.000Z' },
  ];
  assert.deepEqual(
    sortByLastSeen(alerts, 'desc').map((alert) => alert.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    sortByLastSeen(alerts, 'asc').map((alert) => alert.id),
    ['c', 'b', 'a'],
  );
});

test('the changes offered are the ones the lifecycle allows from each state (docs/api.md)', () => {
  assert.deepEqual(allowedChanges('open'), ['acknowledge', 'resolve', 'close']);
  assert.deepEqual(allowedChanges('acknowledged'), ['resolve', 'close']);
  assert.deepEqual(allowedChanges('resolved'), ['close', 'reopen']);
  assert.deepEqual(allowedChanges('closed'), ['reopen']);
  assert.deepEqual(allowedChanges('unknown'), []);
});

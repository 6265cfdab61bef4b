import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceLink, MAX_LINKED_EVENTS, sequenceQuery } from './evidence.ts';

const linkParams = (path: string) => new URL(path, 'http://x').searchParams;

test('the evidence query selects exactly the sequence numbers: one, or several with OR', () => {
  assert.equal(sequenceQuery([]), undefined);
  assert.equal(sequenceQuery([7]), 'event.sequence:7');
  assert.equal(sequenceQuery([101, 102, 110]), 'event.sequence:(101 OR 102 OR 110)');
});

test('a correlation’s link spans its window and its trigger, five minutes either side, with each event once', () => {
  const windowFrom = Date.parse('2026-12-01T10:03:34.412Z');
  const link = evidenceLink([
    { time: '2026-12-01T10:04:10.412Z', events: [103, 101, 102], why: { kind: 'correlation', window: { from: windowFrom, to: windowFrom + 36_000 } } },
    { time: '2026-12-01T10:09:00.000Z', events: [102, 190], why: { kind: 'correlation' } },
  ]);
  assert.ok(link);
  assert.equal(link.path.split('?')[0], '/search');
  const params = linkParams(link.path);
  assert.equal(params.get('q'), 'event.sequence:(101 OR 102 OR 103 OR 190)');
  assert.equal(params.get('from'), '2026-12-01T09:58:34.412Z');
  assert.equal(params.get('to'), '2026-12-01T10:14:00.000Z');
  assert.deepEqual([link.linked, link.leftOut], [4, 0]);
});

test('a plain match’s link is around its own time; no events, no link; a huge evidence set is cut and says so', () => {
  const match = evidenceLink([{ time: '2026-12-01T10:00:00.000Z', events: [5], why: { kind: 'match' } }]);
  assert.equal(linkParams(match?.path ?? '').get('from'), '2026-12-01T09:55:00.000Z');
  assert.equal(evidenceLink([{ time: '2026-12-01T10:00:00.000Z', events: [], why: { kind: 'match' } }]), undefined);
  const many = Array.from({ length: MAX_LINKED_EVENTS + 3 }, (_, k) => k + 1);
  const cut = evidenceLink([{ time: '2026-12-01T10:00:00.000Z', events: many, why: { kind: 'match' } }]);
  assert.deepEqual([cut?.linked, cut?.leftOut], [MAX_LINKED_EVENTS, 3]);
  assert.ok(
    !linkParams(cut?.path ?? '')
      .get('q')
      ?.includes(` ${MAX_LINKED_EVENTS + 1})`),
  );
});

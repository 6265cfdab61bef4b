// `logwarden detections`' table: one line per detection, its evidence cut to the first five
// sequence numbers and a count, and the message a sender chose shown with its control characters
// escaped (the group's values and the message come from senders). Pure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectionContract } from '../contracts/detections.ts';
import { formatDetections } from './detection-commands.ts';

const detection: DetectionContract = {
  id: 'a'.repeat(32),
  rule: { id: 'r1', title: 'SSH brute force from one address', level: 'high', revision: '0123456789abcdef', tags: [], ruleset: 'logwarden' },
  time: '2026-12-01T10:04:10.412Z',
  group: { 'source.ip': '203.0.113.9' },
  events: [1, 2, 3, 4, 5, 6, 7],
  systems: ['web', 'db'],
  why: { kind: 'correlation' },
  message: 'brute force by \u001b[31mevil\u001b[0m',
  sequence: 9,
};

test('the detections table: time, level, rule, systems, group, evidence and message; control characters escaped', () => {
  const [header, row, ...rest] = formatDetections([detection, { ...detection, group: {}, systems: [], events: [3] }]).split('\n');
  assert.match(header ?? '', /^TIME\s+LEVEL\s+RULE\s+SYSTEMS\s+GROUP\s+EVIDENCE \(event\.sequence\)\s+MESSAGE$/);
  assert.match(row ?? '', /^2026-12-01T10:04:10\.412Z\s+high\s+SSH brute force from one address\s+web,db\s+source\.ip=203\.0\.113\.9\s+1,2,3,4,5 \+2\s+brute force by \\x1b\[31mevil\\x1b\[0m$/);
  assert.match(rest[0] ?? '', /\s-\s+-\s+3\s+brute force/, 'no systems, no group: a dash');
});

// The alert a test notice (`logwarden notifications test CHANNEL`) describes: made up, marked as a
// test in its rule and message, so whoever receives it sees at once that nothing happened. Pure.
import type { StoredAlert } from '../alerts/alert-state.ts';

export function testAlert(id: string, now: number, by: string): StoredAlert {
  return {
    id,
    n: 1,
    by,
    at: now,
    state: {
      rule: { id: 'logwarden-test', title: 'logwarden test notification', level: 'informational', revision: '0', tags: [], ruleset: 'logwarden' },
      group: {},
      state: 'open',
      detections: [],
      detectionCount: 1,
      firstSequence: 0,
      lastSequence: 0,
      firstSeen: now,
      lastSeen: now,
      firstReceived: now,
      systems: [],
      hosts: [],
      message: `Test notification requested by ${by}: this channel works. No alert was raised.`,
      why: { kind: 'test' },
      openedAt: now,
      comments: [],
      change: { kind: 'create' },
      routes: {},
      suppressedBy: [],
    },
  };
}

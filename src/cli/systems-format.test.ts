// The tables `logwarden systems` and `logwarden systems coverage` print.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCoverage, formatSkew, formatSystems } from './systems-format.ts';

test('formatSkew reads as a signed duration', () => {
  assert.equal(formatSkew(null), '-');
  assert.equal(formatSkew(850), '+850ms');
  assert.equal(formatSkew(-12_500), '-12.5s');
  assert.equal(formatSkew(450_000), '+7m30s');
  assert.equal(formatSkew(7_200_000), '+2h0m');
});

test('the systems table: name, owner, events today, last seen, sources, worst skew; sender text made visible', () => {
  const text = formatSystems({
    day: '2026-11-24',
    systems: [
      {
        name: 'web',
        configured: true,
        owner: 'web team',
        description: '',
        match: {},
        eventsToday: 12,
        lastSeen: '2026-11-24T10:00:00.000Z',
        sourceCount: 2,
        sources: [],
        moreSources: 0,
        worstSkewMs: -90_000,
      },
      { name: 'unassigned', configured: false, owner: '', description: '', match: {}, eventsToday: 0, lastSeen: null, sourceCount: 0, sources: [], moreSources: 0, worstSkewMs: null },
    ],
  });
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', /^SYSTEM\s+OWNER\s+EVENTS TODAY \(2026-11-24\)\s+LAST SEEN\s+SOURCES\s+WORST SKEW$/);
  assert.match(lines[1] ?? '', /^web\s+web team\s+12\s+2026-11-24T10:00:00.000Z\s+2\s+-1m30s$/);
  assert.match(lines[2] ?? '', /^unassigned\s+-\s+0\s+-\s+0\s+-$/);
});

test('the coverage table: one row per requirement, overall and per source; an escape in a host name is shown, not sent to the terminal', () => {
  const share = (events: number, percent: number | null) => ({ events, percent });
  const text = formatCoverage({
    system: 'web',
    from: '2026-11-23T10:00:00.000Z',
    to: '2026-11-24T10:00:00.000Z',
    requirements: [
      { key: 'user', requirement: 'user ID', fields: ['user.name', 'user.id'] },
      { key: 'session', requirement: 'session ID', fields: ['session.id'] },
    ],
    overall: { events: 4, present: { user: share(2, 50), session: share(0, 0) }, skewed: share(1, 25) },
    sources: [{ identity: '', peer: '192.0.2.5', host: 'evil\u001b[2J', key: 'evil', events: 4, present: { user: share(2, 50), session: share(0, 0) }, skewed: share(1, 25) }],
    moreSources: 3,
  });
  assert.ok(!text.includes('\u001b'), 'no raw escape');
  const lines = text.split('\n');
  assert.equal(lines[0], 'system web, events received 2026-11-23T10:00:00.000Z to 2026-11-24T10:00:00.000Z');
  assert.match(lines[1] ?? '', /^FIELD\s+REQUIREMENT \(R-FIELDS-1\)\s+ALL \(4\)\s+evil.*\(4\)$/);
  assert.match(lines[2] ?? '', /^user\s+user ID\s+50%\s+50%$/);
  assert.match(lines[3] ?? '', /^session\s+session ID\s+0%\s+0%$/);
  assert.match(lines[4] ?? '', /^skewed\s+timestamps flagged by the clock check \(R-FIELDS-2\)\s+25%\s+25%$/);
  assert.match(lines[5] ?? '', /3 more sources/);
});

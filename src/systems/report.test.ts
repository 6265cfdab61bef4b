// The systems list and coverage answers assembled from real-shaped counts and clock medians, parsed
// with the contracts the CLI uses (R-FIELDS-1 coverage, R-FIELDS-2 skew per source).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemsSchema } from '../config/systems-schema.ts';
import { coverageResponse, systemsResponse } from '../contracts/systems.ts';
import { ALL_SYSTEMS, systemsScope } from '../query/scope.ts';
import { coverageReport, percent, systemSummaries } from './report.ts';
import { REQUIRED_FIELDS } from './required-fields.ts';

const T = Date.parse('2026-11-24T10:00:00.000Z');
const configured = systemsSchema.parse([
  { name: 'web', owner: 'web team', description: 'public site', match: { identity: ['web-app'], host: ['web-*'] }, timezone: 'Europe/Berlin' },
  { name: 'db', owner: 'dba', match: { peer: ['10.0.0.0/8'] } },
]);
const activity = {
  systems: [
    { system: 'logwarden', eventsToday: 3, lastSeen: T, sourcesToday: 1 },
    { system: 'old-name', eventsToday: 0, lastSeen: T - 86_400_000, sourcesToday: 0 },
    { system: 'web', eventsToday: 5, lastSeen: T + 1000, sourcesToday: 3 },
  ],
  sources: [
    { system: 'web', identity: '', peer: '192.0.2.5', host: 'web-1', events: 3, lastSeen: T + 1000 },
    { system: 'web', identity: 'web-app', peer: '::1', host: '', events: 2, lastSeen: T },
  ],
};
const skews = [
  { source: 'web-1', system: 'web', medianMs: -90_000, samples: 3, lastSeen: T, skewed: false },
  { source: '::1', system: 'web', medianMs: 200, samples: 2, lastSeen: T, skewed: false },
  { source: 'web-1', system: 'db', medianMs: 999_999, samples: 1, lastSeen: T, skewed: false },
];

describe('systems answers', () => {
  test('R-FIELDS-1: configured systems in inventory order, then others with events; sources joined with their clock medians (R-FIELDS-2)', () => {
    const systems = systemSummaries({ configured, scope: ALL_SYSTEMS, ...activity, skews });
    assert.deepEqual(
      systems.map((system) => system.name),
      ['web', 'db', 'logwarden', 'old-name'],
    );
    const [web, db, logwarden, old] = systems;
    assert.equal(web?.owner, 'web team');
    assert.equal(web?.timezone, 'Europe/Berlin');
    assert.deepEqual(web?.match, { identity: ['web-app'], host: ['web-*'] });
    assert.equal(web?.eventsToday, 5);
    assert.equal(web?.lastSeen, '2026-11-24T10:00:01.000Z');
    assert.equal(web?.sourceCount, 3);
    assert.equal(web?.moreSources, 1);
    assert.deepEqual(web?.sources[0], { identity: '', peer: '192.0.2.5', host: 'web-1', key: 'web-1', eventsToday: 3, lastSeen: '2026-11-24T10:00:01.000Z', skewMedianMs: -90_000, skewSamples: 3 });
    assert.equal(web?.sources[1]?.key, '::1', 'no host name: the peer address is the key');
    assert.equal(web?.sources[1]?.skewMedianMs, 200);
    assert.equal(web?.worstSkewMs, -90_000, 'furthest from zero, sign kept');
    assert.deepEqual([db?.eventsToday, db?.lastSeen, db?.sources, db?.worstSkewMs], [0, null, [], 999_999]);
    assert.deepEqual([logwarden?.configured, logwarden?.owner, old?.configured], [false, '', false]);
    assert.deepEqual(systemsResponse.parse({ day: '2026-11-24', systems }).systems, systems);
  });

  test('only systems in the scope are listed', () => {
    const systems = systemSummaries({ configured, scope: systemsScope(['db', 'logwarden']), ...activity, skews });
    assert.deepEqual(
      systems.map((system) => system.name),
      ['db', 'logwarden'],
    );
  });

  test('R-FIELDS-1 coverage in percent, one decimal; none for no events', () => {
    const present = Object.fromEntries(REQUIRED_FIELDS.map((required, index) => [required.key, index % 4]));
    const report = coverageReport(
      'web',
      { from: T - 86_400_000, to: T },
      { overall: { events: 3, present, skewed: 1 }, sources: [{ identity: 'web-app', peer: '::1', host: '', events: 3, present, skewed: 0 }], more: 2 },
    );
    assert.deepEqual(report.overall.present['user'], { events: 0, percent: 0 });
    assert.deepEqual(report.overall.present['system'], { events: 1, percent: 33.3 });
    assert.deepEqual(report.overall.present['activity'], { events: 2, percent: 66.7 });
    assert.deepEqual(report.overall.present['category'], { events: 3, percent: 100 });
    assert.deepEqual(report.overall.skewed, { events: 1, percent: 33.3 });
    assert.equal(report.sources[0]?.key, '::1');
    assert.equal(report.moreSources, 2);
    assert.deepEqual(
      report.requirements.map((required) => required.key),
      REQUIRED_FIELDS.map((required) => required.key),
    );
    assert.deepEqual(coverageResponse.parse(report), report);
    assert.equal(percent(0, 0), null);
  });
});

// `alerts` in the configuration: the grouping times with Grafana's defaults, per-rule times, and
// the limits people get told about (R-ANALYSE-2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertsSchema, DEFAULT_TIMING } from './alerts-schema.ts';

describe('alerts configuration (R-ANALYSE-2)', () => {
  test('R-ANALYSE-2: defaults are 30 s group wait, 5 min group interval, 4 h repeat interval', () => {
    assert.deepEqual(alertsSchema.parse(undefined), { ...DEFAULT_TIMING, rules: [] });
    assert.deepEqual(DEFAULT_TIMING, { groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 });
  });

  test('R-ANALYSE-2: durations are read as people write them, and rules set only what they change', () => {
    const config = alertsSchema.parse({ groupWait: '0s', groupInterval: 90, repeatInterval: '1d', url: 'https://logwarden.example.org', rules: [{ rule: 'SSH brute force', groupWait: '250ms' }] });
    assert.equal(config.groupWait, 0);
    assert.equal(config.groupInterval, 90_000);
    assert.equal(config.repeatInterval, 86_400_000);
    assert.deepEqual(config.rules, [{ rule: 'SSH brute force', groupWait: 250 }]);
  });

  test('R-ANALYSE-2: out-of-range times, unknown keys and a bad url are refused with the reason', () => {
    const messages = (input: unknown) => alertsSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    assert.deepEqual(messages({ groupInterval: '500ms' }), ['groupInterval: expected a duration such as 30s, 5m, 4h or 1d (from 1s to 7d), found "500ms"']);
    assert.deepEqual(messages({ repeatInterval: '30s' }), ['repeatInterval: expected a duration such as 30s, 5m, 4h or 1d (from 1m to 30d), found "30s"']);
    assert.deepEqual(messages({ groupWait: 'soon' }), ['groupWait: expected a duration such as 30s, 5m, 4h or 1d (from 0s to 1d), found "soon"']);
    assert.deepEqual(messages({ url: 'logwarden' }), ['url: expected the address people open logwarden at, e.g. https://logwarden.example.org']);
    assert.equal(messages({ rules: [{ rule: 'x', wait: '1s' }] }).length, 1);
    assert.equal(messages({ rules: [{ rule: '' }] }).length, 1);
  });
});

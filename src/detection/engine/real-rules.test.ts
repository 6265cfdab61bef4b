// The matcher held equal on real rules and real events (R-ANALYSE-1): the shipped pack, the
// SigmaHQ-layout checkout of the import tests and the bench's synthetic corpus, compiled as they
// run, over every parser fixture's input through the real normaliser and parsers — each event's
// matches are exactly the rules whose predicate holds, and the prefilter rules most rules out.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { sigmaCorpus } from '../../bench/sigma-corpus.ts';
import { ALL_FIXTURES } from '../../parsers/all-fixtures.fixtures.ts';
import { recognise } from '../../parsers/recognise.ts';
import { PARSER_TABLE } from '../../parsers/table.ts';
import { predicateMatcher } from '../../query/match.ts';
import type { LogEvent } from '../../schema/event.ts';
import { normaliseJson } from '../../transforms/normalise-json.ts';
import { normaliseSyslog } from '../../transforms/normalise-syslog.ts';
import { loadRuleSet } from '../load.ts';
import { PACK_DIR, PACK_RULESET } from '../pack.ts';
import type { DetectionRule } from '../rule.ts';
import { RuleMatcher } from './matcher.ts';
import { Prefilter } from './prefilter.ts';
import { guardOf } from './guard.ts';

const CHECKOUT = fileURLToPath(new URL('../../../test/fixtures/sigma-checkout/', import.meta.url));

function parsedFixtures(): LogEvent[] {
  const source = { protocol: 'syslog-tcp', listener: 'test', peer: 'test', identity: '' };
  const events: LogEvent[] = [];
  for (const [, set] of ALL_FIXTURES) {
    for (const fixture of [...set.matching, ...set.nonMatching]) {
      const ctx = { source, receivedAt: Date.UTC(2026, 10, 24) };
      const event =
        fixture.syslog !== undefined ? normaliseSyslog({ bytes: Buffer.from(fixture.syslog), truncated: false }, ctx).event : normaliseJson(fixture.json, JSON.stringify(fixture.json), ctx).event;
      recognise(event, PARSER_TABLE);
      events.push({ ...event, 'event.sequence': events.length });
    }
  }
  return events;
}

const detections = (rules: readonly { kind: string }[]): DetectionRule[] => rules.filter((rule): rule is DetectionRule => rule.kind === 'detection');

let events: LogEvent[];
const sets: [string, DetectionRule[]][] = [];

before(async () => {
  events = parsedFixtures();
  const pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} });
  const checkout = await loadRuleSet([{ ruleset: 'imported', dir: CHECKOUT }], { placeholders: {} });
  sets.push(['shipped pack', detections(pack.rules)], ['SigmaHQ-layout checkout', detections(checkout.rules)], ['synthetic corpus', sigmaCorpus()]);
});

describe('RuleMatcher on real rules and parsed events', () => {
  it('R-ANALYSE-1: answers exactly the rules whose predicate holds, for the pack, an imported checkout and the corpus', () => {
    assert.ok(events.length > 100, `${events.length} parsed fixture events`);
    for (const [name, rules] of sets) {
      assert.ok(rules.length > 0, `${name}: no detection rules loaded`);
      const matcher = new RuleMatcher(rules);
      const naive = rules.map((rule) => predicateMatcher(rule.predicate));
      let matched = 0;
      for (const event of events) {
        const expected = rules.filter((_, i) => naive[i]!(event)).map((rule) => rule.id);
        const got = matcher.match(event).map((m) => m.rule.id);
        assert.deepEqual(got, expected, `${name}: ${String(event['message']).slice(0, 120)}`);
        matched += got.length;
      }
      assert.ok(matched > 0, `${name}: no rule matched any fixture event`);
    }
  });

  it('tries each event on a small share of the rules', () => {
    for (const [name, rules] of sets) {
      const prefilter = new Prefilter(rules.map((rule) => guardOf(rule.predicate)));
      const tried = events.reduce((sum, event) => sum + prefilter.candidates(event).length, 0);
      const share = tried / (events.length * rules.length);
      assert.ok(share < 0.05, `${name}: ${(share * 100).toFixed(1)}% of rules tried per event`);
    }
  });
});

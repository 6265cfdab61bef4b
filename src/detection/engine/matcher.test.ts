// The stream matcher held equal to the rules' own predicates: the prefilter may only skip a rule
// that cannot hold, so for random rules (every predicate op, routes, filters) and random events,
// RuleMatcher.match answers exactly the rules predicateMatcher accepts (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { predicateMatcher } from '../../query/match.ts';
import type { Predicate } from '../../query/predicate.ts';
import type { LogEvent } from '../../schema/event.ts';
import { RuleMatcher } from './matcher.ts';
import { detectionRule, eventWithDataset, rulesArb, sel } from './matcher.fixtures.ts';

const eq = (name: string, value: string, cased = true): Predicate => ({ op: 'substring', field: sel(name), at: 'equals', value, cased });
const contains = (name: string, value: string, cased = false): Predicate => ({ op: 'substring', field: sel(name), at: 'contains', value, cased });

describe('RuleMatcher', () => {
  it('R-ANALYSE-1: answers exactly the rules whose predicate holds, for random rules and events', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(eventWithDataset, { minLength: 1, maxLength: 30 }), (rules, events) => {
        const matcher = new RuleMatcher(rules);
        const naive = rules.map((rule) => predicateMatcher(rule.predicate));
        for (const event of events) {
          const expected = rules.filter((_, i) => naive[i]!(event)).map((rule) => rule.id);
          assert.deepEqual(
            matcher.match(event).map((m) => m.rule.id),
            expected,
            JSON.stringify(event),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on every pairing of case-folding edge cases (ſ, Kelvin sign, É, İ) with every kind of literal', () => {
    const edge = ['café', 'CAFÉ', 'Café au lait', 'ſudo', 'SUDO', 'sudo -i', '\u212Aill', 'KILL', 'İx', 'ix', 'Σα', 'σα', ''];
    const ats = ['equals', 'contains', 'startswith', 'endswith'] as const;
    const predicates: Predicate[] = edge.flatMap((value) =>
      [true, false].flatMap((cased) => [
        ...ats.map((at): Predicate => ({ op: 'substring', field: sel('user.name'), at, value, cased })),
        { op: 'like', field: sel('user.name'), parts: [{ kind: 'text', text: value }], anchored: true, cased },
        { op: 'tokens', field: sel('user.name'), text: value },
      ]),
    );
    const rules = predicates.map((predicate, i) => detectionRule(`p${i}`, { route: { op: 'const', value: true }, searches: {}, condition: { op: 'const', value: true }, predicate }));
    const matcher = new RuleMatcher(rules);
    const naive = predicates.map(predicateMatcher);
    for (const value of edge) {
      const event: LogEvent = { 'user.name': value };
      const expected = rules.filter((_, i) => naive[i]!(event)).map((rule) => rule.id);
      assert.deepEqual(
        matcher.match(event).map((m) => m.rule.id),
        expected,
        value,
      );
    }
  });

  it('names the searches that held, leaving out a filter under a not', () => {
    const selection = contains('message', 'failed password');
    const other = contains('message', 'root');
    const filter = eq('user.name', 'backup');
    const rule = detectionRule('r', {
      route: eq('event.dataset', 'sshd'),
      searches: { selection, other, filter },
      condition: {
        op: 'and',
        children: [
          {
            op: 'or',
            children: [
              { op: 'search', name: 'selection' },
              { op: 'search', name: 'other' },
            ],
          },
          { op: 'not', child: { op: 'search', name: 'filter' } },
        ],
      },
      predicate: { op: 'and', children: [eq('event.dataset', 'sshd'), { op: 'or', children: [selection, other] }, { op: 'not', child: filter }] },
    });
    const matcher = new RuleMatcher([rule]);
    const event = (message: string, user = 'alice'): LogEvent => ({ 'event.dataset': 'sshd', message, 'user.name': user });
    assert.deepEqual(
      matcher.match(event('Failed password for root')).map((m) => m.searches),
      [['selection', 'other']],
    );
    assert.deepEqual(
      matcher.match(event('FAILED PASSWORD for bob')).map((m) => m.searches),
      [['selection']],
    );
    assert.deepEqual(matcher.match(event('Failed password for root', 'backup')), []);
    assert.deepEqual(matcher.match({ ...event('Failed password for root'), 'event.dataset': 'sudo' }), []);
  });

  it('indexes routes, exact values and literals, and tries only what the analysis cannot index on every event', () => {
    const rules = [
      detectionRule('route+needle', {
        route: eq('event.dataset', 'sshd'),
        searches: {},
        condition: { op: 'const', value: true },
        predicate: { op: 'and', children: [eq('event.dataset', 'sshd'), contains('message', 'invalid user')] },
      }),
      detectionRule('exact', { route: eq('event.dataset', 'sudo'), searches: {}, condition: { op: 'const', value: true }, predicate: eq('user.name', 'ROOT', false) }),
      detectionRule('needles', {
        route: { op: 'const', value: true },
        searches: {},
        condition: { op: 'const', value: true },
        predicate: { op: 'or', children: [contains('message', 'mimikatz'), contains('process.command_line', 'sekurlsa')] },
      }),
      detectionRule('regex', {
        route: { op: 'const', value: true },
        searches: {},
        condition: { op: 'const', value: true },
        predicate: { op: 'regex', field: sel('message'), pattern: 'x+', cased: true },
      }),
      detectionRule('never', {
        route: { op: 'const', value: true },
        searches: {},
        condition: { op: 'const', value: false },
        predicate: { op: 'and', children: [contains('message', 'x'), { op: 'const', value: false }] },
      }),
    ];
    const matcher = new RuleMatcher(rules);
    assert.deepEqual(matcher.stats, { rules: 5, alwaysTried: 1, eqProbes: 2, needleProbes: 2, needles: 3, anchorProbes: 4 });
    const ids = (event: LogEvent): string[] => matcher.match(event).map((m) => m.rule.id);
    assert.deepEqual(ids({ 'event.dataset': 'sshd', message: 'Invalid user x from 10.0.0.1' }), ['route+needle', 'regex']);
    assert.deepEqual(ids({ 'event.dataset': 'sudo', 'user.name': 'root', message: 'MIMIKATZ' }), ['exact', 'needles']);
    assert.deepEqual(ids({ 'process.command_line': 'a sekurlsa::logonpasswords' }), ['needles']);
  });
});

// Finding a rule by what a person types (R-ANALYSE-1): id, then Sigma name, then title without
// regard to case; a title two rules share is refused with both ids; a skipped rule is named with
// why it was skipped; anything else is LW_RULE_UNKNOWN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { loadRuleTexts } from './load.ts';
import { findRule } from './rule-lookup.ts';

const rule = (id: string, title: string, name?: string, service = 'sshd'): string =>
  `title: ${title}\nid: ${id}\n${name ? `name: ${name}\n` : ''}level: low\nlogsource: { product: linux, service: ${service} }\ndetection:\n  selection:\n    event.outcome: failure\n  condition: selection\n`;
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';
const set = loadRuleTexts(
  [
    { path: 'a.yml', ruleset: 't', text: rule(A, 'Alpha', 'alpha_rule') },
    { path: 'b.yml', ruleset: 't', text: rule(B, 'Twin') },
    { path: 'c.yml', ruleset: 't', text: rule(C, 'twin') },
    { path: 'd.yml', ruleset: 't', text: rule(D, 'Skipped one', undefined, 'no-such-service') },
  ],
  { placeholders: {} },
);
const code = (ref: string): string | undefined => {
  try {
    findRule(set, ref);
    return undefined;
  } catch (error) {
    return error instanceof LogwardenError ? `${error.code}: ${error.message}` : String(error);
  }
};

describe('findRule', () => {
  it('by id, by name, by title in any case', () => {
    assert.equal(findRule(set, A).id, A);
    assert.equal(findRule(set, 'alpha_rule').id, A);
    assert.equal(findRule(set, '  ALPHA ').id, A);
  });

  it('a shared title is refused with both ids; the ids still work', () => {
    assert.match(code('twin') ?? '', new RegExp(`^LW_RULE_UNKNOWN: 2 loaded rules have the title "twin": name one by its id \\(${B}, ${C}\\)`));
    assert.equal(findRule(set, C).title, 'twin');
  });

  it('a skipped rule is LW_RULE_INVALID with its reason; an unknown one LW_RULE_UNKNOWN', () => {
    assert.equal(set.skipped.length, 1);
    assert.match(code(D) ?? '', /^LW_RULE_INVALID: rule .* \(t\/d\.yml\) is not loaded: unknown logsource product=linux service=no-such-service/);
    assert.match(code('Skipped ONE') ?? '', /^LW_RULE_INVALID/);
    assert.match(code('nothing like it') ?? '', /^LW_RULE_UNKNOWN: no loaded rule has the id, name or title "nothing like it"/);
  });
});

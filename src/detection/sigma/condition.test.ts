// Sigma conditions case by case (issue 12; R-ANALYSE-1): operators and their precedence,
// parentheses, `1 of` / `all of` / `any of` over patterns and `them`, and the errors that say where.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Condition } from '../rule.ts';
import { parseCondition } from './condition.ts';
import { SigmaRuleError } from './detection.ts';

const IDS = ['selection', 'selection_img', 'filter_main', 'filter_optional', 'keywords', '_helper'];
const s = (name: string): Condition => ({ op: 'search', name });
const and = (...children: Condition[]): Condition => ({ op: 'and', children });
const or = (...children: Condition[]): Condition => ({ op: 'or', children });
const not = (child: Condition): Condition => ({ op: 'not', child });
const parse = (text: string): Condition => parseCondition(text, IDS);

describe('Sigma conditions (R-ANALYSE-1)', () => {
  it('a single identifier, and, or, not', () => {
    assert.deepEqual(parse('selection'), s('selection'));
    assert.deepEqual(parse('selection and not filter_main'), and(s('selection'), not(s('filter_main'))));
    assert.deepEqual(parse('selection or keywords or filter_main'), or(s('selection'), s('keywords'), s('filter_main')));
  });

  it('binds not tighter than and, and tighter than or; parentheses first', () => {
    assert.deepEqual(parse('selection or keywords and not filter_main'), or(s('selection'), and(s('keywords'), not(s('filter_main')))));
    assert.deepEqual(parse('(selection or keywords) and not (filter_main or filter_optional)'), and(or(s('selection'), s('keywords')), not(or(s('filter_main'), s('filter_optional')))));
    assert.deepEqual(parse('not not selection'), not(not(s('selection'))));
  });

  it('operators are case-insensitive; identifiers are not', () => {
    assert.deepEqual(parse('selection AND NOT keywords'), and(s('selection'), not(s('keywords'))));
    assert.throws(() => parse('Selection'), /names "Selection", which is no search identifier/);
  });

  it('1 of / any of a pattern is OR of the matching identifiers, all of is AND', () => {
    assert.deepEqual(parse('1 of selection*'), or(s('selection'), s('selection_img')));
    assert.deepEqual(parse('any of filter_*'), or(s('filter_main'), s('filter_optional')));
    assert.deepEqual(parse('all of selection*'), and(s('selection'), s('selection_img')));
    assert.deepEqual(parse('1 of *_img'), s('selection_img'));
    assert.deepEqual(parse('all of selection* and not 1 of filter_*'), and(and(s('selection'), s('selection_img')), not(or(s('filter_main'), s('filter_optional')))));
  });

  it('them is every identifier not starting with _; a pattern starting with _ may name those', () => {
    const visible = IDS.filter((id) => !id.startsWith('_')).map(s);
    assert.deepEqual(parse('1 of them'), or(...visible));
    assert.deepEqual(parse('all of them'), and(...visible));
    assert.deepEqual(parse('1 of _h*'), s('_helper'));
    assert.deepEqual(parse('selection and _helper'), and(s('selection'), s('_helper')));
  });

  it('identifiers may hold any letters, dots and dashes; patterns match them literally but for *', () => {
    const ids = ['sélection', 'sel.a', 'sel-b', 'selXa'];
    assert.deepEqual(parseCondition('sélection and not sel.a', ids), and(s('sélection'), not(s('sel.a'))));
    assert.deepEqual(parseCondition('1 of sel.*', ids), s('sel.a'));
    assert.deepEqual(parseCondition('all of sel-*', ids), s('sel-b'));
  });

  it('says where a condition is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/],
      ['selection and', /ends where a search identifier belongs \(at 13\)/],
      ['selection or nope', /names "nope", which is no search identifier of the rule \(at 13\)/],
      ['(selection or keywords', /has a "\(" without its "\)" \(at 0\)/],
      ['selection keywords', /has "keywords" where an operator or the end belongs \(at 10\)/],
      ['selection)', /has "\)" where an operator or the end belongs \(at 9\)/],
      ['2 of selection*', /Sigma defines only "1 of" and "all of" \(at 0\)/],
      ['1 of nothing*', /matches no search identifier \(at 5\)/],
      ['all selection', /has "all" without "of" after it/],
      ['selection*', /without "1 of" or "all of"/],
      ['selection | count() > 5', /aggregation/],
      ['and selection', /has "and" where a search identifier belongs \(at 0\)/],
    ];
    for (const [text, reason] of cases) {
      assert.throws(
        () => parse(text),
        (error: unknown) => error instanceof SigmaRuleError && reason.test(error.message) && error.message.includes(JSON.stringify(text)),
        text,
      );
    }
  });
});

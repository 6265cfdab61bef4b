// The literal prefix patternParser checks with startsWith before a rule's pattern: it must be text
// every match starts with, and nothing when that is not certain (then the pattern alone decides).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalPrefix } from './parser.ts';

test('the prefix is the literal text after ^, escapes included, up to the first pattern syntax', () => {
  assert.equal(literalPrefix(/^Accepted (?<method>\S+)/), 'Accepted ');
  assert.equal(literalPrefix(/^pam_unix\((?<service>[^:]+):auth\)/), 'pam_unix(');
  assert.equal(literalPrefix(/^Received signal (?<signal>\d+); terminating\.$/), 'Received signal ');
  assert.equal(literalPrefix(/^a\/b\\c-d/), 'a/b\\c-d');
  assert.equal(literalPrefix(/^a\d/), 'a');
  assert.equal(literalPrefix(/^a[bc]/), 'a');
});

test('a quantified last character is left out: it may be absent', () => {
  assert.equal(literalPrefix(/^Accepted?x/), 'Accepte');
  assert.equal(literalPrefix(/^ab*c/), 'a');
  assert.equal(literalPrefix(/^ab{2}/), 'a');
});

test('no prefix when a match need not start with one', () => {
  assert.equal(literalPrefix(/Accepted /), '', 'not anchored');
  assert.equal(literalPrefix(/^a|b/), '', 'a top-level alternative');
  assert.equal(literalPrefix(/^(?:error: )?x/), '', 'an optional group first');
  assert.equal(literalPrefix(/^A/i), '', 'case-insensitive');
  assert.equal(literalPrefix(/^A/m), '', 'multiline: ^ matches after any newline');
  assert.equal(literalPrefix(/^\d+ x/), '');
});

// Queries of masked callers (R-MASK-1, R-ACCESS-1): a query on a masked field, a bare word or
// phrase (they search the rewritten message), a dictionary word anywhere, and aggregations on
// redacted or rewritten fields are refused LW_MASKED_FIELD naming the field; the rest pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogwardenError } from '../../errors/codes.ts';
import { maskBuckets } from './buckets.ts';
import { KEY_A, customProfile, thirdParty } from './masking.fixtures.ts';
import { pseudonym } from './pseudonym.ts';

function refusedOn(run: () => void): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof LogwardenError, String(error));
    assert.equal(error.code, 'LW_MASKED_FIELD');
    return String(error.details['field']);
  }
  assert.fail('expected LW_MASKED_FIELD');
}

test('R-MASK-1: checkQuery refuses masked fields (also through aliases, groups, NOT and map keys), bare words and phrases, and dictionary words', () => {
  const masker = thirdParty({ organisations: ['Initech'] });
  const cases: [string, string][] = [
    ['user.name:alice', 'user.name'],
    ['user:alice', 'user.name'],
    ['event.action:login AND NOT host.name:web01', 'host.name'],
    ['related.user:(alice OR bob)', 'related.user'],
    ['source.ip:203.0.113.0/24', 'source.ip'],
    ['user.target.name:*', 'user.target.name'],
    ['logwarden.source.identity:relay', 'logwarden.source.identity'],
    ['failed', 'message'],
    ['event.action:login "failed password"', 'message'],
    ['message:failed', 'message'],
    ['event.original:*alice*', 'event.original'],
    ['process.command_line:*alice*', 'process.command_line'],
    ['labels.owner:alice', 'labels'],
    ['logwarden.detection.group.user.name:alice', 'logwarden.detection.group'],
    ['service.name:*initech*', 'service.name'],
  ];
  for (const [query, field] of cases)
    assert.equal(
      refusedOn(() => masker.checkQuery(query)),
      field,
      query,
    );
  for (const query of ['', '*', 'event.action:ssh-login AND event.outcome:failure', 'log.level:error OR service.name:billing', 'source.port:>1024', 'event.sequence:[1 TO 9]']) {
    assert.doesNotThrow(() => masker.checkQuery(query), query);
  }
});

test('R-MASK-1: a profile that does not rewrite message allows bare words; its own fields are still refused', () => {
  const masker = customProfile({ name: 'ids-only', message: false, pseudonymise: ['user.id'] });
  assert.doesNotThrow(() => masker.checkQuery('failed AND user.name:alice'));
  assert.equal(
    refusedOn(() => masker.checkQuery('user.id:42')),
    'user.id',
  );
});

test('R-MASK-1: aggregations: pseudonymised and generalised fields come back masked and merged, redacted and rewritten ones are refused', () => {
  const masker = thirdParty();
  assert.equal(
    refusedOn(() => masker.checkAggregate('logwarden.source.identity')),
    'logwarden.source.identity',
  );
  assert.equal(
    refusedOn(() => masker.checkAggregate('process.command_line')),
    'process.command_line',
  );
  assert.doesNotThrow(() => masker.checkAggregate('user.name'));
  assert.equal(masker.maskValue('logwarden.source.identity', 'relay'), undefined);
  assert.deepEqual(
    maskBuckets(masker, 'user', [
      { value: 'alice', count: 3 },
      { value: 'bob', count: 1 },
    ]),
    [
      { value: pseudonym(KEY_A, 'user', 'alice'), count: 3 },
      { value: pseudonym(KEY_A, 'user', 'bob'), count: 1 },
    ],
  );
  assert.deepEqual(
    maskBuckets(masker, 'source.ip', [
      { value: '10.0.0.1', count: 2 },
      { value: '10.1.0.1', count: 2 },
      { value: '10.0.0.2', count: 1 },
    ]),
    [
      { value: '10.0.0.0/24', count: 3 },
      { value: '10.1.0.0/24', count: 2 },
    ],
  );
  assert.deepEqual(maskBuckets(masker, 'service.name', [{ value: 'sshd on 10.0.0.9', count: 1 }]), [{ value: 'sshd on 10.0.0.0/24', count: 1 }]);
});

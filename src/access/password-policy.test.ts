// The password policy (R-ACCESS-1): each rule refuses with LW_PASSWORD_POLICY naming the rule, and
// no refusal ever quotes the password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { brokenRule, checkPassword } from './password-policy.ts';
import { signInConfigOf } from './sign-in-schema.ts';

const policy = signInConfigOf({}).passwordPolicy;

function refusal(password: string, name: string): LogwardenError {
  try {
    checkPassword(password, name, policy);
  } catch (error) {
    assert.ok(error instanceof LogwardenError);
    return error;
  }
  return assert.fail(`"${password}" was accepted`);
}

test('R-ACCESS-1: every rule of the policy refuses with its name', () => {
  const cases: [password: string, name: string, rule: string][] = [
    ['short-one', 'alice', 'minLength'],
    ['ñandú-ñandú', 'alice', 'minLength'], // 11 characters, 14 bytes: characters count
    ['x'.repeat(1025), 'alice', 'maxBytes'],
    ['ü'.repeat(600), 'alice', 'maxBytes'], // 600 characters, 1200 bytes
    ['my-name-is-Alice!', 'alice', 'notUserName'],
    ['ALICE.EXAMPLE.ORG', 'alice.example.org', 'notUserName'],
    ['Password1234', 'alice', 'notCommon'],
    ['correcthorsebatterystaple', 'bob', 'notCommon'],
    ['zzzzzzzzzzzzzz', 'bob', 'notRepeated'],
  ];
  for (const [password, name, rule] of cases) {
    const error = refusal(password, name);
    assert.equal(error.code, 'LW_PASSWORD_POLICY');
    assert.equal(error.details['rule'], rule, password);
    assert.ok(error.message.startsWith(`the password was refused: ${rule}:`), error.message);
  }
});

test('R-ACCESS-1: passwords that meet the policy pass; a short name may appear inside one', () => {
  for (const [password, name] of [
    ['tarnished-brass-kettle', 'alice'],
    ['al-is-in-this-one', 'al'],
    ['ñandú-ñandú-ñ', 'bob'],
    ['x'.repeat(1023) + 'y', 'bob'],
  ] as const) {
    assert.equal(brokenRule(password, name, policy), undefined, password);
  }
  assert.equal(brokenRule('short but ok', 'bob', { ...policy, minLength: 8 }), undefined, 'minLength follows the configuration');
});

test('R-ACCESS-1: a refusal never quotes the password (property)', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 6, maxLength: 40, unit: 'grapheme' }), fc.constantFrom('alice', 'bob', 'ops.team@example.org'), (password, name) => {
      const broken = brokenRule(password, name, policy);
      if (broken !== undefined) assert.ok(!broken.includes(password), broken);
    }),
  );
});

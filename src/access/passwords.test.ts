// argon2id password hashes (R-ACCESS-1): PHC strings that carry their parameters and salt, so a
// hash made with older parameters still verifies and is known to need replacing; damaged strings
// never verify.
import assert from 'node:assert/strict';
import { argon2Sync } from 'node:crypto';
import { test } from 'node:test';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords.ts';

const B64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

test('R-ACCESS-1: a hash is a PHC argon2id string with the parameters and a fresh salt; only the right password verifies', async () => {
  const [one, two] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
  assert.match(one, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(one, two, 'each hash has its own salt');
  assert.equal(await verifyPassword('correct horse battery', one), true);
  assert.equal(await verifyPassword('correct horse batterY', one), false);
  assert.equal(await verifyPassword('', one), false);
  assert.equal(needsRehash(one), false);
});

test('R-ACCESS-1: a PHC string made elsewhere with other parameters verifies, and is marked for rehashing', async () => {
  const salt = Buffer.from('a fixed salt, 16b');
  const tag = argon2Sync('argon2id', { message: Buffer.from('pässwörd ✓'), nonce: salt, parallelism: 2, tagLength: 32, memory: 64, passes: 3 });
  const stored = `$argon2id$v=19$m=64,t=3,p=2$${B64(salt)}$${B64(tag)}`;
  assert.equal(await verifyPassword('pässwörd ✓', stored), true, 'the parameters and salt are read from the string');
  assert.equal(await verifyPassword('passwörd ✓', stored), false);
  assert.equal(needsRehash(stored), true, 'weaker than the defaults');
  assert.equal(needsRehash(stored, { memory: 64, passes: 3, parallelism: 2 }), false);
  assert.equal(needsRehash(stored, { memory: 64, passes: 4, parallelism: 2 }), true, 'fewer passes than asked');
  assert.equal(needsRehash(stored, { memory: 64, passes: 3, parallelism: 4 }), true, 'fewer lanes than asked');
});

test('R-ACCESS-1: damaged or foreign hash strings never verify (and need rehashing)', async () => {
  const good = await hashPassword('a long enough secret');
  const damaged = [
    '',
    'plain text',
    good.replace('argon2id', 'argon2i'),
    good.replace('v=19', 'v=16'),
    good.replace('m=19456', 'm=99999999'),
    good.replace('t=2', 't=0'),
    good.replace('p=1', 'p=0'),
    good.slice(0, -10),
    `${good}$extra`,
  ];
  for (const stored of damaged) {
    assert.equal(await verifyPassword('a long enough secret', stored), false, stored);
    assert.equal(needsRehash(stored), true, stored);
  }
});

test('R-ACCESS-1: verifying against the dummy hash refuses every password', async () => {
  for (const password of ['', 'x', 'a long enough secret']) assert.equal(await verifyAgainstDummy(password), false);
});

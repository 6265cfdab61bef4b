// UserStore (R-ACCESS-1): users.json at 0600 with argon2id hashes and no password, reloaded intact;
// the same refusal for unknown, wrong, disabled and locked; a lockout after maxFailures within the
// window that survives a restart and ends after lockoutSeconds; role and disable changes visible
// at once through grantOf; a hash with old parameters replaced at the next sign-in.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { argon2Sync } from 'node:crypto';
import { LogwardenError } from '../errors/codes.ts';
import { UserStore } from './users.ts';

const T0 = Date.parse('2031-03-04T05:06:07Z');
const SECOND = 1000;
const PASSWORD = 'tarnished-brass-kettle';

async function withStore(body: (store: UserStore, dir: string) => Promise<void>, lockout = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 300 }): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-users-'));
  try {
    const store = new UserStore(dir, { lockout });
    await store.open();
    await body(store, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const code = (expected: string) => (error: unknown) => error instanceof LogwardenError && error.code === expected;

test('R-ACCESS-1: users are kept at 0600 with hashes only, listed without them, and reloaded intact', () =>
  withStore(async (store, dir) => {
    const added = await store.add({ name: 'alice', role: 'analyst', systems: ['web', 'db'], password: PASSWORD }, 'token:initial-admin', T0);
    await store.add({ name: 'ops@example.org', role: 'auditor', password: 'another-long-secret' }, 'token:initial-admin', T0);
    assert.deepEqual(added, {
      name: 'alice',
      role: 'analyst',
      systems: ['web', 'db'],
      disabled: false,
      createdAt: new Date(T0).toISOString(),
      createdBy: 'token:initial-admin',
      passwordChangedAt: new Date(T0).toISOString(),
    });
    await assert.rejects(store.add({ name: 'alice', role: 'admin', password: 'yet-another-secret' }, 'x', T0), code('LW_BAD_REQUEST'));
    await assert.rejects(store.add({ name: 'carol', role: 'admin', password: 'short' }, 'x', T0), code('LW_PASSWORD_POLICY'));
    const file = path.join(dir, 'users.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(PASSWORD) && !text.includes('another-long-secret'), 'no password in the file');
    assert.match(text, /\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(store.list(T0).every((info) => !('passwordHash' in info)));
    const reloaded = new UserStore(dir, {});
    await reloaded.open();
    assert.deepEqual(reloaded.list(T0), store.list(T0));
    assert.deepEqual(await reloaded.attempt('alice', PASSWORD, T0), { ok: true, grant: { kind: 'user', name: 'alice', role: 'analyst', systems: ['web', 'db'] } });
  }));

test('R-ACCESS-1: unknown name, wrong password and disabled user are refused, each with its own reason for the log', () =>
  withStore(async (store) => {
    await store.add({ name: 'alice', role: 'reader', password: PASSWORD }, 'x', T0);
    assert.deepEqual(await store.attempt('mallory', PASSWORD, T0), { ok: false, reason: 'unknown-user', lockedNow: false });
    assert.deepEqual(await store.attempt('alice', `${PASSWORD}!`, T0), { ok: false, reason: 'wrong-password', lockedNow: false });
    assert.deepEqual(await store.attempt('Alice', PASSWORD, T0), { ok: false, reason: 'unknown-user', lockedNow: false }, 'names are case-sensitive');
    await store.setDisabled('alice', true, T0);
    assert.deepEqual(await store.attempt('alice', PASSWORD, T0), { ok: false, reason: 'disabled', lockedNow: false }, 'the right password does not help a disabled user');
    assert.equal(store.grantOf('alice'), undefined);
    assert.equal(await store.signIn('alice', PASSWORD, T0), undefined);
    await store.setDisabled('alice', false, T0);
    assert.deepEqual(await store.signIn('alice', PASSWORD, T0), { kind: 'user', name: 'alice', role: 'reader' });
  }));

test('R-ACCESS-1: maxFailures within the window lock the user out, across a restart, until lockoutSeconds pass', () =>
  withStore(async (store, dir) => {
    await store.add({ name: 'alice', role: 'reader', password: PASSWORD }, 'x', T0);
    assert.equal((await store.attempt('alice', 'wrong-1', T0)).ok, false);
    assert.equal((await store.attempt('alice', 'wrong-2', T0 + 10 * SECOND)).ok, false);
    assert.deepEqual(await store.attempt('alice', 'wrong-3', T0 + 20 * SECOND), { ok: false, reason: 'wrong-password', lockedNow: true });
    const restarted = new UserStore(dir, { lockout: { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 300 } });
    await restarted.open();
    const lockedUntil = new Date(T0 + 320 * SECOND).toISOString();
    assert.equal(restarted.get('alice', T0 + 20 * SECOND)?.lockedUntil, lockedUntil);
    assert.deepEqual(await restarted.attempt('alice', PASSWORD, T0 + 319 * SECOND), { ok: false, reason: 'locked-out', lockedNow: false }, 'even with the right password');
    assert.equal(restarted.grantOf('alice')?.role, 'reader', 'a lockout stops sign-ins, not sessions already open');
    assert.equal((await restarted.attempt('alice', PASSWORD, T0 + 320 * SECOND)).ok, true, 'the lockout ends on time');
    assert.equal(restarted.get('alice', T0 + 320 * SECOND)?.lockedUntil, undefined);
  }));

test('R-ACCESS-1: failures spread wider than the window do not lock; a success clears the count; enable and a new password end a lockout', () =>
  withStore(async (store) => {
    await store.add({ name: 'bob', role: 'reader', password: PASSWORD }, 'x', T0);
    for (const at of [0, 40, 80, 120, 160]) assert.equal((await store.attempt('bob', 'nope', T0 + at * SECOND)).ok, false);
    assert.equal((await store.attempt('bob', PASSWORD, T0 + 170 * SECOND)).ok, true, 'never 3 within 60 s');
    for (const at of [171, 172]) await store.attempt('bob', 'nope', T0 + at * SECOND);
    assert.equal((await store.attempt('bob', PASSWORD, T0 + 173 * SECOND)).ok, true);
    assert.deepEqual(await store.attempt('bob', 'nope', T0 + 174 * SECOND), { ok: false, reason: 'wrong-password', lockedNow: false }, 'the success reset the count');
    for (const at of [175, 176]) await store.attempt('bob', 'nope', T0 + at * SECOND);
    assert.ok(store.get('bob', T0 + 177 * SECOND)?.lockedUntil);
    await store.setDisabled('bob', false, T0 + 177 * SECOND);
    assert.equal((await store.attempt('bob', PASSWORD, T0 + 178 * SECOND)).ok, true, 'enable ends the lockout');
    for (const at of [179, 180, 181]) await store.attempt('bob', 'nope', T0 + at * SECOND);
    await store.setPassword('bob', 'a-brand-new-secret', T0 + 182 * SECOND);
    assert.equal((await store.attempt('bob', 'a-brand-new-secret', T0 + 183 * SECOND)).ok, true, 'a new password ends it too');
    assert.equal((await store.attempt('bob', PASSWORD, T0 + 184 * SECOND)).ok, false, 'the old password is gone');
  }));

test('R-ACCESS-1: a role change or a disable shows in grantOf at once; the own-password change needs the current one', () =>
  withStore(async (store) => {
    await store.add({ name: 'alice', role: 'analyst', systems: ['web'], password: PASSWORD }, 'x', T0);
    await store.setRole('alice', 'auditor', undefined, T0);
    assert.deepEqual(store.grantOf('alice'), { kind: 'user', name: 'alice', role: 'auditor' }, 'without systems: every system of the role');
    await store.setRole('alice', 'reader', ['db'], T0);
    assert.deepEqual(store.grantOf('alice'), { kind: 'user', name: 'alice', role: 'reader', systems: ['db'] });
    await assert.rejects(store.setRole('nobody', 'reader', undefined, T0), code('LW_NOT_FOUND'));
    await assert.rejects(store.changeOwnPassword('alice', 'not-the-current-one', 'a-brand-new-secret', T0), code('LW_SIGN_IN_FAILED'));
    await assert.rejects(store.changeOwnPassword('alice', PASSWORD, 'alice-and-more', T0), code('LW_PASSWORD_POLICY'));
    await store.changeOwnPassword('alice', PASSWORD, 'a-brand-new-secret', T0 + SECOND);
    assert.equal(store.get('alice', T0)?.passwordChangedAt, new Date(T0 + SECOND).toISOString());
    assert.equal((await store.attempt('alice', 'a-brand-new-secret', T0 + 2 * SECOND)).ok, true);
  }));

test('R-ACCESS-1: a hash made with weaker parameters still signs in, and is replaced by one with the current parameters', () =>
  withStore(async (store, dir) => {
    const salt = Buffer.from('sixteen byte salt');
    const tag = argon2Sync('argon2id', { message: Buffer.from(PASSWORD), nonce: salt, parallelism: 1, tagLength: 32, memory: 256, passes: 2 });
    const old = `$argon2id$v=19$m=256,t=2,p=1$${salt.toString('base64').replace(/=+$/, '')}$${tag.toString('base64').replace(/=+$/, '')}`;
    const at = new Date(T0).toISOString();
    await writeFile(path.join(dir, 'users.json'), JSON.stringify([{ name: 'old', role: 'reader', passwordHash: old, disabled: false, createdAt: at, passwordChangedAt: at }]), { mode: 0o600 });
    await store.open();
    assert.equal((await store.attempt('old', PASSWORD, T0)).ok, true);
    const [record] = JSON.parse(await readFile(path.join(dir, 'users.json'), 'utf8')) as { passwordHash: string }[];
    assert.match(record?.passwordHash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal((await store.attempt('old', PASSWORD, T0)).ok, true, 'the new hash verifies');
  }));

test('R-ACCESS-1: the lockout can be switched off (maxFailures 0)', () =>
  withStore(
    async (store) => {
      await store.add({ name: 'alice', role: 'reader', password: PASSWORD }, 'x', T0);
      for (let n = 0; n < 4; n++) assert.deepEqual(await store.attempt('alice', 'nope', T0), { ok: false, reason: 'wrong-password', lockedNow: false });
      assert.equal((await store.attempt('alice', PASSWORD, T0)).ok, true);
    },
    { maxFailures: 0, windowSeconds: 60, lockoutSeconds: 300 },
  ));

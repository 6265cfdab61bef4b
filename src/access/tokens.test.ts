// TokenStore: unique names, a list without hashes, concurrent creations all saved; expiry,
// revocation (persisted, 0600) and the hint (R-ACCESS-1).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TokenStore } from './tokens.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-tokens-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('tokens: unique names, listing without secrets, concurrent creates persisted and reloaded', () =>
  withDir(async (dir) => {
    const store = new TokenStore(TokenStore.secretsDir(dir));
    await store.open(dir, T0);
    const created = await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.create(name, 'ingest', { now: T0 })));
    await assert.rejects(store.create('a', 'admin', { now: T0 }), (error: Error & { code?: string }) => error.code === 'LW_BAD_REQUEST');
    assert.deepEqual(
      store.list(T0).map((info) => [info.name, info.role]),
      [
        ['initial-admin', 'admin'],
        ['a', 'ingest'],
        ['b', 'ingest'],
        ['c', 'ingest'],
        ['d', 'ingest'],
      ],
    );
    assert.deepEqual(Object.keys(store.list(T0)[1] ?? {}).sort(), ['createdAt', 'hint', 'name', 'role', 'state']);
    const reloaded = new TokenStore(TokenStore.secretsDir(dir));
    await reloaded.open(dir, T0);
    assert.deepEqual(reloaded.authenticate(created[3]?.token as string, T0), { ok: true, grant: { kind: 'token', name: 'd', role: 'ingest' } });
    const file = await readFile(path.join(TokenStore.secretsDir(dir), 'tokens.json'), 'utf8');
    for (const { token } of created) assert.ok(!file.includes(token));
  }));

test('R-ACCESS-1: a revoked token is refused at once, the revocation survives a reload, the file stays 0600', () =>
  withDir(async (dir) => {
    const store = new TokenStore(TokenStore.secretsDir(dir));
    await store.open(dir, T0);
    const { token } = await store.create('web-1', 'ingest', { now: T0 });
    assert.equal(store.authenticate(token, T0).ok, true);
    const revoked = await store.revoke('web-1', 'initial-admin', T0 + 1000);
    assert.equal(revoked.state, 'revoked');
    assert.deepEqual(store.authenticate(token, T0 + 1000), { ok: false, reason: 'revoked', name: 'web-1' });
    const reloaded = new TokenStore(TokenStore.secretsDir(dir));
    assert.equal(await reloaded.load(), true);
    assert.deepEqual(reloaded.authenticate(token, T0 + 2000), { ok: false, reason: 'revoked', name: 'web-1' });
    assert.equal((await stat(path.join(TokenStore.secretsDir(dir), 'tokens.json'))).mode & 0o777, 0o600);
    await assert.rejects(store.revoke('web-1', 'x', T0 + 3000), /already revoked/);
    await assert.rejects(store.revoke('nobody', 'x', T0 + 3000), (error: Error & { code?: string }) => error.code === 'LW_NOT_FOUND');
    // The name may be used again for a new token; the old one stays refused.
    const again = await store.create('web-1', 'ingest', { now: T0 + 4000 });
    assert.equal(store.authenticate(again.token, T0 + 4000).ok, true);
    assert.equal(store.authenticate(token, T0 + 4000).ok, false);
  }));

test('R-ACCESS-1: a token with an expiry works until then and is refused as expired after', () =>
  withDir(async (dir) => {
    const store = new TokenStore(TokenStore.secretsDir(dir));
    await store.open(dir, T0);
    const expiresAt = T0 + 90 * 86_400_000;
    const { token, info } = await store.create('grafana', 'reader', { now: T0, expiresAt });
    assert.equal(info.expiresAt, '2027-03-01T10:00:00.000Z');
    assert.equal(store.authenticate(token, expiresAt - 1).ok, true);
    assert.deepEqual(store.authenticate(token, expiresAt), { ok: false, reason: 'expired', name: 'grafana' });
    assert.equal(store.list(expiresAt).find((one) => one.name === 'grafana')?.state, 'expired');
    assert.deepEqual(store.authenticate('lw_unknown', T0), { ok: false, reason: 'invalid' });
  }));

test('the hint is the 6 characters after lw_; the last active admin token cannot be revoked', () =>
  withDir(async (dir) => {
    const store = new TokenStore(TokenStore.secretsDir(dir));
    await store.open(dir, T0);
    const { token, info } = await store.create('ops', 'admin', { now: T0 });
    assert.equal(info.hint, token.slice(3, 9));
    assert.equal(info.hint?.length, 6);
    await store.revoke('initial-admin', 'ops', T0);
    await assert.rejects(store.revoke('ops', 'ops', T0), /last active admin token/);
    assert.equal(store.authenticate(token, T0).ok, true);
  }));

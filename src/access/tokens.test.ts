// TokenStore: unique names, a list without hashes, and concurrent creations all saved.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TokenStore } from './tokens.ts';

test('tokens: unique names, listing without secrets, concurrent creates persisted and reloaded', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-tokens-'));
  try {
    const store = new TokenStore(TokenStore.secretsDir(dir));
    await store.open(dir);
    const created = await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.create(name, 'ingest')));
    await assert.rejects(store.create('a', 'admin'), (error: Error & { code?: string }) => error.code === 'LW_BAD_REQUEST');
    assert.deepEqual(
      store.list().map((info) => [info.name, info.role]),
      [
        ['initial-admin', 'admin'],
        ['a', 'ingest'],
        ['b', 'ingest'],
        ['c', 'ingest'],
        ['d', 'ingest'],
      ],
    );
    assert.deepEqual(Object.keys(store.list()[1] ?? {}).sort(), ['createdAt', 'name', 'role']);
    const reloaded = new TokenStore(TokenStore.secretsDir(dir));
    await reloaded.open(dir);
    assert.deepEqual(reloaded.authenticate(created[3] as string), { name: 'd', role: 'ingest' });
    const file = await readFile(path.join(TokenStore.secretsDir(dir), 'tokens.json'), 'utf8');
    for (const token of created) assert.ok(!file.includes(token));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

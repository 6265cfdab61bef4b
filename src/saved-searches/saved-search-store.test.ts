// The saved-searches file: each owner sees and deletes only their own, changes survive a restart
// (the file is read back), and the file is replaced whole with mode 0600.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SavedSearchStore, savedSearchesPath } from './saved-search-store.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-saved-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = { name: 'failed logins', query: 'event.outcome:failure', range: { from: 'now-1h', to: 'now' }, columns: ['@timestamp', 'message'] };

test('a saved search is its owner’s alone, and outlives a restart', async () => {
  const file = savedSearchesPath(dir);
  const store = await SavedSearchStore.open(file);
  assert.deepEqual(store.list('user:ann'), []);
  const saved = await store.add('user:ann', body, Date.UTC(2026, 11, 2));
  assert.deepEqual(saved, { ...body, id: saved.id, savedAt: '2026-12-02T00:00:00.000Z' });
  await store.add('user:bob', { ...body, name: 'bob’s' }, Date.UTC(2026, 11, 2));
  assert.deepEqual(store.list('user:ann'), [saved]);
  assert.deepEqual(store.list('token:ann'), [], 'a token of the same name is another owner');
  assert.equal(await store.remove('user:bob', saved.id), false, 'another owner cannot delete it');

  const reopened = await SavedSearchStore.open(file);
  assert.deepEqual(reopened.list('user:ann'), [saved]);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal(await reopened.remove('user:ann', saved.id), true);
  assert.deepEqual((await SavedSearchStore.open(file)).list('user:ann'), []);
  assert.deepEqual((await readdir(dir)).sort(), ['saved-searches.json'], 'no temporary file is left behind');
});

test('a damaged file is refused rather than overwritten', async () => {
  const file = path.join(dir, 'damaged.json');
  await writeFile(file, '{"version": 1, "searches": [{"name": 3}]}');
  await assert.rejects(SavedSearchStore.open(file), /is not a saved-searches file/);
});

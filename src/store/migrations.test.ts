// The schema's two promises: every field in the registry has a column of its type once the
// migrations have run (so a field added without its migration fails here), and a released
// migration never changes (its text is held by a hash: add a migration instead). Real engine.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { field, FIELDS } from '../schema/fields.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { addColumnStatements, migrate, MIGRATIONS } from './migrations.ts';

/** SHA-256 of each released migration's description, statements and run text. Never edit a line: add one. */
const RELEASED: Readonly<Record<number, string>> = {
  1: 'eb8a17db8c3cb54b7003d1ca5b315c9a605e9a7380e94ce3ae0a3620c9e32d4c',
  2: '0e94593eb5a3846f79f63f7ab23dad3fb5bd6687a218192f91514a097f1ac278',
  3: '6191c9cd93551e20fef98f820b794b519a49a798fb2a8192843f28b637e8518e',
  4: '34a32c86287ffa8af4014642afc730910c41854be7a428bd2f8a6367d8444c5f',
  5: '4964d83accf6d8340534a6c70b49110c884dfbddf9049f2b09552c7b180ac4d1',
  6: 'c7a0e154d32d4adb928c3bbd9cefcf5022a4b3b105771a8159f2634c04c19bc5',
  7: 'a369a2c04aa1cfdbe3e966766dce4d4c1f687e8c4860af040362913d98076bf6',
  8: '2157c15dbdfcbc522c684b305f2ba1c08be7b8e626d2547dd11a50152656f692',
  9: 'b8d1afee8221e4b06dd6dc7bbf08fef1cb479147fd4d8213448f0172013e3780',
  10: 'f188835c1ed51201b94e9669d1909c5d1624fb7bb920f34dd474018dda345825',
  11: '4877ad4689055bbb423e2acbf699e0020e26bdeeba5edf8e30bdc87a101e6ca0',
  12: '57b877199f62091e87e299fab9eb970791a541a2559e39ae0c9ae794e2de1c32',
};

let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a released migration is never edited', () => {
  for (const migration of MIGRATIONS) {
    const hash = createHash('sha256')
      .update(JSON.stringify([migration.description, migration.statements, migration.runText ?? []]))
      .digest('hex');
    const released = RELEASED[migration.version];
    if (released !== undefined) assert.equal(hash, released, `migration ${migration.version} was changed after its release: add a new migration instead`);
    else assert.fail(`migration ${migration.version} is new: add its hash ${hash} to RELEASED when it is released`);
  }
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, index) => index + 1),
    'versions are 1, 2, 3, … in order',
  );
});

test('every registry field is a column of its type after the migrations, and the table has no other', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-migrations-'));
  const engine = new ChdbEngine(dir);
  try {
    await migrate(engine);
    const columns = await engine.query<{ name: string; type: string }>("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY name");
    const expected = FIELDS.map((f) => ({ name: f.column, type: f.type })).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(columns, expected);
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    for (const f of FIELDS) assert.ok(f.since >= 1 && f.since <= latest, `${f.name}: since ${f.since} names no migration`);
  } finally {
    await engine.close();
  }
});

test('field kinds the leaf and the codec handle: lists are lists of strings (keywords or addresses), Nullable only numbers', () => {
  for (const f of FIELDS) {
    if (f.array) assert.ok(f.kind === 'keyword' || f.kind === 'ip', `${f.name}: a list field is a list of keywords or IP addresses (strings)`);
    if (f.type.startsWith('Nullable(')) assert.equal(f.kind, 'int', `${f.name}: only number columns may be Nullable (a NULL is left out of the leaf like 0)`);
  }
});

test('adding a field is one registry line and addColumnStatements of its version', () => {
  const extra = [field('test.count', 'UInt32', 'int', 'test', { since: 99 }), field('test.other', 'String', 'keyword', 'test', { since: 98 })];
  assert.deepEqual(addColumnStatements(99, extra), ['ALTER TABLE events ADD COLUMN IF NOT EXISTS `test_count` UInt32']);
});

// R-ACCESS-1: the data dir is owner-only. A tree left readable by others (an older version, a copy
// made under umask 022) is tightened: directories 0700, files 0600, links left alone.
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tightenModes } from './data-dir-modes.ts';

test('R-ACCESS-1: tightenModes takes group and other permissions off every directory and file, and counts them', async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'lw-modes-'));
  const outside = path.join(base, 'outside');
  const dataDir = path.join(base, 'data');
  try {
    await writeFile(outside, 'not ours');
    await chmod(outside, 0o644);
    await mkdir(path.join(dataDir, 'clickhouse/store'), { recursive: true });
    await writeFile(path.join(dataDir, 'clickhouse/store/part.bin'), 'x');
    await writeFile(path.join(dataDir, 'already-tight'), 'x');
    await symlink(outside, path.join(dataDir, 'link'));
    for (const dir of [dataDir, path.join(dataDir, 'clickhouse'), path.join(dataDir, 'clickhouse/store')]) await chmod(dir, 0o755);
    await chmod(path.join(dataDir, 'clickhouse/store/part.bin'), 0o664);
    await chmod(path.join(dataDir, 'already-tight'), 0o600);

    assert.equal(await tightenModes(dataDir), 4, 'three directories and one file were loose');
    for (const dir of [dataDir, path.join(dataDir, 'clickhouse'), path.join(dataDir, 'clickhouse/store')]) assert.equal((await stat(dir)).mode & 0o777, 0o700, dir);
    assert.equal((await stat(path.join(dataDir, 'clickhouse/store/part.bin'))).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(dataDir, 'already-tight'))).mode & 0o777, 0o600);
    assert.ok((await lstat(path.join(dataDir, 'link'))).isSymbolicLink());
    assert.equal((await stat(outside)).mode & 0o777, 0o644, 'a link is not followed out of the data dir');
    assert.equal(await tightenModes(dataDir), 0, 'a second walk finds nothing to change');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('tightenModes on a data dir that does not exist yet changes nothing', async () => {
  assert.equal(await tightenModes(path.join(os.tmpdir(), `lw-absent-${process.pid}-${Date.now()}`)), 0);
});

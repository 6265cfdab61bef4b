// One server per data dir: a second lock is refused while the first is held, a stale lock from a
// dead process is taken over, and offline commands are refused while a server runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { dataDirHolder, lockDataDir, lockPath, refuseWhileHeld } from './data-dir-lock.ts';

describe('data dir lock', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-lock-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('holds the data dir until released, refusing a second holder with LW_DATA_DIR_LOCKED', async () => {
    const lock = await lockDataDir(dir);
    assert.equal(await dataDirHolder(dir), process.pid);
    await assert.rejects(lockDataDir(dir), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_DATA_DIR_LOCKED');
    await assert.rejects(refuseWhileHeld(dir, 'ledger rotate-key'), /ledger rotate-key needs the server stopped/);
    await lock.release();
    assert.equal(await dataDirHolder(dir), undefined);
    await refuseWhileHeld(dir, 'ledger rotate-key');
  });

  it('takes over a lock whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(lockPath(dir), `${dead}\n`);
    assert.equal(await dataDirHolder(dir), undefined);
    const lock = await lockDataDir(dir);
    assert.equal((await readFile(lockPath(dir), 'utf8')).trim(), String(process.pid));
    await lock.release();
  });
});

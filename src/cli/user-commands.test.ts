// Password files and the `user list` line (R-ACCESS-1): one trailing newline dropped and nothing
// else, an empty file refused, a file others may read used with a warning; the line shows the
// state and never anything secret.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { formatUserLine, readPasswordFile } from './user-commands.ts';

test('R-ACCESS-1: a password file loses one trailing newline (LF or CRLF) and nothing else', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-pw-'));
  try {
    const cases: [content: string, password: string][] = [
      ['secret words\n', 'secret words'],
      ['secret words\r\n', 'secret words'],
      ['secret words', 'secret words'],
      ['  spaced  \n\n', '  spaced  \n'],
    ];
    for (const [index, [content, password]] of cases.entries()) {
      const file = path.join(dir, `pw-${index}`);
      await writeFile(file, content, { mode: 0o600 });
      assert.equal(readPasswordFile(file), password, JSON.stringify(content));
    }
    const empty = path.join(dir, 'empty');
    await writeFile(empty, '\n', { mode: 0o600 });
    assert.throws(
      () => readPasswordFile(empty),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST',
    );
    assert.throws(
      () => readPasswordFile(path.join(dir, 'missing')),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_FILE_UNREADABLE',
    );
    const shared = path.join(dir, 'shared');
    await writeFile(shared, 'shared secret\n');
    await chmod(shared, 0o644);
    assert.equal(readPasswordFile(shared), 'shared secret', 'used, with a warning on stderr');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('R-ACCESS-1: a user line shows role, systems and state', () => {
  const base = { name: 'alice', role: 'analyst', disabled: false, createdAt: '2031-01-01T00:00:00.000Z', passwordChangedAt: '2031-01-02T00:00:00.000Z' };
  assert.equal(formatUserLine(base), 'alice\tanalyst\t*\tenabled\t2031-01-01T00:00:00.000Z\t2031-01-02T00:00:00.000Z');
  assert.equal(
    formatUserLine({ ...base, systems: ['web', 'db'], lockedUntil: '2031-01-03T00:00:00.000Z' })
      .split('\t')
      .slice(2, 4)
      .join('|'),
    'web,db|locked until 2031-01-03T00:00:00.000Z',
  );
  assert.equal(formatUserLine({ ...base, disabled: true, lockedUntil: 'x' }).split('\t')[3], 'disabled');
});

// loadRuleSet reads rule directories as a checkout holds them: recursively, `.yml` and `.yaml`
// only, in path order, paths relative to each root (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { loadRuleSet } from './load.ts';

const FIXTURES = new URL('../../test/fixtures/rules-loader/', import.meta.url).pathname;
const OPTIONS = { placeholders: {} };

test('R-ANALYSE-1: a directory tree loads in path order; what cannot run is listed with path and reason', async () => {
  const set = await loadRuleSet([{ ruleset: 'site', dir: FIXTURES }], OPTIONS);
  assert.deepEqual(
    set.rules.map((rule) => [rule.path, rule.kind, rule.ruleset]),
    [
      ['linux/sshd/brute.yaml', 'correlation', 'site'],
      ['linux/sshd/failed.yml', 'detection', 'site'],
      ['web/traversal.yml', 'detection', 'site'],
    ],
  );
  assert.deepEqual(
    set.skipped.map((entry) => [entry.path, entry.reason.split(':')[0]]),
    [
      ['notes/broken.yml', 'invalid YAML'],
      ['web/parent.yml', 'unmapped field ParentImage (in selection)'],
    ],
  );
});

test('several sources: each rule keeps its ruleset, and an id in two sets loads once', async () => {
  const copy = await mkdtemp(join(tmpdir(), 'logwarden-rules-'));
  try {
    await cp(join(FIXTURES, 'web'), join(copy, 'web'), { recursive: true });
    await writeFile(
      join(copy, 'web', 'extra.YML'),
      'title: upper-case extension\nid: 9e2f4c61-0a8b-4d7e-b3c5-2f6a1d0e9010\nlogsource: {product: logwarden}\ndetection: {s: {event.action: login-failed}, condition: s}\n',
    );
    const set = await loadRuleSet(
      [
        { ruleset: 'site', dir: FIXTURES },
        { ruleset: 'imported', dir: copy },
      ],
      OPTIONS,
    );
    assert.deepEqual(
      set.rules.filter((rule) => rule.ruleset === 'imported').map((rule) => rule.path),
      ['web/extra.YML'],
    );
    assert.deepEqual(
      set.skipped.filter((entry) => entry.ruleset === 'imported').map((entry) => entry.reason),
      [
        'duplicate id 9e2f4c61-0a8b-4d7e-b3c5-2f6a1d0e9004: web/parent.yml (ruleset site) has it already',
        'duplicate id 9e2f4c61-0a8b-4d7e-b3c5-2f6a1d0e9003: web/traversal.yml (ruleset site) has it already',
      ],
    );
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});

test('a linked rule file loads as the file; a link to nothing is listed as unreadable; hidden files and directories are not read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'logwarden-rules-'));
  try {
    await symlink(join(FIXTURES, 'web', 'traversal.yml'), join(dir, 'linked.yml'));
    await symlink(join(dir, 'no-such-file.yml'), join(dir, 'dangling.yml'));
    await mkdir(join(dir, '.github', 'workflows'), { recursive: true });
    await writeFile(join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    await writeFile(join(dir, '.hidden.yml'), 'title: x\n');
    const set = await loadRuleSet([{ ruleset: 'site', dir }], OPTIONS);
    assert.deepEqual(
      set.rules.map((rule) => rule.path),
      ['linked.yml'],
    );
    assert.equal(set.skipped.length, 1);
    assert.equal(set.skipped[0]!.path, 'dangling.yml');
    assert.match(set.skipped[0]!.reason, /^cannot read the file: ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing directory is LW_FILE_UNREADABLE naming its path', async () => {
  const missing = join(tmpdir(), 'logwarden-no-such-rules-dir');
  await assert.rejects(loadRuleSet([{ ruleset: 'site', dir: missing }], OPTIONS), (error: unknown) => {
    assert.ok(error instanceof LogwardenError);
    assert.equal(error.code, 'LW_FILE_UNREADABLE');
    assert.ok(error.message.includes(missing));
    return true;
  });
});

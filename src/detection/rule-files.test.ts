// `rules import` path safety: a path a client sends can never name a file outside the imported
// directory (no `..`, no absolute or drive path, no control characters, no symbolic link on the
// way), and what is kept keeps its relative path. Real files in a temporary directory.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { readRuleFiles, safeRulePath, writeRuleFile } from './rule-files.ts';

describe('safeRulePath', () => {
  it('keeps a relative path, /-separated, ./ and empty segments dropped', () => {
    assert.deepEqual(safeRulePath('rules/linux/auditd/x.yml'), { path: 'rules/linux/auditd/x.yml' });
    assert.deepEqual(safeRulePath('./rules//linux/./x.yaml'), { path: 'rules/linux/x.yaml' });
    assert.deepEqual(safeRulePath('rules\\windows\\x.yml'), { path: 'rules/windows/x.yml' });
  });

  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['../x.yml', /"\.\."/],
    ['rules/../../etc/x.yml', /"\.\."/],
    ['rules\\..\\..\\x.yml', /"\.\."/],
    ['/etc/x.yml', /absolute/],
    ['C:/x.yml', /absolute/],
    ['c:x.yml', /absolute/],
    ['\\\\server\\share\\x.yml', /absolute/],
    ['rules/x.yml\u0000.txt', /control character/],
    ['rules/x.txt', /\.yml or \.yaml/],
    ['rules/', /names no file|\.yml/],
    ['.', /names no file/],
    [`${'a/'.repeat(300)}x.yml`, /at most 512/],
  ];
  for (const [raw, reason] of refused) {
    it(`refuses ${JSON.stringify(raw.slice(0, 40))}`, () => {
      const checked = safeRulePath(raw);
      assert.ok('problem' in checked, `accepted ${JSON.stringify(raw)}`);
      assert.match(checked.problem, reason);
    });
  }

  it('no accepted path leaves its directory (property, hostile input)', () => {
    const root = path.resolve('/srv/imported');
    const segment = fc.constantFrom('..', '.', '', 'a', 'b.yml', 'C:', '\\', '..\\', '/', 'x\u0000', '~');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.constantFrom('/', '\\'), (segments, separator) => {
        const raw = `${segments.join(separator)}.yml`;
        const checked = safeRulePath(raw);
        if ('problem' in checked) return;
        const target = path.resolve(root, checked.path);
        assert.ok(target.startsWith(root + path.sep), `${JSON.stringify(raw)} → ${target}`);
        assert.ok(!checked.path.split('/').includes('..'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('rule files on disk', () => {
  it('writes at the relative path, reads back in path order, leaves hidden directories and other files out', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-rule-files-'));
    try {
      await writeRuleFile(dir, { path: 'linux/b.yml', text: 'title: b\n' });
      await writeRuleFile(dir, { path: 'linux/auditd/a.yaml', text: 'title: a\n' });
      await writeRuleFile(dir, { path: 'linux/b.yml', text: 'title: b2\n' });
      await mkdir(path.join(dir, '.git'));
      await writeFile(path.join(dir, '.git', 'x.yml'), 'title: hidden\n');
      await writeFile(path.join(dir, 'README.md'), '# not a rule\n');
      assert.equal(await readFile(path.join(dir, 'linux', 'b.yml'), 'utf8'), 'title: b2\n');
      const files = await readRuleFiles(dir);
      assert.deepEqual(files, [
        { path: 'linux/auditd/a.yaml', text: 'title: a\n' },
        { path: 'linux/b.yml', text: 'title: b2\n' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unsafe path and a path through a symbolic link, writing nothing outside', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'lw-rule-files-'));
    const dir = path.join(base, 'imported');
    const outside = path.join(base, 'outside');
    try {
      await mkdir(dir);
      await mkdir(outside);
      await symlink(outside, path.join(dir, 'link'));
      await assert.rejects(writeRuleFile(dir, { path: '../outside/x.yml', text: 'x' }), (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST');
      await assert.rejects(writeRuleFile(dir, { path: 'link/x.yml', text: 'x' }), (error: unknown) => error instanceof LogwardenError && /symbolic link/.test(error.message));
      assert.deepEqual(await readRuleFiles(outside), []);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('a missing directory holds no rules', async () => {
    assert.deepEqual(await readRuleFiles(path.join(os.tmpdir(), 'lw-no-such-dir-9f2c')), []);
  });
});

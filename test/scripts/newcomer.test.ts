// The newcomer's path: `npm ci && npm test` brings the Debian packages the tests need
// (scripts/install-test-deps, the pretest step and .ci/run), and `npm run logwarden` on a fresh
// clone builds first and keeps stdout clean (scripts/ensure-built.mjs). R-EXERCISE-1: the tests
// that validate logging must run where the README says they run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const SCRIPT = path.join(ROOT, 'scripts/install-test-deps');

async function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { env: options.env ?? process.env, cwd: options.cwd ?? ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('scripts/install-test-deps', () => {
  test('on this machine every tool the tests run is present: --check exits 0', async () => {
    const result = await run('bash', [SCRIPT, '--check']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /present/);
  });

  test('missing rsyslog modules: names rsyslog-relp and rsyslog-gnutls and the apt-get line, exits 1 without installing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'logwarden-no-modules-'));
    try {
      const result = await run('bash', [SCRIPT, '--check'], { env: { ...process.env, LOGWARDEN_RSYSLOG_MODULE_DIRS: empty } });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^ {2}rsyslog-relp: /m);
      assert.match(result.stderr, /^ {2}rsyslog-gnutls: /m);
      assert.match(result.stderr, /^ {2}apt-get update && apt-get install -y --no-install-recommends rsyslog-relp rsyslog-gnutls$/m);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('a PATH without logger, openssl and rsyslogd names bsdutils, openssl and rsyslog', async () => {
    const bare = await mkdtemp(path.join(os.tmpdir(), 'logwarden-bare-path-'));
    try {
      const result = await run('/bin/bash', [SCRIPT, '--check'], { env: { PATH: bare } });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /apt-get install -y --no-install-recommends bsdutils openssl rsyslog$/m);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  test('npm test runs it first (pretest) and .ci/run runs it; neither lists packages of its own', async () => {
    const scripts = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts['pretest'], 'bash scripts/install-test-deps');
    const ci = await readFile(path.join(ROOT, '.ci/run'), 'utf8');
    assert.match(ci, /^bash scripts\/install-test-deps$/m);
    assert.match(ci, /^npm ci && npm test$/m);
    assert.doesNotMatch(ci, /apt-get install/);
  });
});

describe('scripts/ensure-built.mjs', () => {
  const decide = async (root: string): Promise<{ build: boolean; reason: string }> => {
    const module = (await import(path.join(ROOT, 'scripts/ensure-built.mjs'))) as { buildDecision: (root: string) => { build: boolean; reason: string } };
    return module.buildDecision(root);
  };

  test('builds when dist is missing or older than a source file, not otherwise', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'logwarden-ensure-built-'));
    try {
      await mkdir(path.join(root, 'src/cli'), { recursive: true });
      await writeFile(path.join(root, 'src/cli/main.ts'), '');
      assert.deepEqual(await decide(root), { build: true, reason: 'dist/cli/main.js is missing' });
      await mkdir(path.join(root, 'dist/cli'), { recursive: true });
      await writeFile(path.join(root, 'dist/cli/main.js'), '');
      const past = new Date(Date.parse('2026-01-01T00:00:00Z'));
      await utimes(path.join(root, 'src/cli/main.ts'), past, past);
      assert.equal((await decide(root)).build, false);
      await writeFile(path.join(root, 'src/cli/extra.test.ts'), ''); // tests are not built
      assert.equal((await decide(root)).build, false);
      await utimes(path.join(root, 'dist/cli/main.js'), past, new Date(past.getTime() - 1000));
      assert.deepEqual(await decide(root), { build: true, reason: `${path.join('src', 'cli', 'main.ts')} is newer than dist/cli/main.js` });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a fresh clone: `npm run -s logwarden -- fields --format json` builds first, on stderr, and prints only JSON on stdout', async () => {
    const clone = await mkdtemp(path.join(os.tmpdir(), 'logwarden-fresh-clone-'));
    try {
      for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) await cp(path.join(ROOT, entry), path.join(clone, entry), { recursive: true });
      await symlink(await realpath(path.join(ROOT, 'node_modules')), path.join(clone, 'node_modules'));
      const first = await run('npm', ['run', '-s', 'logwarden', '--', 'fields', '--format', 'json'], { cwd: clone });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /^logwarden: dist\/cli\/main\.js is missing: building first/);
      assert.ok(Array.isArray(JSON.parse(first.stdout)), 'stdout is the JSON and nothing else');
      const second = await run('npm', ['run', '-s', 'logwarden', '--', 'fields', '--format', 'json'], { cwd: clone });
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stderr, '', 'built once: no second build');
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});

// End to end, the built CLI as a user runs it: starts that cannot succeed are refused before
// anything is created, with `LW_CODE: message` on stderr and exit 1; offline key rotation is
// refused while a server holds the data dir; evidence signed before and after a rotation verifies
// with the verifier keys file (R-TAMPER-1, R-STORE-1: a refused start overwrites nothing).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { countOf } from '../helpers/durability.ts';
import { checkpointSize, currentVerifierKey, ingest, readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, ROOT, runCli, spawnServer, type CliResult, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const CLI = path.join(ROOT, 'dist/cli/main.js');

/** Run `serve` expecting it to refuse; a server that starts after all is killed by the timeout. */
async function serveRefused(args: string[]): Promise<CliResult> {
  const all = ['serve', '--http', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0', '--syslog-udp', '127.0.0.1:0', '--min-free-disk', '8MiB', ...args];
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...all], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('start failures create nothing', () => {
  let base: string;
  before(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'logwarden-refused-'));
  });
  after(async () => rm(base, { recursive: true, force: true }));

  test('a taken HTTP port: LW_PORT_IN_USE naming the listener, exit 1, no data dir (and so no token)', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as net.AddressInfo).port;
      const dataDir = path.join(base, 'port-taken');
      const result = await serveRefused(['--data-dir', dataDir, '--http', `127.0.0.1:${port}`]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^LW_PORT_IN_USE: http\\.listen 127\\.0\\.0\\.1:${port} \\(TCP\\): the address is already in use.*choose another port \\(--http\\)$`, 'm'));
      assert.equal(result.stdout, '', 'nothing was started, so nothing was logged');
      assert.equal(await exists(dataDir), false, 'the data dir was not created');
    } finally {
      other.close();
    }
  });

  test('a data dir below a regular file: LW_DATA_DIR_UNWRITABLE, exit 1, nothing created', async () => {
    const file = path.join(base, 'a-regular-file');
    await writeFile(file, 'not a directory');
    const result = await serveRefused(['--data-dir', path.join(file, 'data')]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^LW_DATA_DIR_UNWRITABLE: data dir ${file}/data cannot be created: ${file} is a file, not a directory; choose another --data-dir`, 'm'));
    assert.equal(await readFile(file, 'utf8'), 'not a directory');
  });

  test('a missing certificate file: LW_FILE_UNREADABLE for cert and key, exit 1, no data dir', async () => {
    const dataDir = path.join(base, 'no-cert');
    const cert = path.join(base, 'missing-cert.pem');
    const key = path.join(base, 'missing-key.pem');
    const result = await serveRefused(['--data-dir', dataDir, '--syslog-tls', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^LW_FILE_UNREADABLE: syslog\\.tls\\.cert: cannot read ${cert}: no such file .*check the path$`, 'm'));
    assert.match(result.stderr, new RegExp(`^LW_FILE_UNREADABLE: syslog\\.tls\\.key: cannot read ${key}: no such file`, 'm'));
    assert.equal(await exists(dataDir), false);
  });

  test('config validate lists an unreadable file with the schema problems and exits 2', async () => {
    const file = path.join(base, 'validate.yaml');
    await writeFile(file, `syslog:\n  udp: yes please\n  tls:\n    listen: 127.0.0.1:6514\n    cert: ${base}/nope.pem\n    key: ${file}\n`);
    const result = await runCli(['config', 'validate', file]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^LW_CONFIG_INVALID: .*: 2 problem\(s\):$/m);
    assert.match(result.stderr, /^ {2}syslog\.udp: expected HOST:PORT, e\.g\. 127\.0\.0\.1:5514, or false \(or null\) to switch the listener off, found "yes please"$/m);
    assert.match(result.stderr, new RegExp(`^  syslog\\.tls\\.cert: cannot read ${base}/nope\\.pem: no such file`, 'm'));
  });
});

describe('one server per data dir, and key rotation (R-TAMPER-1)', () => {
  let dataDir: string;
  let server: SpawnedServer | undefined;
  let evidenceBefore: string;
  let evidenceAfter: string;
  const keysFile = (): string => path.join(dataDir, 'ledger/verifier-keys');

  before(async () => {
    dataDir = await makeDataDir();
    evidenceBefore = path.join(dataDir, '..', `${path.basename(dataDir)}-evidence-before.json`);
    evidenceAfter = path.join(dataDir, '..', `${path.basename(dataDir)}-evidence-after.json`);
  });
  after(async () => {
    if (server && server.child.exitCode === null) await server.stop();
    await removeDataDir(dataDir);
    await rm(evidenceBefore, { force: true });
    await rm(evidenceAfter, { force: true });
  });

  /** Ingest `count` events, wait for a checkpoint covering them and fetch the evidence of the last. */
  async function evidenceOfNewEvent(live: SpawnedServer, label: string, out: string): Promise<void> {
    const token = await readToken(live);
    await ingest(live, [{ message: `rotation e2e ${label}` }]);
    const stored = await eventually(async () => ((await countOf(live, token, '')) > 0 ? countOf(live, token, '') : undefined));
    await eventually(async () => (((await checkpointSize(live)) ?? 0) >= stored ? true : undefined), 20_000, `a checkpoint covering ${stored} records`);
    const proof = await runCli(['--server', live.httpUrl, '--token-file', live.tokenFile, 'proof', String(stored - 1), '--out', out]);
    assert.equal(proof.code, 0, proof.stderr);
  }

  test("a second server on the same data dir: LW_DATA_DIR_LOCKED with the first one's pid, exit 1, the first untouched", async () => {
    server = await spawnServer(dataDir);
    const lockBefore = await readFile(path.join(dataDir, 'logwarden.lock'), 'utf8');
    const secretsBefore = await readdir(path.join(dataDir, 'secrets'));
    const result = await serveRefused(['--data-dir', dataDir]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^LW_DATA_DIR_LOCKED: another logwarden \\(process ${server.child.pid}\\) is running on data dir ${dataDir}: stop it first`, 'm'));
    assert.equal(await readFile(path.join(dataDir, 'logwarden.lock'), 'utf8'), lockBefore, 'the lock still names the first server');
    assert.deepEqual(await readdir(path.join(dataDir, 'secrets')), secretsBefore, 'no token or key was written');
    assert.equal((await fetch(`${server.httpUrl}/readyz`)).status, 200, 'the first server still serves');
  });

  test('ledger rotate-key is refused while the server holds the data dir, and changes nothing', async () => {
    assert.ok(server);
    await evidenceOfNewEvent(server, 'before rotation', evidenceBefore);
    const keysBefore = await readFile(keysFile(), 'utf8');
    const refused = await runCli(['ledger', 'rotate-key', '--data-dir', dataDir]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, new RegExp(`^LW_DATA_DIR_LOCKED: ledger rotate-key needs the server stopped: logwarden process ${server.child.pid} holds`, 'm'));
    assert.equal(await readFile(keysFile(), 'utf8'), keysBefore);
    assert.equal(await server.stop(), 0);
    assert.equal(await exists(path.join(dataDir, 'logwarden.lock')), false, 'a clean stop releases the lock');
  });

  test('after a rotation, evidence signed with the old key and with the new one both verify with --keys FILE', async () => {
    const oldKey = await currentVerifierKey(dataDir);
    const rotated = await runCli(['ledger', 'rotate-key', '--data-dir', dataDir]);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.equal((await stat(keysFile())).mode & 0o777, 0o600, 'the keys file stays owner-only');
    const newKey = await currentVerifierKey(dataDir);
    assert.notEqual(newKey, oldKey);
    server = await spawnServer(dataDir);
    await evidenceOfNewEvent(server, 'after rotation', evidenceAfter);
    assert.equal(await server.stop(), 0);

    for (const evidence of [evidenceBefore, evidenceAfter]) {
      const checked = await runCli(['verify-proof', '--evidence', evidence, '--keys', keysFile()]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /^OK: record \d+ is in the tree of \d+ records signed by /);
    }
    // Why the README names the keys file: the newest key alone does not vouch for older checkpoints.
    const newestOnly = await runCli(['verify-proof', '--evidence', evidenceBefore, '--public-key', newKey]);
    assert.equal(newestOnly.code, 1, newestOnly.stdout + newestOnly.stderr);
    const oldOnly = await runCli(['verify-proof', '--evidence', evidenceBefore, '--public-key', oldKey]);
    assert.equal(oldOnly.code, 0, 'the single-key form still works');
  });

  test('ledger rotate-key on a data dir that holds no ledger (a mistyped path) is refused and creates nothing', async () => {
    const typo = `${dataDir}-typo`;
    const refused = await runCli(['ledger', 'rotate-key', '--data-dir', typo]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, new RegExp(`^LW_FILE_UNREADABLE: ledger rotate-key: ${typo} holds no ledger \\(cannot read ${typo}/ledger/verifier-keys: no such file`, 'm'));
    assert.equal(await exists(typo), false);
  });

  test('verify-proof without any key, or with a keys file that does not exist, says what it needs', async () => {
    const none = await runCli(['verify-proof', '--evidence', evidenceBefore]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^LW_BAD_REQUEST: verify-proof needs the key\(s\) to trust: --keys FILE/m);
    const missing = await runCli(['verify-proof', '--evidence', evidenceBefore, '--keys', `${keysFile()}.missing`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^LW_FILE_UNREADABLE: cannot read the verifier keys file .*\.missing: no such file/m);
  });
});

// Start checks, made before anything is created: a taken port (TCP and UDP, and two listeners of
// one config on a port), a data dir that cannot be made, one held by a live server, and files the
// config names that cannot be read. Each is reported with its code; none creates the data dir.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { lockPath } from '../store/data-dir-lock.ts';
import { validateConfig } from './load.ts';
import { preflight } from './preflight.ts';

let base: string;
before(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lw-preflight-'));
});
after(async () => rm(base, { recursive: true, force: true }));

/** A config on free ports (port 0) in a data dir under the test's directory. */
function config(overrides: Record<string, unknown> = {}, dataDir = path.join(base, `data-${Math.random().toString(36).slice(2)}`)) {
  return validateConfig({ dataDir, http: { listen: '127.0.0.1:0' }, syslog: { tcp: '127.0.0.1:0', udp: '127.0.0.1:0' }, ...overrides }, 'test');
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

test('a config on free ports and a fresh data dir passes, and the check creates nothing', async () => {
  const checked = config();
  assert.deepEqual(await preflight(checked), []);
  assert.equal(await exists(checked.dataDir), false);
});

test('a TCP port taken by another process is LW_PORT_IN_USE, naming the key and the flag', async () => {
  const other = net.createServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const port = (other.address() as net.AddressInfo).port;
    const checked = config({ http: { listen: `127.0.0.1:${port}` } });
    const problems = await preflight(checked);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['LW_PORT_IN_USE'],
    );
    assert.match(problems[0]?.message ?? '', new RegExp(`^http.listen 127.0.0.1:${port} \\(TCP\\): the address is already in use.*\\(--http\\)$`));
    assert.equal(await exists(checked.dataDir), false);
  } finally {
    other.close();
  }
});

test('a UDP port taken by another process is LW_PORT_IN_USE for syslog.udp', async () => {
  const other = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', resolve));
  try {
    const port = other.address().port;
    const problems = await preflight(config({ syslog: { tcp: '127.0.0.1:0', udp: `127.0.0.1:${port}` } }));
    assert.deepEqual(
      problems.map((p) => p.code),
      ['LW_PORT_IN_USE'],
    );
    assert.match(problems[0]?.message ?? '', /^syslog\.udp .* \(UDP\): the address is already in use.*\(--syslog-udp\)$/);
  } finally {
    other.close();
  }
});

test('two TCP listeners of one config on one port: the second is reported', async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const problems = await preflight(config({ http: { listen: `127.0.0.1:${port}` }, syslog: { tcp: `127.0.0.1:${port}`, udp: '127.0.0.1:0' } }));
  assert.deepEqual(
    problems.map((p) => p.code),
    ['LW_PORT_IN_USE'],
  );
  assert.match(problems[0]?.message ?? '', /^syslog\.tcp /);
});

test('a data dir below a regular file is LW_DATA_DIR_UNWRITABLE (a real failure even as root)', async () => {
  const file = path.join(base, 'a-file');
  await writeFile(file, 'not a directory');
  const problems = await preflight(config({}, path.join(file, 'data')));
  assert.deepEqual(
    problems.map((p) => p.code),
    ['LW_DATA_DIR_UNWRITABLE'],
  );
  assert.match(problems[0]?.message ?? '', new RegExp(`cannot be created: ${file} is a file, not a directory`));
});

test('a data dir held by a live process is LW_DATA_DIR_LOCKED with its pid', async () => {
  const dataDir = path.join(base, 'held');
  await mkdir(dataDir);
  await writeFile(lockPath(dataDir), `${process.pid}\n`); // this test process is alive
  const problems = await preflight(config({}, dataDir));
  assert.deepEqual(
    problems.map((p) => p.code),
    ['LW_DATA_DIR_LOCKED'],
  );
  assert.match(problems[0]?.message ?? '', new RegExp(`another logwarden \\(process ${process.pid}\\) is running on data dir ${dataDir}: stop it first`));
});

test('a missing certificate and a key path that is a directory are LW_FILE_UNREADABLE, all reported at once', async () => {
  const missing = path.join(base, 'missing-cert.pem');
  const checked = config({ syslog: { tcp: '127.0.0.1:0', udp: '127.0.0.1:0', tls: { listen: '127.0.0.1:0', cert: missing, key: base } } });
  const problems = await preflight(checked);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['LW_FILE_UNREADABLE', 'LW_FILE_UNREADABLE'],
  );
  assert.match(problems[0]?.message ?? '', new RegExp(`^syslog.tls.cert: cannot read ${missing}: no such file`));
  assert.match(problems[1]?.message ?? '', new RegExp(`^syslog.tls.key: cannot read ${base}: it is a directory`));
  assert.equal(await exists(checked.dataDir), false);
});

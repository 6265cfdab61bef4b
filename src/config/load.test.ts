import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseListenAddress } from './address.ts';
import { loadConfig, validateConfig, validateConfigFile } from './load.ts';
import { parseSize } from './size.ts';

test('defaults listen on loopback and keep data in ./data', () => {
  const config = validateConfig({}, 'test');
  assert.equal(config.dataDir, './data');
  assert.equal(config.http.listen, '127.0.0.1:9280');
  assert.equal(config.syslog.tcp, '127.0.0.1:5514');
  assert.equal(config.syslog.udp, '127.0.0.1:5514');
  assert.equal(config.ingest.maxEventBytes, 65536);
});

test('sizes accept binary and decimal units', () => {
  assert.equal(parseSize('512MiB'), 512 * 1024 * 1024);
  assert.equal(parseSize('2GiB'), 2 * 1024 ** 3);
  assert.equal(parseSize('64kb'), 64000);
  assert.equal(parseSize(1000), 1000);
  assert.equal(parseSize('lots'), undefined);
  assert.equal(parseSize('12XB'), undefined);
  assert.equal(parseSize(-1), undefined);
});

test('listen addresses parse IPv4, IPv6 and reject bad ports', () => {
  assert.deepEqual(parseListenAddress('127.0.0.1:5514'), { host: '127.0.0.1', port: 5514 });
  assert.deepEqual(parseListenAddress('[::1]:0'), { host: '::1', port: 0 });
  assert.equal(parseListenAddress('127.0.0.1'), undefined);
  assert.equal(parseListenAddress('127.0.0.1:70000'), undefined);
});

test('every problem in a file is reported at once, with its path', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-config-'));
  try {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'http:\n  listen: nowhere\ningest:\n  maxEventBytes: lots\nsyslog:\n  tpc: 1.2.3.4:5\n');
    await assert.rejects(loadConfig(file), (error: Error & { code?: string; details?: { problems: string[] } }) => {
      assert.equal(error.code, 'LW_CONFIG_INVALID');
      const problems = error.details?.problems ?? [];
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.ok(problems.some((p) => p.startsWith('http.listen: expected HOST:PORT')));
      assert.ok(problems.some((p) => p.startsWith('ingest.maxEventBytes: expected a size')));
      assert.ok(problems.some((p) => p.includes('unknown key(s) tpc')));
      return true;
    });
    await writeFile(file, 'http: [unclosed');
    await assert.rejects(loadConfig(file), /not valid YAML at line 1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('flags override the file; a listener can be switched off', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-config-'));
  try {
    const file = path.join(dir, 'ok.yaml');
    await writeFile(file, 'dataDir: /srv/lw\nsyslog:\n  udp: false\nhttp:\n  listen: 0.0.0.0:80\n  maxBodyBytes: 1MiB\n');
    const config = await loadConfig(file, { http: '127.0.0.1:9999' });
    assert.equal(config.dataDir, '/srv/lw');
    assert.equal(config.syslog.udp, null);
    assert.equal(config.http.listen, '127.0.0.1:9999');
    assert.equal(config.http.maxBodyBytes, 1024 * 1024);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('syslog TLS is off by default; a listener needs cert and key, reported with their paths', async () => {
  assert.equal(validateConfig({}, 'test').syslog.tls.listen, null);
  assert.throws(
    () => validateConfig({ syslog: { tls: { listen: '127.0.0.1:6514' } } }, 'test'),
    (error: Error & { details?: { problems: string[] } }) => {
      const problems = error.details?.problems ?? [];
      assert.deepEqual(problems, ['syslog.tls.cert: required when syslog.tls.listen is set (flag --tls-cert)', 'syslog.tls.key: required when syslog.tls.listen is set (flag --tls-key)']);
      return true;
    },
  );
  const config = await loadConfig(undefined, { syslogTls: '0.0.0.0:6514', tlsCert: 'c.pem', tlsKey: 'k.pem', tlsClientCa: 'ca.pem' });
  assert.deepEqual(config.syslog.tls, { listen: '0.0.0.0:6514', cert: 'c.pem', key: 'k.pem', clientCa: 'ca.pem', reloadIntervalMs: 5000 });
});

test('RELP is off by default; RELP over TLS needs the syslog.tls cert and key', async () => {
  assert.deepEqual(validateConfig({}, 'test').syslog.relp, { listen: null, tls: false });
  assert.throws(
    () => validateConfig({ syslog: { relp: { listen: '127.0.0.1:2514', tls: true } } }, 'test'),
    (error: Error & { details?: { problems: string[] } }) => {
      assert.deepEqual(error.details?.problems, ['syslog.tls.cert: required when syslog.relp.tls is true (flag --tls-cert)', 'syslog.tls.key: required when syslog.relp.tls is true (flag --tls-key)']);
      return true;
    },
  );
  const config = await loadConfig(undefined, { relp: '0.0.0.0:2514', relpTls: true, tlsCert: 'c.pem', tlsKey: 'k.pem' });
  assert.deepEqual(config.syslog.relp, { listen: '0.0.0.0:2514', tls: true });
  assert.equal(config.syslog.tls.listen, null, 'RELP over TLS does not switch syslog TLS on');
});

/** The problem lines of an invalid config. */
function problemsOf(raw: unknown): string[] {
  try {
    validateConfig(raw, 'test');
  } catch (error) {
    return (error as { details?: { problems?: string[] } }).details?.problems ?? [];
  }
  return [];
}

test('a listener that is neither HOST:PORT nor false says both forms, and what was found (not "Invalid input")', () => {
  for (const [key, value] of [
    ['udp', 5514],
    ['tcp', true],
    ['udp', 'off'],
  ] as const) {
    assert.deepEqual(problemsOf({ syslog: { [key]: value } }), [
      `syslog.${key}: expected HOST:PORT, e.g. 127.0.0.1:5514, or false (or null) to switch the listener off, found ${JSON.stringify(value)}`,
    ]);
  }
  assert.deepEqual(problemsOf({ syslog: { tls: { listen: 6514 } } }), ['syslog.tls.listen: expected HOST:PORT, e.g. 127.0.0.1:5514, or false (or null) to switch the listener off, found 6514']);
});

test('a size of the wrong type says what a size looks like, and what was found (not "Invalid input")', () => {
  assert.deepEqual(problemsOf({ http: { maxBodyBytes: true } }), ['http.maxBodyBytes: expected a size such as 65536, "64KiB" or "2GiB", found true']);
  assert.deepEqual(problemsOf({ storage: { minFreeDisk: null } }), ['storage.minFreeDisk: expected a size such as 65536, "64KiB" or "2GiB", found null']);
});

test('empty paths say a path was expected; every message says what was found, except for secrets', () => {
  assert.deepEqual(problemsOf({ dataDir: '' }), ['dataDir: expected the path of a directory, found ""']);
  assert.deepEqual(problemsOf({ syslog: { tls: { cert: '' } } }), ['syslog.tls.cert: expected the path of a PEM file, found ""']);
  assert.deepEqual(problemsOf({ storage: { batchMaxEvents: 0 } }), ['storage.batchMaxEvents: Too small: expected number to be >=1, found 0']);
  assert.deepEqual(problemsOf({ storage: { clickhouse: { url: 'http://db:8123', password: 1234 } } }), ['storage.clickhouse.password: expected string, received number']);
});

test('config validate reports unreadable files it names together with the schema problems, all at once', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-config-'));
  try {
    const file = path.join(dir, 'tls.yaml');
    const cert = path.join(dir, 'cert.pem');
    await writeFile(cert, '-----BEGIN CERTIFICATE-----\n');
    await writeFile(file, `syslog:\n  udp: 5514\n  tls:\n    listen: 127.0.0.1:6514\n    cert: ${cert}\n    key: ${dir}/missing-key.pem\n    clientCa: ${dir}\n`);
    await assert.rejects(validateConfigFile(file), (error: Error & { code?: string; details?: { problems: string[] } }) => {
      assert.equal(error.code, 'LW_CONFIG_INVALID');
      const problems = error.details?.problems ?? [];
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(problems[0] ?? '', /^syslog\.udp: expected HOST:PORT/);
      assert.match(problems[1] ?? '', new RegExp(`^syslog.tls.key: cannot read ${dir}/missing-key.pem: no such file`));
      assert.match(problems[2] ?? '', new RegExp(`^syslog.tls.clientCa: cannot read ${dir}: it is a directory`));
      return true;
    });
    await writeFile(file, `syslog:\n  tls:\n    listen: 127.0.0.1:6514\n    cert: ${cert}\n    key: ${cert}\n`);
    assert.equal((await validateConfigFile(file)).syslog.tls.cert, cert, 'readable files pass');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// End to end, the built server as a user runs it: files, stop and health.
// R-ACCESS-1: the data dir is owner-only (0700 directories, 0600 files) whatever the umask, and a
// start on a looser one tightens it and says so.
// R-TAMPER-1 / R-ACCESS-2: SIGINT and SIGTERM stop cleanly, exit 0, and the stop is recorded, also
// with a client that keeps an idle connection open and when Ctrl-C arrives twice (npm run).
// R-STORE-1: /readyz tells a load balancer when new events are refused; /healthz says read-only.
import assert from 'node:assert/strict';
import { chmod, lstat, readdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { countOf, postIngest, syslogLine } from '../helpers/durability.ts';
import { readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

interface PathMode {
  readonly path: string;
  readonly mode: number;
  readonly directory: boolean;
}

/** Every path under `dir` (itself included) but symbolic links, with its permission bits. */
async function modesUnder(dir: string): Promise<PathMode[]> {
  const found: PathMode[] = [];
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const stats = await lstat(next);
    if (stats.isSymbolicLink()) continue;
    found.push({ path: next, mode: stats.mode & 0o777, directory: stats.isDirectory() });
    if (stats.isDirectory()) for (const name of await readdir(next)) pending.push(path.join(next, name));
  }
  return found;
}

/** Paths that group or others may use, as `0755 path` lines (empty when all are owner-only). */
function looseModes(modes: readonly PathMode[]): string[] {
  return modes.filter((entry) => (entry.directory ? entry.mode !== 0o700 : (entry.mode & 0o077) !== 0)).map((entry) => `${entry.mode.toString(8)} ${entry.path}`);
}

/** Send `signals` back to back and wait for the exit; resolves to the exit code (null when killed by a signal). */
async function signalAndWait(server: SpawnedServer, signals: readonly NodeJS.Signals[]): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  for (const signal of signals) server.child.kill(signal);
  return withTimeout(exited, 60_000, `exit after ${signals.join(' + ')}`);
}

describe('data dir modes (R-ACCESS-1)', () => {
  let dataDir: string;
  let previousUmask: number;
  before(async () => {
    // The umask a shell usually has: without logwarden's own, chDB and the ledger make 644/755.
    previousUmask = process.umask(0o022);
    dataDir = await makeDataDir();
  });
  after(async () => {
    process.umask(previousUmask);
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-1: started under umask 022, every directory under the data dir is 0700 and every file 0600', async () => {
    const server = await spawnServer(dataDir);
    try {
      const answer = await postIngest(server.httpUrl, await readToken(server), [{ message: 'modes e2e: one stored event' }]);
      assert.equal(answer.status, 200, answer.text);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const modes = await modesUnder(dataDir);
    assert.ok(
      modes.some((entry) => entry.path.includes('/clickhouse/store/')),
      'the engine wrote its parts (the walk saw them)',
    );
    assert.ok(
      modes.some((entry) => entry.path.endsWith('ledger/verifier-keys')),
      'the ledger wrote its keys',
    );
    assert.deepEqual(looseModes(modes), [], 'no path is readable by group or others');
  });

  test('R-ACCESS-1: a start on a data dir with looser modes warns once with the count and tightens them', async () => {
    const directories = [dataDir, path.join(dataDir, 'ledger')];
    const files = [path.join(dataDir, 'ledger/verifier-keys'), path.join(dataDir, 'secrets/tokens.json')];
    for (const directory of directories) await chmod(directory, 0o755);
    for (const file of files) await chmod(file, 0o644);
    const loosened = [...directories, ...files];
    const server = await spawnServer(dataDir);
    try {
      const warnings = server.logs.filter((entry) => typeof entry['msg'] === 'string' && entry['msg'].startsWith('data dir was readable by other users'));
      assert.equal(warnings.length, 1, JSON.stringify(server.logs));
      assert.equal(warnings[0]?.['paths'], loosened.length);
      assert.deepEqual(looseModes(await modesUnder(dataDir)), []);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

describe('stop on SIGINT and SIGTERM', () => {
  let dataDir: string;
  let configFile: string;
  before(async () => {
    dataDir = await makeDataDir();
    // A shorter stop timeout, so that waiting on an idle connection would show as exit 1 quickly.
    configFile = path.join(dataDir, '..', `${path.basename(dataDir)}.yaml`);
    await writeFile(configFile, 'storage:\n  stopTimeoutMs: 6000\n');
  });
  after(async () => {
    await removeDataDir(dataDir);
    await removeDataDir(configFile);
  });

  test('SIGINT (Ctrl-C) exits 0 after a clean stop', async () => {
    const server = await spawnServer(dataDir, ['--config', configFile]);
    assert.equal(await signalAndWait(server, ['SIGINT']), 0);
  });

  test('SIGTERM exits 0 while a client keeps an idle syslog TCP connection open', async () => {
    const server = await spawnServer(dataDir, ['--config', configFile]);
    // allowHalfOpen: the client does not close its side when the server ends its own, as many don't.
    const client = net.connect({ host: server.syslogTcp.host, port: server.syslogTcp.port, allowHalfOpen: true });
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => client.once('connect', resolve));
    await new Promise<void>((resolve, reject) => client.write(syslogLine('lifecycle e2e idle-connection line'), (error) => (error ? reject(error) : resolve())));
    const token = await readToken(server);
    await eventually(async () => ((await countOf(server, token, '"idle-connection"')) === 1 ? true : undefined), 20_000, 'the line is stored');
    try {
      assert.equal(await signalAndWait(server, ['SIGTERM']), 0);
    } finally {
      client.destroy();
    }
  });

  test('Ctrl-C delivered twice at once (terminal and npm both signal) still exits 0 after a clean stop', async () => {
    const server = await spawnServer(dataDir, ['--config', configFile]);
    assert.equal(await signalAndWait(server, ['SIGINT', 'SIGINT']), 0);
    assert.ok(
      server.logs.some((entry) => entry['msg'] === 'stopped cleanly'),
      JSON.stringify(server.logs.slice(-5)),
    );
  });

  test('R-TAMPER-1: after a restart, each of the three stops is found by search as logwarden-stopped', async () => {
    const server = await spawnServer(dataDir, ['--config', configFile]);
    try {
      const token = await readToken(server);
      assert.equal(await countOf(server, token, 'event.action:logwarden-stopped'), 3);
      assert.equal(await countOf(server, token, 'event.action:logwarden-started'), 4);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

describe('/healthz and /readyz', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await makeDataDir();
  });
  after(async () => removeDataDir(dataDir));

  async function answer(url: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  }

  test('accepting events: /healthz and /readyz answer 200 {"status":"ok"} without a token, listing every component in start order', async () => {
    const server = await spawnServer(dataDir);
    try {
      // spawnServer listens on HTTP, syslog TCP and UDP: the dependency order puts the data dir
      // first, storage, the ledger and the pipeline before anything that accepts events.
      const components = ['data-dir', 'store', 'ledger', 'pipeline', 'detection', 'tail', 'disk-guard', 'access', 'alerting', 'http', 'syslog.tcp', 'syslog.udp'].map((name) => ({
        name,
        status: 'ok',
      }));
      assert.deepEqual(await answer(`${server.httpUrl}/healthz`), { status: 200, body: { status: 'ok', components } });
      assert.deepEqual(await answer(`${server.httpUrl}/readyz`), { status: 200, body: { status: 'ok', components } });
      const ready = server.logs.find((entry) => entry['msg'] === 'logwarden is ready');
      assert.deepEqual(
        ready?.['components'],
        components.map((component) => component.name),
        'the ready line names the components in start order',
      );
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  test('R-STORE-1: read-only below the disk reserve: /healthz 200 "read-only" with the reason, /readyz 503 with the reason', async () => {
    // A reserve larger than any disk: the server starts read-only.
    const server = await spawnServer(dataDir, ['--min-free-disk', '1000TiB']);
    try {
      const health = await answer(`${server.httpUrl}/healthz`);
      assert.equal(health.status, 200, JSON.stringify(health));
      const body = health.body as { status: string; reason: string };
      assert.equal(body.status, 'read-only');
      assert.match(body.reason, /^free disk space \d+ bytes is below the reserve of 1099511627776000 bytes: new events are refused until space returns$/);
      const guard = (body as unknown as { components: { name: string; status: string; reason?: string }[] }).components.find((component) => component.name === 'disk-guard');
      assert.deepEqual(guard, { name: 'disk-guard', status: 'degraded', reason: body.reason }, 'the disk guard reports itself degraded with the same reason');
      assert.deepEqual(await answer(`${server.httpUrl}/readyz`), { status: 503, body });
      const refused = await postIngest(server.httpUrl, await readToken(server), [{ message: 'refused while read-only' }]);
      assert.equal(refused.status, 503, 'ingest agrees with /readyz');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

// End to end: never lose, never overwrite (R-STORE-1, R-STORE-3, R-EVENTS-1).
// R-STORE-1: an HTTP 200 from ingest means the events are durable. One data dir goes through
// repeated SIGKILLs at random instants while HTTP batches and syslog TCP lines are in flight; at the
// end every acknowledged event is stored exactly once, no event is stored twice, `event.sequence`
// is gap-free and `logwarden verify --data-dir` passes.
// R-STORE-3: on a full disk (a small tmpfs filled with a ballast file) logwarden turns read-only:
// ingest answers 503 LW_DISK_FULL with Retry-After, TCP is not read, search and count keep
// answering, nothing acknowledged is lost, and it resumes by itself once space is back.
// R-EVENTS-1: logwarden's own start, stop and read-only transitions are stored as searchable
// internal events in the ledger.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  assertGapFree,
  countOf,
  fetchAllEvents,
  freeBytes,
  HttpLoad,
  idOccurrences,
  killHard,
  metricsText,
  metricValue,
  MiB,
  mountTmpfs,
  openSyslogTcp,
  postIngest,
  removeFile,
  searchEvents,
  sleep,
  syslogLine,
  TcpLoad,
  TmpfsForbidden,
  writeBallast,
  type HttpAnswer,
  type StoredEvent,
  type Tmpfs,
} from '../helpers/durability.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);

async function tokenOf(server: SpawnedServer): Promise<string> {
  return (await readFile(server.tokenFile, 'utf8')).trim();
}

/** Stop with SIGTERM unless already gone; returns the exit code. */
async function stopIfRunning(server: SpawnedServer | undefined): Promise<void> {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
}

/** Assert an internal event of logwarden itself. */
function assertInternal(event: StoredEvent, action: string): void {
  assert.equal(event['event.action'], action, JSON.stringify(event));
  assert.equal(event['logwarden.source.protocol'], 'internal', JSON.stringify(event));
  assert.equal(event['service.name'], 'logwarden', JSON.stringify(event));
}

/** Wait until the running server's own logwarden-started event is stored (it may follow "ready"). */
async function waitForOwnStart(server: SpawnedServer, token: string): Promise<void> {
  const query = `event.action:logwarden-started AND process.pid:${server.child.pid}`;
  await eventually(async () => ((await countOf(server, token, query)) >= 1 ? true : undefined), 10_000, `the logwarden-started event of pid ${server.child.pid}`);
}

async function assertVerifyPasses(dataDir: string): Promise<string> {
  const result = await runCli(['verify', '--data-dir', dataDir]);
  assert.equal(result.code, 0, `verify should pass:\n${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /^OK: ledger intact: /);
  return result.stdout;
}

describe('durability end to end (R-STORE-1, R-STORE-3, R-EVENTS-1)', () => {
  test('SIGKILL at random instants under HTTP and TCP load loses no acknowledged event and leaves no gap', { timeout: 170_000 }, async (t) => {
    const ROUNDS = 20;
    const dataDir = await makeDataDir();
    const acked: string[] = [];
    const ackedPerRound: number[] = [];
    const unexpected: string[] = [];
    let killedInFlight = 0;
    const startsByPid = new Map<number, string>(); // every server started on the data dir
    let tcpSent = 0;
    let server: SpawnedServer | undefined;
    const started = Date.now();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        server = await spawnServer(dataDir);
        const token = await tokenOf(server);
        const label = `kl${run}round${round}`;
        const http = new HttpLoad(server.httpUrl, token, { prefix: `id${run}h${round}`, label, batchSize: 20, workers: 6 });
        const tcp = new TcpLoad(server.syslogTcp.host, server.syslogTcp.port, { prefix: `id${run}t${round}`, label, perTick: 5, tickMs: 5 });
        const loadMs = 200 + Math.floor(Math.random() * 1300);
        startsByPid.set(server.child.pid as number, `round ${round} (killed after ${loadMs} ms of load)`);
        await sleep(loadMs);
        const inFlight = http.inFlight;
        assert.equal(await killHard(server), 'SIGKILL', 'the server was killed, not stopped');
        await Promise.all([http.stop(), tcp.stop()]);
        if (inFlight > 0) killedInFlight++;
        acked.push(...http.acked);
        ackedPerRound.push(http.acked.length);
        unexpected.push(...http.unexpected);
        tcpSent += tcp.sent;
      }
      t.diagnostic(
        `${ROUNDS} kill rounds in ${((Date.now() - started) / 1000).toFixed(1)} s: ${acked.length} HTTP events acknowledged (per round: ${ackedPerRound.join(' ')}), ${tcpSent} TCP lines sent, ${killedInFlight} kills with HTTP requests in flight`,
      );
      assert.deepEqual(unexpected, [], 'every HTTP answer the server gave before it died was a 200 accepting the whole batch');
      assert.ok(killedInFlight >= ROUNDS / 2, `most kills happened with HTTP requests in flight (${killedInFlight} of ${ROUNDS})`);
      assert.ok(ackedPerRound.filter((n) => n > 0).length >= ROUNDS / 2, `most rounds had acknowledged events before the kill: ${ackedPerRound.join(' ')}`);

      server = await spawnServer(dataDir);
      startsByPid.set(server.child.pid as number, 'the final start');
      const token = await tokenOf(server);
      await waitForOwnStart(server, token);
      const events = await fetchAllEvents(server, token);
      // Each search of the dump is itself recorded (the audit trail, R-ACCESS-2) after the records it reads: count what the dump covers.
      const last = events.reduce((most, event) => Math.max(most, event['event.sequence']), -1);
      const total = await countOf(server, token, `event.sequence:[0 TO ${last}]`);
      assert.equal(events.length, total, 'the paged dump holds every stored event');
      assertGapFree(events);

      const seen = idOccurrences(events, new RegExp(`\\bid${run}[ht]\\d+x\\d+\\b`, 'g'));
      const missing = acked.filter((id) => !seen.has(id));
      assert.deepEqual(missing.slice(0, 20), [], `${missing.length} acknowledged events are missing after the kills`);
      const twice = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id}×${n}`);
      assert.deepEqual(twice.slice(0, 20), [], `${twice.length} events are stored more than once`);
      const tcpStored = [...seen.keys()].filter((id) => id.startsWith(`id${run}t`)).length;
      t.diagnostic(`stored ${events.length} events: ${seen.size - tcpStored} from HTTP (${acked.length} acknowledged), ${tcpStored} of ${tcpSent} from TCP`);
      assert.ok(tcpStored > 0, 'the syslog TCP load reached the store');

      // Per-round labels find the same events as the dump (the search a user would run).
      for (const round of [0, ROUNDS - 1]) {
        const found = await searchEvents(server, token, `kl${run}round${round}`);
        const ids = new Set(found.map((event) => new RegExp(`\\bid${run}h\\d+x\\d+\\b`).exec(String(event['message']))?.[0]));
        const roundAcked = acked.filter((id) => id.startsWith(`id${run}h${round}x`));
        assert.ok(
          roundAcked.every((id) => ids.has(id)),
          `a search for round ${round} finds its acknowledged events`,
        );
      }

      const starts = events.filter((event) => event['event.action'] === 'logwarden-started');
      for (const event of starts) assertInternal(event, 'logwarden-started');
      const recorded = new Set(starts.map((event) => event['process.pid']));
      const unrecorded = [...startsByPid].filter(([pid]) => !recorded.has(pid)).map(([, what]) => what);
      assert.deepEqual(unrecorded, [], 'every start is recorded as a logwarden-started event');
      assert.equal(starts.length, ROUNDS + 1, 'one logwarden-started event per start (the killed ones and this one)');
      assert.equal(await countOf(server, token, 'event.action:logwarden-started AND logwarden.source.protocol:internal AND service.name:logwarden'), ROUNDS + 1);
      assert.equal(events.filter((event) => event['event.action'] === 'logwarden-stopped').length, 0, 'no server was stopped cleanly yet');

      assert.equal(await server.stop(), 0, 'a clean stop exits 0');

      // A clean stop is recorded too: one more start finds it, after the last start.
      server = await spawnServer(dataDir);
      const token2 = await tokenOf(server);
      await waitForOwnStart(server, token2);
      const stopped = await searchEvents(server, token2, 'event.action:logwarden-stopped');
      assert.equal(stopped.length, 1, 'one logwarden-stopped event for the one clean stop');
      assertInternal(stopped[0] as StoredEvent, 'logwarden-stopped');
      const lastStart = Math.max(...starts.map((event) => event['event.sequence']));
      assert.ok((stopped[0] as StoredEvent)['event.sequence'] > lastStart, 'the stop is recorded after the start it ends');
      assert.equal(await countOf(server, token2, 'event.action:logwarden-started'), ROUNDS + 2);
      // Every search is recorded too (the audit trail, R-ACCESS-2): after this count come its own
      // audit event and the stop.
      const storedBeforeStop = await countOf(server, token2, '');
      assert.ok(storedBeforeStop >= total + 2, `${storedBeforeStop} records: at least the ${total} dumped, a clean stop and a start`);
      assert.equal(await server.stop(), 0);

      const report = await assertVerifyPasses(dataDir);
      assert.match(report, new RegExp(`: ${storedBeforeStop + 2} records, `), 'verify covers every record, including the last count’s audit event and the last stop');
      t.diagnostic(`kill loop total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      if (server) await killHard(server).catch(() => undefined);
      await removeDataDir(dataDir);
    }
  });

  test('a start is recorded even when the server is killed the moment it is ready', async () => {
    const dataDir = await makeDataDir();
    let server: SpawnedServer | undefined;
    try {
      const pids: number[] = [];
      for (let i = 0; i < 3; i++) {
        server = await spawnServer(dataDir);
        pids.push(server.child.pid as number);
        assert.equal(await killHard(server), 'SIGKILL');
      }
      server = await spawnServer(dataDir);
      const token = await tokenOf(server);
      await waitForOwnStart(server, token);
      const starts = await searchEvents(server, token, 'event.action:logwarden-started');
      const recorded = new Set(starts.map((event) => event['process.pid']));
      assert.deepEqual(
        pids.map((pid) => [pid, recorded.has(pid)]),
        pids.map((pid) => [pid, true]),
        'each start killed as soon as it announced "ready" has its logwarden-started event',
      );
      assert.equal(starts.length, pids.length + 1);
      assertGapFree(await fetchAllEvents(server, token));
      assert.equal(await server.stop(), 0);
      await assertVerifyPasses(dataDir);
    } finally {
      if (server) await killHard(server).catch(() => undefined);
      await removeDataDir(dataDir);
    }
  });

  test('a full disk turns ingest read-only without losing anything, and it resumes by itself', { timeout: 170_000 }, async (t) => {
    const TMPFS_MIB = 256;
    const LEAVE_FREE = 40 * MiB;
    const RESERVE = 24 * MiB;
    let tmpfs: Tmpfs;
    try {
      tmpfs = await mountTmpfs(TMPFS_MIB);
    } catch (error) {
      if (error instanceof TmpfsForbidden) {
        t.skip(`this machine forbids mounting a tmpfs: ${error.message}`);
        return;
      }
      throw error;
    }
    const dataDir = path.join(tmpfs.dir, 'data');
    const ballast = path.join(tmpfs.dir, 'ballast');
    let server: SpawnedServer | undefined;
    const sockets: { destroy(): void }[] = [];
    try {
      const ballastBytes = await writeBallast(ballast, LEAVE_FREE);
      const freeAtStart = await freeBytes(tmpfs.dir);
      t.diagnostic(`tmpfs ${TMPFS_MIB} MiB, ballast ${(ballastBytes / MiB).toFixed(1)} MiB, ${(freeAtStart / MiB).toFixed(1)} MiB free, reserve ${RESERVE / MiB} MiB`);
      assert.ok(Math.abs(freeAtStart - LEAVE_FREE) < 2 * MiB, `the ballast leaves about 40 MiB free (${freeAtStart})`);

      const live = await spawnServer(dataDir, ['--min-free-disk', '24MiB', '--disk-check-interval-ms', '200']);
      server = live;
      const token = await tokenOf(server);
      const metrics0 = await metricsText(server, token);
      assert.equal(metricValue(metrics0, 'logwarden_read_only'), 0, 'writable at start');
      const free0 = metricValue(metrics0, 'logwarden_disk_free_bytes');
      assert.ok(free0 !== undefined && free0 > RESERVE && free0 <= freeAtStart, `logwarden_disk_free_bytes (${free0}) is the free space of the data dir's filesystem`);

      // Fill the disk with ~1 KB events in batches of 500 until ingest refuses.
      const padding = (): string => randomBytes(768).toString('base64'); // 1 KB that does not compress
      const acked: string[] = [];
      let batch = 0;
      const sendBatch = async (): Promise<{ answer: HttpAnswer; ids: string[] }> => {
        const ids = Array.from({ length: 500 }, (_, i) => `df${run}b${batch}x${i}`);
        batch++;
        const lines = ids.map((id) => ({ message: `disk fill ${id} ${padding()}`, 'service.name': 'durability-e2e' }));
        const answer = await postIngest(live.httpUrl, token, lines);
        if (answer.status === 200) {
          assert.equal((JSON.parse(answer.text) as { accepted: number }).accepted, ids.length, answer.text);
          acked.push(...ids);
        }
        return { answer, ids };
      };
      let refused: HttpAnswer | undefined;
      while (!refused) {
        assert.ok(batch < 400, `ingest still answers 200 after ${batch} batches of 500 ~1 KB events (${acked.length} events) on a ${TMPFS_MIB} MiB tmpfs`);
        const { answer } = await sendBatch();
        if (answer.status !== 200) refused = answer;
      }
      const freeWhenFull = await freeBytes(tmpfs.dir);
      t.diagnostic(`refused after ${acked.length} acknowledged events (${batch} batches); ${(freeWhenFull / MiB).toFixed(1)} MiB free`);
      assert.equal(refused.status, 503, `a full disk is answered with 503, not ${refused.status}: ${refused.text}`);
      assert.equal(refused.code, 'LW_DISK_FULL', refused.text);
      assert.match(refused.retryAfter ?? '', /^[1-9]\d*$/, 'the 503 carries a Retry-After header in seconds');
      assert.ok(freeWhenFull < RESERVE + 8 * MiB, `the refusal came near the reserve (${(freeWhenFull / MiB).toFixed(1)} MiB free)`);

      // More attempts are refused the same way: never a 200 (that could not be kept), never another 5xx.
      for (let i = 0; i < 5; i++) {
        const { answer } = await sendBatch();
        assert.equal(answer.status, 503, `attempt ${i + 1} while the disk is full: ${answer.status} ${answer.text}`);
        assert.equal(answer.code, 'LW_DISK_FULL', answer.text);
        assert.ok(answer.retryAfter, 'Retry-After on every refusal');
        await sleep(100);
      }

      // The rest of the API keeps working; it is read-only, and says so.
      const metrics1 = await metricsText(server, token);
      assert.equal(metricValue(metrics1, 'logwarden_read_only'), 1, 'logwarden_read_only 1 while the disk is full');
      const free1 = metricValue(metrics1, 'logwarden_disk_free_bytes');
      assert.ok(free1 !== undefined && free1 < RESERVE, `logwarden_disk_free_bytes (${free1}) is below the reserve`);

      // Syslog over TCP is not read while read-only: sent now, stored only after the disk has room.
      const tcpIds = Array.from({ length: 50 }, (_, i) => `tcp${run}ro${i}`);
      sockets.push(
        await openSyslogTcp(
          server.syslogTcp.host,
          server.syslogTcp.port,
          tcpIds.map((id) => syslogLine(`held while full ${id}`)),
        ),
      );

      const stored = await fetchAllEvents(server, token);
      assertGapFree(stored);
      const seen = idOccurrences(stored, new RegExp(`\\bdf${run}b\\d+x\\d+\\b`, 'g'));
      const lost = acked.filter((id) => seen.get(id) !== 1);
      assert.deepEqual(lost.slice(0, 20), [], `${lost.length} acknowledged events are not stored exactly once`);
      assert.equal(seen.size, acked.length, 'no refused event was stored');
      assert.equal(await countOf(server, token, `df${run}b0x0`), 1, 'count answers while read-only');
      assert.equal((await searchEvents(server, token, `df${run}b0x1`)).length, 1, 'search answers while read-only');

      const entered = await searchEvents(server, token, 'event.action:read-only-entered');
      assert.ok(entered.length >= 1, 'a read-only-entered event is stored');
      for (const event of entered) {
        assertInternal(event, 'read-only-entered');
        assert.equal(event['log.level'], 'critical', JSON.stringify(event));
      }
      assert.equal(await countOf(server, token, 'event.action:read-only-entered AND log.level:critical'), entered.length);
      assert.equal(await countOf(server, token, 'event.action:read-only-left'), 0, 'not left read-only yet');

      await sleep(1000);
      assert.equal(await countOf(server, token, `tcp${run}ro*`), 0, 'TCP lines are not taken in while read-only');
      assert.equal(metricValue(await metricsText(server, token), 'logwarden_read_only'), 1, 'still read-only while nothing was freed');

      // Free the space: logwarden resumes by itself.
      await removeFile(ballast);
      const resumedAfter = Date.now();
      await eventually(async () => (metricValue(await metricsText(live, token), 'logwarden_read_only') === 0 ? true : undefined), 20_000, 'logwarden_read_only 0 after space is freed');
      t.diagnostic(`resumed ${Date.now() - resumedAfter} ms after the ballast was deleted`);
      const free2 = metricValue(await metricsText(server, token), 'logwarden_disk_free_bytes');
      assert.ok(free2 !== undefined && free2 > RESERVE, `logwarden_disk_free_bytes (${free2}) is above the reserve again`);
      const { answer: again, ids: againIds } = await sendBatch();
      assert.equal(again.status, 200, `ingest accepts events again: ${again.text}`);
      assert.equal(await countOf(server, token, `df${run}b${batch - 1}x*`), againIds.length, 'the new batch is stored');
      const left = await searchEvents(server, token, 'event.action:read-only-left');
      assert.ok(left.length >= 1, 'a read-only-left event is stored');
      for (const event of left) assertInternal(event, 'read-only-left');
      assert.ok((left.at(-1) as StoredEvent)['event.sequence'] > (entered.at(-1) as StoredEvent)['event.sequence'], 'read-only-left follows read-only-entered');
      await eventually(async () => ((await countOf(live, token, `tcp${run}ro*`)) === tcpIds.length ? true : undefined), 20_000, 'the TCP lines held while full are stored');

      for (const socket of sockets.splice(0)) socket.destroy();
      assert.equal(await server.stop(), 0, 'a clean stop exits 0');
      await assertVerifyPasses(dataDir);
      const fsStats = await statfs(tmpfs.dir);
      t.diagnostic(`data dir used ${(((fsStats.blocks - fsStats.bfree) * fsStats.bsize) / MiB).toFixed(1)} MiB at the end`);
    } finally {
      for (const socket of sockets) socket.destroy();
      if (server) await stopIfRunning(server).catch(async () => void (await killHard(server as SpawnedServer)));
      await tmpfs.unmount();
    }
  });
});

// End to end: proofs built from the ledger's stored tiles (R-TAMPER-2). 1,100 records complete one
// tile of 1,024 leaves. Proofs through the API verify with the public key alone, and still do after
// the tile was changed or deleted in the stopped store: the server notices a proof that does not
// match its signed root and builds it from every leaf, and a deleted tile is rebuilt at start.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rootFromLeaves } from '../../src/ledger/merkle.ts';
import { apiGet, checkpointSize, currentVerifierKey, ingest, withEngine } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const RECORDS = 1100;

describe('ledger tiles end to end (R-TAMPER-2)', () => {
  let dataDir: string;
  let server: SpawnedServer | undefined;

  before(async () => {
    dataDir = await makeDataDir();
    server = await spawnServer(dataDir);
    await ingest(
      server,
      Array.from({ length: RECORDS }, (_, i) => ({ message: `tile record ${i}` })),
    );
    await stop();
  });
  after(async () => {
    await stop();
    await removeDataDir(dataDir);
  });

  async function stop(): Promise<void> {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
    server = undefined;
  }

  /** Start the server, fetch the evidence for `seq` at the latest checkpoint, check it with verify-proof, stop. */
  async function proveWithRestartedServer(seq: number): Promise<void> {
    server = await spawnServer(dataDir);
    const running = server;
    // Its own start event is stored and checkpointed before it is ready; wait for it to be signed.
    const size = await eventually(async () => (((await checkpointSize(running)) ?? 0) > RECORDS ? checkpointSize(running) : undefined));
    const evidence = await apiGet(running, `/api/v1/ledger/proof/inclusion?seq=${seq}`);
    assert.equal((JSON.parse(evidence) as { size: number }).size, size);
    const file = path.join(dataDir, `evidence-${seq}.json`);
    await writeFile(file, evidence);
    const checked = await runCli(['verify-proof', '--evidence', file, '--public-key', await currentVerifierKey(dataDir)]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    await stop();
  }

  const storedTile = (): Promise<string[]> =>
    withEngine(dataDir, async (engine) => (await engine.query<{ hash: string }>('SELECT hex(hash) AS hash FROM ledger_tiles WHERE height = 10 ORDER BY idx')).map((row) => row.hash));

  test('the first 1,024 leaves have a tile, and a proof that uses it verifies', async () => {
    assert.equal((await storedTile()).length, 1);
    await proveWithRestartedServer(1050); // a record past the tile: its proof needs the hash of [0, 1024), the tile
  });

  test('a changed tile: the proof is built from every leaf and still verifies', async () => {
    const [original] = await storedTile();
    await withEngine(dataDir, (engine) => engine.command("ALTER TABLE ledger_tiles UPDATE hash = unhex(repeat('00', 32)) WHERE height = 10 AND idx = 0 SETTINGS mutations_sync = 2"));
    assert.notDeepEqual(await storedTile(), [original]);
    await proveWithRestartedServer(1070);
  });

  test('a deleted tile is rebuilt at the next start', async () => {
    await withEngine(dataDir, (engine) => engine.command('ALTER TABLE ledger_tiles DELETE WHERE height = 10 SETTINGS mutations_sync = 2'));
    assert.deepEqual(await storedTile(), []);
    await proveWithRestartedServer(1060);
    const [rebuilt] = await storedTile();
    const leaves = await withEngine(dataDir, (engine) => engine.queryRowBinary('SELECT leaf FROM ledger_leaves WHERE seq < 1024 ORDER BY seq'));
    const expected = rootFromLeaves(Array.from({ length: 1024 }, (_, i) => leaves.subarray(i * 32, (i + 1) * 32)));
    assert.equal(rebuilt?.toLowerCase(), Buffer.from(expected).toString('hex'));
  });
});

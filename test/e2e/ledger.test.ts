// End to end: the tamper-evident ledger of the built server (R-TAMPER-1, R-TAMPER-2).
// A live server signs checkpoints over what it stores and hands out inclusion evidence that a third
// party checks with the public key alone; `logwarden verify --data-dir` then names the first bad
// sequence number of every kind of tampering done to copies of the stopped data dir (changed,
// deleted, inserted, reordered and truncated records, a deleted leaf hash; forged and unknown-key
// checkpoints), and an external witness copy of the transparency file reveals a rollback the
// store alone cannot.
// Finally, a server killed with SIGKILL resumes its ledger without losing or repeating a record.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSigner, generateKeyPair, parseCheckpoint, parseSignedNote, signCheckpoint } from '../../src/ledger/checkpoint.ts';
import { LEAF_HASH_SQL, LEAF_SQL_WITH } from '../../src/ledger/leaf-sql.ts';
import { assertConsistency, rootFromLeaves } from '../../src/ledger/merkle.ts';
import { splitNotes } from '../../src/ledger/transparency-file.ts';
import { apiGet, copyDataDir, currentVerifierKey, ingest, transparencyFile, waitForCheckpoint, withEngine } from '../helpers/ledger.ts';
import { makeDataDir, removeDataDir, runCli, spawnServer, type CliResult, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
const RECORDS = 60;
// logwarden records its own start (record 0) and stop as events in the ledger (R-EVENTS-1).
const LIVE = RECORDS + 1;
// Each audited request of the live block (verify, proof, consistency proof, search) is a record
// too, stored after the answer it records was computed (R-ACCESS-2, docs/access.md).
const AUDITED_LIVE = 4;
const STOPPED = RECORDS + 2 + AUDITED_LIVE;

/** `logwarden verify --data-dir DIR` on a stopped data dir, plus extra flags. */
function verifyDir(dataDir: string, ...flags: string[]): Promise<CliResult> {
  return runCli(['verify', '--data-dir', dataDir, ...flags]);
}

/** Assert verify failed and its first line names `seq` as the first bad sequence number. */
function assertFirstBad(result: CliResult, seq: number): string {
  assert.equal(result.code, 1, `verify should fail:\n${result.stdout}${result.stderr}`);
  const [first = ''] = result.stdout.split('\n');
  assert.match(first, new RegExp(`^FAILED: first bad sequence number ${seq}: `), result.stdout);
  return first;
}

interface Report {
  readonly ok: boolean;
  readonly records: number;
  readonly problems: readonly { kind: string; seq?: number; message: string }[];
  readonly problemCount: number;
  readonly summary: readonly { kind: string; count: number; first: number[]; more: boolean }[];
}

/** `verify --data-dir DIR --json`, parsed. */
async function verifyReport(dataDir: string): Promise<Report> {
  const result = await verifyDir(dataDir, '--json');
  assert.equal(result.code, 1, result.stdout + result.stderr);
  return JSON.parse(result.stdout) as Report;
}

/** The report's problems about records (not about checkpoints), as [kind, seq]. */
function recordProblems(report: Report): [string, number | undefined][] {
  return report.problems.filter((problem) => !/checkpoint|truncated/.test(problem.kind)).map((problem) => [problem.kind, problem.seq]);
}

function assertOk(result: CliResult): void {
  assert.equal(result.code, 0, `verify should pass:\n${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /^OK: ledger intact: /);
}

describe('ledger end to end (R-TAMPER-1, R-TAMPER-2)', () => {
  let baseDir: string; // the stopped server's data dir, never modified after the first block
  let witnessDir: string; // holds the external witness copy of the transparency file
  let witnessFile: string;
  const scratch: string[] = [];

  before(async () => {
    baseDir = await makeDataDir();
    witnessDir = await makeDataDir();
    witnessFile = path.join(witnessDir, 'witness-checkpoints');
  });
  after(async () => {
    for (const dir of [baseDir, witnessDir, ...scratch]) if (dir) await removeDataDir(dir);
  });

  /** A fresh copy of the stopped base data dir, removed after the suite. */
  async function tamperCopy(): Promise<string> {
    const copy = await copyDataDir(baseDir);
    scratch.push(copy);
    return copy;
  }

  describe('a live server', () => {
    let server: SpawnedServer;
    const cli = (args: string[]): Promise<CliResult> => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);

    before(async () => {
      server = await spawnServer(baseDir);
      const lines = Array.from({ length: RECORDS }, (_, i) => ({ message: `ledger ${run} record ${i + 1}`, 'service.name': 'ledger-e2e', 'host.name': `h${i % 3}` }));
      await ingest(server, lines);
    });
    after(async () => {
      // Normally stopped by the last test; this only cleans up after a failure.
      if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
    });

    test('signs a checkpoint covering every stored record', async () => {
      const note = await waitForCheckpoint(server, LIVE);
      const origin = (await readFile(path.join(baseDir, 'ledger/origin'), 'utf8')).trim();
      assert.equal(note.split('\n')[0], origin);
      assert.equal(note.split('\n')[1], String(LIVE));
    });

    test('the ledger is a consumer of the stream: its lag is a metric, zero once the checkpoint covers everything', async () => {
      await waitForCheckpoint(server, LIVE);
      const metrics = await apiGet(server, '/metrics');
      assert.match(metrics, /^logwarden_consumer_lag_events\{consumer="ledger"\} 0$/m);
    });

    test('verify --server passes on the untouched store', async () => {
      const result = await cli(['verify']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`^OK: ledger intact: ${LIVE} records, `));
    });

    test('proof evidence verifies with the public key alone, and a one-character change to the record fails', async () => {
      const size = LIVE + 1; // the verification before is on record
      await waitForCheckpoint(server, size);
      const evidenceFile = path.join(witnessDir, 'evidence-7.json');
      const proof = await cli(['proof', '7', '--out', evidenceFile]);
      assert.equal(proof.code, 0, proof.stderr);
      const evidence = JSON.parse(await readFile(evidenceFile, 'utf8')) as { seq: number; size: number; record: Record<string, unknown> };
      assert.equal(evidence.seq, 7);
      assert.equal(evidence.size, size);
      assert.equal(evidence.record['message'], `ledger ${run} record 7`);
      const key = await currentVerifierKey(baseDir);

      const good = await runCli(['verify-proof', '--evidence', evidenceFile, '--public-key', key]);
      assert.equal(good.code, 0, good.stdout + good.stderr);
      assert.match(good.stdout, new RegExp(`^OK: record 7 is in the tree of ${size} records signed by `));

      const altered = { ...evidence, record: { ...evidence.record, message: `ledger ${run} record 8` } };
      const alteredFile = path.join(witnessDir, 'evidence-7-altered.json');
      await writeFile(alteredFile, JSON.stringify(altered, null, 2));
      const bad = await runCli(['verify-proof', '--evidence', alteredFile, '--public-key', key]);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /^FAILED: .*the record was changed/);
    });

    test('a consistency proof from 10 to the latest checkpoint links the first ten leaves to the signed root', async () => {
      // The checkpoint first: the proof and the search below are on record, and their records move the tree on.
      const size = LIVE + 2; // the verification and the proof before are on record
      const newRoot = parseCheckpoint(parseSignedNote(await waitForCheckpoint(server, size)).text).rootHash;
      const body = JSON.parse(await apiGet(server, `/api/v1/ledger/proof/consistency?from=10&to=${size}`)) as { from: number; to: number; proof: string[] };
      assert.equal(body.from, 10);
      assert.equal(body.to, size);
      assert.ok(body.proof.length > 0, 'the proof is not empty');
      // The old root: from the first ten leaf hashes the search API reports; the new root: the signed one.
      const search = JSON.parse(await apiGet(server, '/api/v1/search?order=asc&limit=10&leaf=true')) as { ledger: { seq: number; leafHash: string }[] };
      assert.deepEqual(
        search.ledger.map((entry) => entry.seq),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      const oldRoot = rootFromLeaves(search.ledger.map((entry) => Buffer.from(entry.leafHash, 'hex')));
      const proof = body.proof.map((hash) => Buffer.from(hash, 'hex'));
      assertConsistency(10, size, oldRoot, newRoot, proof);
      assert.throws(() => assertConsistency(10, size, oldRoot, newRoot, proof.slice(1)));
    });

    test('stops cleanly; the transparency file is kept as the external witness copy', async () => {
      assert.equal(await server.stop(), 0);
      const text = await readFile(transparencyFile(baseDir), 'utf8');
      await writeFile(witnessFile, text);
      const sizes = splitNotes(text).map((note) => Number(note.split('\n')[1]));
      assert.equal(sizes.at(-1), STOPPED, 'the last checkpoint covers every record, the stop event included');
    });
  });

  describe('verify --data-dir on tampered copies', () => {
    test('(a) an intact copy passes', async () => {
      const copy = await tamperCopy();
      assertOk(await verifyDir(copy));
      assertOk(await verifyDir(copy, '--from-checkpoint', witnessFile));
    });

    test('--node picks the node whose ledger is verified; a node the data dir does not hold is refused, naming the one it holds', async () => {
      const copy = await tamperCopy();
      const [row] = await withEngine(copy, (engine) => engine.query<{ node: string }>('SELECT DISTINCT node FROM ledger_rounds'));
      assert.ok(row && row.node.length > 0, 'the ledger rows carry the node');
      assertOk(await verifyDir(copy, '--node', row.node));
      const refused = await verifyDir(copy, '--node', 'not-this-node');
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.match(refused.stderr, new RegExp(`LW_BAD_REQUEST: .* holds no ledger of node "not-this-node"; it holds the ledger of: ${row.node.replaceAll('.', '\\.')} `));
    });

    test('(b) a changed field names record 17 as changed', async (t) => {
      const copy = await tamperCopy();
      await withEngine(copy, (engine) => engine.command(`ALTER TABLE events UPDATE message = 'nothing to see' WHERE event_sequence = 17 SETTINGS mutations_sync = 2`));
      const result = await verifyDir(copy);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /record 17 was changed: its contents no longer hash to the leaf recorded when it was stored/);
      assert.deepEqual(recordProblems(await verifyReport(copy)), [['changed', 17]]);
      await t.test('the FAILED line names 17 as the first bad sequence number', () => {
        assert.match(assertFirstBad(result, 17), /record 17 was changed/);
      });
    });

    test('(c) a deleted record names record 23 as deleted', async () => {
      const copy = await tamperCopy();
      await withEngine(copy, (engine) => engine.command('ALTER TABLE events DELETE WHERE event_sequence = 23 SETTINGS mutations_sync = 2'));
      const first = assertFirstBad(await verifyDir(copy), 23);
      assert.match(first, /record 23 was deleted \(its leaf hash is still in the ledger\)/);
      assert.deepEqual(recordProblems(await verifyReport(copy)), [['deleted', 23]]);
    });

    test('(d) an inserted duplicate names record 5 as inserted or duplicated', async () => {
      const copy = await tamperCopy();
      await withEngine(copy, (engine) => engine.command('INSERT INTO events SELECT * FROM events WHERE event_sequence = 5'));
      const first = assertFirstBad(await verifyDir(copy), 5);
      assert.match(first, /record 5 is stored 2 times: a record was inserted or duplicated/);
      assert.deepEqual(recordProblems(await verifyReport(copy)), [['duplicated', 5]]);
    });

    test('(e) two reordered records name record 30 as changed', async (t) => {
      const copy = await tamperCopy();
      await withEngine(copy, async (engine) => {
        await engine.command('CREATE TABLE swap_30_31 ENGINE = Memory AS SELECT * FROM events WHERE event_sequence IN (30, 31)');
        await engine.command('ALTER TABLE events DELETE WHERE event_sequence IN (30, 31) SETTINGS mutations_sync = 2');
        await engine.command('INSERT INTO events SELECT * REPLACE (if(event_sequence = 30, 31, 30) AS event_sequence) FROM swap_30_31');
        await engine.command('DROP TABLE swap_30_31');
        const rows = await engine.query<{ seq: string; message: string }>('SELECT event_sequence AS seq, message FROM events WHERE event_sequence IN (30, 31) ORDER BY seq');
        assert.deepEqual(
          rows.map((row) => [Number(row.seq), row.message]),
          [
            [30, `ledger ${run} record 31`],
            [31, `ledger ${run} record 30`],
          ],
          'the tampering swapped the two records',
        );
      });
      const result = await verifyDir(copy);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /record 30 was changed/);
      // One line per problem up to ten, else a summary per kind (each audited request adds a checkpoint, each a mismatch).
      assert.match(result.stdout, /record 31 was changed|changed: 2 records: 30, 31\n/);
      assert.deepEqual(recordProblems(await verifyReport(copy)), [
        ['changed', 30],
        ['changed', 31],
      ]);
      await t.test('the FAILED line names 30 as the first bad sequence number', () => {
        assert.match(assertFirstBad(result, 30), /record 30 was changed/);
      });
    });

    test('(f) a truncated tail names record 50 and reports truncation', async () => {
      const copy = await tamperCopy();
      await withEngine(copy, async (engine) => {
        await engine.command('ALTER TABLE events DELETE WHERE event_sequence >= 50 SETTINGS mutations_sync = 2');
        await engine.command('ALTER TABLE ledger_leaves DELETE WHERE seq >= 50 SETTINGS mutations_sync = 2');
      });
      const result = await verifyDir(copy);
      assertFirstBad(result, 50);
      assert.match(result.stdout, /covers records up to \d+, but the tree can only be rebuilt to 49: records were removed from the end \(truncated tail\)/);
      const report = await verifyReport(copy);
      assert.equal(report.ok, false);
      assert.deepEqual(recordProblems(report), [], 'a cut tail is reported as truncation, not as missing records');
      const truncated = report.problems.filter((problem) => problem.kind === 'truncated');
      assert.ok(truncated.length > 0 && truncated.every((problem) => problem.seq === 50), JSON.stringify(report.problems));
    });

    test('(g) a checkpoint whose signature was altered does not verify', async () => {
      const copy = await tamperCopy();
      const file = transparencyFile(copy);
      const text = await readFile(file, 'utf8');
      const last = splitNotes(text).at(-1) as string;
      const signatureLine = last.trimEnd().split('\n').at(-1) as string;
      const [, name, signature] = signatureLine.split(' ') as [string, string, string];
      const index = 20; // inside the Ed25519 signature, past the 4-byte key ID
      const flipped = `${signature.slice(0, index)}${signature[index] === 'A' ? 'B' : 'A'}${signature.slice(index + 1)}`;
      const altered = last.replace(signatureLine, `\u2014 ${name} ${flipped}`);
      assert.notEqual(altered, last);
      await writeFile(file, `${text.slice(0, text.lastIndexOf(last))}${altered}${text.slice(text.lastIndexOf(last) + last.length)}`);
      const result = await verifyDir(copy);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /^FAILED: a checkpoint in the transparency file does not verify: the signature by \S+ \(key [0-9a-f]{8}\) does not verify: the note was altered/);
    });

    test('(h) a checkpoint signed by an unknown key is refused', async () => {
      const copy = await tamperCopy();
      const origin = (await readFile(path.join(copy, 'ledger/origin'), 'utf8')).trim();
      const genuine = parseCheckpoint(parseSignedNote(splitNotes(await readFile(transparencyFile(copy), 'utf8')).at(-1) as string).text);
      assert.equal(genuine.size, STOPPED);
      const intruder = generateKeyPair(origin);
      const forged = signCheckpoint({ origin, size: STOPPED, rootHash: genuine.rootHash }, createSigner(intruder));
      await appendFile(transparencyFile(copy), `${forged}\n`);
      const result = await verifyDir(copy);
      assert.equal(result.code, 1, result.stdout);
      const keyId = intruder.keyId.toString(16).padStart(8, '0');
      assert.match(result.stdout, new RegExp(`^FAILED: a checkpoint in the transparency file does not verify: the note is not signed by any known key \\(signed by: ${origin}\\+${keyId}\\)`));
    });

    test('(i) a rollback re-signed with the stolen key passes alone but not against the witness copy', async (t) => {
      const copy = await tamperCopy();
      await withEngine(copy, async (engine) => {
        await engine.command(`ALTER TABLE events UPDATE message = 'rewritten history' WHERE event_sequence = 10 SETTINGS mutations_sync = 2`);
        // The rewritten leaf goes into the round that committed the old one, so it counts.
        const [old] = await engine.query<{ node: string; round: string }>('SELECT node, round FROM ledger_leaves WHERE seq = 10 ORDER BY round DESC LIMIT 1');
        assert.ok(old, 'record 10 has a leaf');
        await engine.command('ALTER TABLE ledger_leaves DELETE WHERE seq = 10 SETTINGS mutations_sync = 2');
        await engine.command(
          `INSERT INTO ledger_leaves (node, round, seq, leaf) ${LEAF_SQL_WITH} SELECT {node:String}, {round:UInt64}, event_sequence, ${LEAF_HASH_SQL} FROM events WHERE event_sequence = 10`,
          { node: old.node, round: Number(old.round) },
        );
        await engine.command('ALTER TABLE ledger_checkpoints DELETE WHERE 1 SETTINGS mutations_sync = 2');
        const [row] = await engine.query<{ n: string }>('SELECT count() AS n FROM ledger_checkpoints');
        assert.equal(Number(row?.n), 0);
      });
      await writeFile(transparencyFile(copy), '');
      // The attacker restarts the server, which re-signs checkpoints over the altered tree.
      const server = await spawnServer(copy);
      try {
        await waitForCheckpoint(server, STOPPED + 1); // the attacker's restart adds its own start event
      } finally {
        assert.equal(await server.stop(), 0);
      }
      assertOk(await verifyDir(copy));

      const result = await verifyDir(copy, '--from-checkpoint', witnessFile);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /^FAILED: first bad sequence number \d+: the records do not match the checkpoint of size \d+ \(.*witness-checkpoints\): .*\(rollback\)/);
      await t.test('names a sequence number at or before the rewritten record 10', () => {
        const seq = Number(/^FAILED: first bad sequence number (\d+)/.exec(result.stdout)?.[1]);
        assert.ok(seq <= 10, result.stdout);
      });
    });

    test('(j) a deleted leaf hash names record 40', async () => {
      const copy = await tamperCopy();
      await withEngine(copy, (engine) => engine.command('ALTER TABLE ledger_leaves DELETE WHERE seq = 40 SETTINGS mutations_sync = 2'));
      const first = assertFirstBad(await verifyDir(copy), 40);
      assert.match(first, /the leaf hash of record 40 was deleted from the ledger/);
      assert.deepEqual(recordProblems(await verifyReport(copy)), [['leaf-missing', 40]]);
    });

    test('(k) many tampered records: the first bad one is named, the rest summarised per kind in a few lines', async (t) => {
      const copy = await tamperCopy();
      await withEngine(copy, async (engine) => {
        await engine.command(`ALTER TABLE events UPDATE message = 'rewritten' WHERE event_sequence BETWEEN 12 AND 47 SETTINGS mutations_sync = 2`);
        await engine.command('ALTER TABLE events DELETE WHERE event_sequence BETWEEN 52 AND 55 SETTINGS mutations_sync = 2');
      });
      const result = await verifyDir(copy);
      assertFirstBad(result, 12);
      const lines = result.stdout.trimEnd().split('\n');
      assert.ok(lines.length <= 10, `a summary, not a line per problem:\n${result.stdout}`);
      assert.doesNotMatch(result.stdout, /also:/);
      const report = await verifyReport(copy);
      assert.equal(lines[1], `  in all ${report.problemCount} problems:`, result.stdout);
      assert.ok(lines.includes('    changed: 36 records: 12, 13, 14, 15, 16, …'), result.stdout);
      assert.ok(lines.includes('    deleted: 4 records: 52, 53, 54, 55'), result.stdout);
      assert.match(result.stdout, /\n {4}checkpoint-mismatch: \d+ checkpoints?, sizes? \d+/);
      await t.test('--json: every problem counted, at most 100 in full, the first naming record 12', () => {
        assert.deepEqual(
          report.summary.filter((entry) => entry.kind !== 'checkpoint-mismatch'),
          [
            { kind: 'changed', count: 36, first: [12, 13, 14, 15, 16], more: true },
            { kind: 'deleted', count: 4, first: [52, 53, 54, 55], more: false },
          ],
        );
        assert.equal(
          report.problemCount,
          report.summary.reduce((sum, entry) => sum + entry.count, 0),
        );
        assert.ok(report.problems.length === Math.min(100, report.problemCount));
        assert.deepEqual(recordProblems(report).slice(0, 2), [
          ['changed', 12],
          ['changed', 13],
        ]);
      });
    });
  });

  test('crash safety: after SIGKILL the ledger resumes with every record exactly once', async () => {
    const dataDir = await makeDataDir();
    scratch.push(dataDir);
    let server = await spawnServer(dataDir);
    for (let request = 0; request < 4; request++) {
      await ingest(
        server,
        Array.from({ length: 50 }, (_, i) => ({ message: `crash ${run} ${request * 50 + i}` })),
      );
    }
    const killed = new Promise<NodeJS.Signals | null>((resolve) => server.child.once('exit', (_code, signal) => resolve(signal)));
    server.child.kill('SIGKILL');
    assert.equal(await killed, 'SIGKILL');

    server = await spawnServer(dataDir);
    try {
      await ingest(
        server,
        Array.from({ length: 10 }, (_, i) => ({ message: `crash ${run} ${200 + i}` })),
      );
      await waitForCheckpoint(server, 212); // 210 events and two logwarden-started events; a kill records no stop
      const search = JSON.parse(await apiGet(server, '/api/v1/search?order=asc&limit=1000')) as { events: { 'event.sequence': number; message: string }[] };
      const sequences = search.events.map((event) => event['event.sequence']).sort((a, b) => a - b);
      assert.deepEqual(
        sequences,
        Array.from({ length: 212 }, (_, i) => i),
        'every sequence number 0..211 exactly once',
      );
      const messages = new Set(search.events.map((event) => event.message).filter((message) => message.startsWith(`crash ${run} `)));
      assert.equal(messages.size, 210, 'every message stored once');
      const count = await runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, 'count']);
      assert.equal(count.stdout.trim(), '213', 'and the search is on record (R-ACCESS-2)');
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const result = await verifyDir(dataDir);
    assertOk(result);
    assert.match(result.stdout, /: 215 records, .*verified up to size 215/, '212, the search and the count on record, and the stop');
  });
});

// CLI commands of the ledger: verify (a stopped data dir, or a running server), proof (fetch one
// record's evidence), verify-proof (check evidence with no access to the store), rotate-key.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { LogwardenError } from '../errors/codes.ts';
import { databaseNotes } from '../ledger/checkpoint-notes.ts';
import { decodeVerifierKey, encodeVerifierKey, type VerifierKey } from '../ledger/checkpoint.ts';
import { checkEvidence, type Evidence } from '../ledger/evidence.ts';
import { ledgerDir, readVerifierKeys, rotateLedgerKey } from '../ledger/keys.ts';
import { readNotes, splitNotes, transparencyFilePath } from '../ledger/transparency-file.ts';
import { verifyLedger, type NamedNote, type ProblemSummary, type VerifyReport } from '../ledger/verify.ts';
import { loadConfig } from '../config/load.ts';
import { unreadableReason } from '../config/named-files.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { refuseWhileHeld } from '../store/data-dir-lock.ts';
import { createOwnerOnlyFiles } from '../store/data-dir-modes.ts';
import { withOfflineNote, type OfflineResult } from '../audit/offline-notes.ts';
import { getJson, LONG_TIMEOUT_MS, requestJson, resolveToken, type ClientOptions } from './client.ts';
import { evidence as evidenceContract, verifyReport } from '../contracts/ledger.ts';

interface VerifyFlags {
  dataDir?: string;
  node?: string;
  config?: string;
  fromCheckpoint: string[];
  publicKey: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerLedgerCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  program
    .command('verify')
    .description("recompute every record's leaf, rebuild the Merkle tree and check every signed checkpoint; exit 1 naming the first bad record")
    .option('--data-dir <dir>', "verify a stopped server's data dir (otherwise ask the server at --server)")
    .option('--node <name>', "with --data-dir: the node whose ledger to verify (default: the node of --config, else this host's default node name)")
    .option('--config <file>', "with --data-dir: the server's YAML configuration, for its node name")
    .option('--from-checkpoint <file>', 'also check against checkpoints kept elsewhere (an external witness copy); repeatable', collect, [])
    .option('--public-key <key>', "trust only this verifier key (C2SP form name+id+key), not the data dir's key list; repeatable", collect, [])
    .option('--json', 'print the report as JSON')
    .action(async (flags: VerifyFlags, command: Command) => {
      const external = await externalNotes(flags.fromCheckpoint);
      const dataDir = flags.dataDir;
      // Offline, the server cannot record the verification: it finds the note at its next start.
      const report = dataDir
        ? await withOfflineNote(
            dataDir,
            `verify --data-dir ${dataDir}`,
            async () => verifyDataDir({ dataDir, node: flags.node ?? (await loadConfig(flags.config)).node }, external, flags.publicKey),
            verifyNote,
            warnNoteUnwritable,
          )
        : await verifyServer(clientOptions(command), external);
      printReport(report, flags.json === true);
      process.exitCode = report.ok ? 0 : 1;
    });

  program
    .command('proof')
    .description('fetch the evidence for one record: the record, its inclusion proof and the signed checkpoint (JSON)')
    .argument('<seq>', "the record's event.sequence")
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (seq: string, flags: { out?: string }, command: Command) => {
      const options = clientOptions(command);
      const evidence = await getJson(evidenceContract, options, resolveToken(options, process.env), '/api/v1/ledger/proof/inclusion', { seq });
      const text = `${JSON.stringify(evidence, null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, text);
      else process.stdout.write(text);
    });

  program
    .command('verify-proof')
    .description("check one record's evidence (from `logwarden proof`) against a public key, with no access to the store")
    .requiredOption('--evidence <file>', 'evidence JSON: record, inclusion proof, checkpoint')
    .option('--public-key <key>', 'verifier key (C2SP form), or a file holding one key per line; repeatable', collect, [])
    .option('--keys <file>', 'verifier keys file, one key per line (a copy of <data-dir>/ledger/verifier-keys: every key, before and after rotations); repeatable', collect, [])
    .action(async (flags: { evidence: string; publicKey: string[]; keys: string[] }) => {
      if (flags.publicKey.length + flags.keys.length === 0) {
        throw new LogwardenError('LW_BAD_REQUEST', 'verify-proof needs the key(s) to trust: --keys FILE (a copy of <data-dir>/ledger/verifier-keys) or --public-key KEY');
      }
      const evidence = JSON.parse(await readFile(flags.evidence, 'utf8')) as Evidence;
      const result = checkEvidence(evidence, [...(await loadKeys(flags.publicKey)), ...(await loadKeyFiles(flags.keys))]);
      process.stdout.write(result.ok ? `OK: ${result.summary}\n` : `FAILED: ${result.reason}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });

  const ledger = program.command('ledger').description('ledger administration');
  ledger
    .command('rotate-key')
    .description('replace the checkpoint signing key (server stopped); old public keys are kept so old checkpoints still verify')
    .requiredOption('--data-dir <dir>', 'data directory')
    .action(async (flags: { dataDir: string }) => rotateKey(flags.dataDir));
}

async function rotateKey(dataDir: string): Promise<void> {
  await refuseWhileHeld(dataDir, 'ledger rotate-key');
  await refuseWithoutLedger(dataDir);
  createOwnerOnlyFiles();
  // Offline, the server cannot record the rotation: it finds the note at its next start.
  const rotated = (keys: Awaited<ReturnType<typeof rotateLedgerKey>>): OfflineResult => ({ outcome: 'success', summary: `new signing key for ${keys.origin}: ${encodeVerifierKey(keys.signer)}` });
  const keys = await withOfflineNote(dataDir, `ledger rotate-key --data-dir ${dataDir}`, () => rotateLedgerKey(dataDir), rotated, warnNoteUnwritable);
  process.stdout.write(`new signing key for ${keys.origin}: ${encodeVerifierKey(keys.signer)}\n`);
  process.stdout.write(`verifier keys (${keys.verifierKeys.length}) are in ${path.join(ledgerDir(dataDir), 'verifier-keys')}\n`);
}

/** The audit note of `verify --data-dir`: a verification that found problems is a success of the command, but says so. */
function verifyNote(report: VerifyReport): OfflineResult {
  const figures = `${report.records} records, ${report.checkpointsChecked} signed checkpoints`;
  return { outcome: 'success', summary: report.ok ? `ledger intact: ${figures}` : `ledger FAILED verification (${report.problemCount} problems): ${figures}` };
}

/** The command's own result stands, but its exit code says the audit trail will miss it. */
function warnNoteUnwritable(error: Error): void {
  process.stderr.write(`warning: could not leave the audit note in the data dir (${error.message}); this run will be missing from the audit trail\n`);
  process.exitCode = 1;
}

/** A mistyped --data-dir must not become a new data dir with a ledger of its own. */
async function refuseWithoutLedger(dataDir: string): Promise<void> {
  const keys = path.join(ledgerDir(dataDir), 'verifier-keys');
  const reason = await unreadableReason(keys);
  if (reason !== undefined) {
    throw new LogwardenError('LW_FILE_UNREADABLE', `ledger rotate-key: ${dataDir} holds no ledger (cannot read ${keys}: ${reason}); give the --data-dir of a server that has run`, { file: keys });
  }
}

/** A stopped server's data dir and the node whose ledger in it to check. */
interface StoppedLedger {
  readonly dataDir: string;
  readonly node: string;
}

async function verifyDataDir({ dataDir, node }: StoppedLedger, external: NamedNote[], pinnedKeys: string[]): Promise<VerifyReport> {
  createOwnerOnlyFiles(); // the engine writes into the data dir while it opens it
  const keys = pinnedKeys.length > 0 ? await loadKeys(pinnedKeys) : await readVerifierKeys(dataDir);
  if (keys.length === 0) throw new LogwardenError('LW_BAD_REQUEST', `no verifier keys in ${ledgerDir(dataDir)} and none given with --public-key`);
  const origin = await readFile(path.join(ledgerDir(dataDir), 'origin'), 'utf8').then(
    (text) => text.trim(),
    () => (keys[0] as VerifierKey).name,
  );
  const engine = new ChdbEngine(path.join(dataDir, 'clickhouse'));
  try {
    await refuseUnknownNode(engine, dataDir, node);
    const notes = [...(await databaseNotes(engine, node)), ...(await readNotes(transparencyFilePath(dataDir))).map((note) => ({ source: 'transparency file', note })), ...external];
    return await verifyLedger({ engine, node, origin, keys, notes, onProgress: progressPrinter() });
  } finally {
    await engine.close();
  }
}

/**
 * A node name that is not the data dir's (a typo, or the default of another host) would find no
 * leaves and no checkpoints, and verify nothing: name the nodes that are there instead.
 */
async function refuseUnknownNode(engine: ChdbEngine, dataDir: string, node: string): Promise<void> {
  const rows = await engine.query<{ node: string }>('SELECT DISTINCT node FROM (SELECT node FROM ledger_rounds UNION ALL SELECT node FROM ledger_checkpoints) ORDER BY node');
  const nodes = rows.map((row) => row.node);
  if (nodes.length === 0 || nodes.includes(node)) return;
  throw new LogwardenError(
    'LW_BAD_REQUEST',
    `${dataDir} holds no ledger of node "${node}"; it holds the ledger of: ${nodes.join(', ')} (give --node NAME, or --config with the server's configuration)`,
  );
}

async function verifyServer(given: ClientOptions, external: NamedNote[]): Promise<VerifyReport> {
  // The server answers only once it has read every record.
  const options = { ...given, timeoutMs: given.timeoutMs ?? LONG_TIMEOUT_MS };
  return requestJson(verifyReport, options, resolveToken(options, process.env), 'POST', '/api/v1/ledger/verify', {
    checkpoints: external.map((named) => named.note),
  });
}

async function externalNotes(files: readonly string[]): Promise<NamedNote[]> {
  const notes: NamedNote[] = [];
  for (const file of files) for (const note of splitNotes(await readFile(file, 'utf8'))) notes.push({ source: file, note });
  return notes;
}

/** Keys given inline (`name+id+key`) or as files of such lines. */
async function loadKeys(values: readonly string[]): Promise<VerifierKey[]> {
  const keys: VerifierKey[] = [];
  for (const value of values) keys.push(...(/^[^\s+]+\+[0-9a-f]{8}\+\S+$/.test(value.trim()) ? parseKeyLines(value) : await loadKeyFiles([value])));
  return keys;
}

async function loadKeyFiles(files: readonly string[]): Promise<VerifierKey[]> {
  const keys: VerifierKey[] = [];
  for (const file of files) {
    const reason = await unreadableReason(file);
    if (reason !== undefined) throw new LogwardenError('LW_FILE_UNREADABLE', `cannot read the verifier keys file ${file}: ${reason}`, { file });
    const found = parseKeyLines(await readFile(file, 'utf8'));
    if (found.length === 0) throw new LogwardenError('LW_BAD_REQUEST', `${file} holds no verifier key: expected lines like name+1a2b3c4d+base64key (a copy of <data-dir>/ledger/verifier-keys)`);
    keys.push(...found);
  }
  return keys;
}

function parseKeyLines(text: string): VerifierKey[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map(decodeVerifierKey);
}

function printReport(report: VerifyReport, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const rate = report.seconds > 0 ? Math.round(report.records / report.seconds) : report.records;
  const figures = `${report.records} records, ${report.checkpointsChecked} signed checkpoints, ${report.seconds.toFixed(2)} s (${rate} records/s)`;
  if (report.ok) {
    process.stdout.write(`OK: ledger intact: ${figures}; verified up to size ${report.verifiedSize}\n`);
    return;
  }
  const [first] = report.problems;
  const where = first?.seq === undefined ? '' : `first bad sequence number ${first.seq}: `;
  process.stdout.write(`FAILED: ${where}${first?.message ?? ''}\n`);
  for (const line of problemLines(report)) process.stdout.write(`  ${line}\n`);
  process.stdout.write(`(${figures})\n`);
}

/** A few problems are listed; more are summarised per kind (`--json` lists the first 100 in full). */
export function problemLines(report: Pick<VerifyReport, 'problems' | 'problemCount' | 'summary'>): string[] {
  if (report.problemCount <= SHOWN_IN_FULL) return report.problems.slice(1).map((problem) => `also: ${problem.message}`);
  const lines = [`in all ${report.problemCount} problems:`];
  for (const entry of report.summary) lines.push(`  ${summaryLine(entry)}`);
  lines.push(`--json lists the first ${report.problems.length} in full`);
  return lines;
}

/** Up to this many problems are printed one per line. */
const SHOWN_IN_FULL = 10;

/** `changed: 100 records: 17, 18, 19, 20, 21, …` or `checkpoint-mismatch: 3 checkpoints, sizes 20, 40, 61`. */
function summaryLine({ kind, count, first, more }: ProblemSummary): string {
  const plural = count === 1 ? '' : 's';
  const numbers = `${first.join(', ')}${more ? ', …' : ''}`;
  if (kind === 'checkpoint-mismatch' || kind === 'truncated') return `${kind}: ${count} checkpoint${plural}, size${first.length === 1 ? '' : 's'} ${numbers}`;
  if (first.length === 0) return `${kind}: ${count} checkpoint${plural}`; // signatures: no numbers to name
  return `${kind}: ${count} record${plural}: ${numbers}`;
}

/** A one-line progress bar on a terminal; silent when output is piped. */
function progressPrinter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    process.stderr.write(`\rverifying [${bar}] ${done}/${total}${done >= total ? '\n' : ''}`);
  };
}

#!/usr/bin/env node
// The logwarden command line: `serve` runs the server; the other commands talk to a running one.
import { Command, Option } from 'commander';
import { countResponse, searchResponse } from '../contracts/search.ts';
import { loadConfig, validateConfigFile, type ConfigOverrides } from '../config/load.ts';
import { preflight } from '../config/preflight.ts';
import { LogwardenError } from '../errors/codes.ts';
import { createLogger } from '../observability/logger.ts';
import { DEFAULT_SERVER, getJson, resolveToken, type ClientOptions } from './client.ts';
import { parseDurationMs } from './duration.ts';
import { parseServerUrl } from './server-url.ts';
import { registerFieldsCommand } from './fields-command.ts';
import { formatTable } from './format-table.ts';
import { quietOnClosedPipe } from './closed-pipe.ts';
import { registerLedgerCommands } from './ledger-commands.ts';
import { registerParseCommand } from './parse-command.ts';
import { stopOnSignals } from './stop-signals.ts';
import { timeFlag } from './time-flag.ts';
import { registerTokenCommands } from './token-commands.ts';
import { registerAccessCommands } from './access-commands.ts';
import { registerSystemsCommands } from './systems-commands.ts';
import { registerRuleCommands } from './rule-commands.ts';
import { registerDetectionCommands } from './detection-commands.ts';
import { registerUserCommands } from './user-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerAlertCommands } from './alert-commands.ts';
import { registerTailCommand } from './tail-command.ts';

interface ServeFlags extends ConfigOverrides {
  config?: string;
}

function clientOptions(command: Command): ClientOptions {
  const flags = command.optsWithGlobals<{ server: string; tokenFile?: string; timeout?: string }>();
  return {
    server: parseServerUrl(flags.server).href, // a bad --server is named before anything else

    ...(flags.tokenFile ? { tokenFile: flags.tokenFile } : {}),
    ...(flags.timeout === undefined ? {} : { timeoutMs: parseDurationMs('--timeout', flags.timeout) }),
  };
}

async function serve(flags: ServeFlags): Promise<void> {
  const { config: file, ...overrides } = flags;
  const config = await loadConfig(file, overrides);
  // Checked before anything is created: a refused start leaves no data dir, token or engine file.
  const refused = await preflight(config);
  if (refused.length > 0) {
    for (const problem of refused) process.stderr.write(`${problem.code}: ${problem.message}\n`);
    process.exitCode = refused.some((problem) => problem.code === 'LW_CONFIG_INVALID') ? 2 : 1;
    return;
  }
  const logger = createLogger(config.log.level);
  const started = stopOnSignals(logger, config.storage.stopTimeoutMs);
  // Loaded here, not at the top: the server's modules take about 0.1 s to load, which every other
  // command (verify among them) would pay for nothing.
  const { startServer } = await import('../server.ts');
  started(await startServer(config, logger));
}

async function search(query: string, flags: { from?: string; to?: string; limit: string; format: string; cursor?: string; printCursor?: boolean }, command: Command): Promise<void> {
  const options = clientOptions(command);
  // A cursor carries its search's query and range: the server refuses others next to it.
  const params = flags.cursor === undefined ? { q: query, from: flags.from, to: flags.to } : { cursor: flags.cursor, q: query === '' ? undefined : query, from: flags.from, to: flags.to };
  const result = await getJson(searchResponse, options, resolveToken(options, process.env), '/api/v1/search', { ...params, limit: flags.limit });
  if (flags.format === 'table') process.stdout.write(`${formatTable(result.events)}\n`);
  else for (const event of result.events) process.stdout.write(`${JSON.stringify(event)}\n`);
  // On stderr, so that stdout stays the events alone: for a person at a terminal, or when asked.
  if (result.cursor !== undefined && (flags.printCursor === true || process.stderr.isTTY)) process.stderr.write(`more events: logwarden search --cursor ${result.cursor}\n`);
}

async function count(query: string, flags: { from?: string; to?: string }, command: Command): Promise<void> {
  const options = clientOptions(command);
  const result = await getJson(countResponse, options, resolveToken(options, process.env), '/api/v1/count', { q: query, from: flags.from, to: flags.to });
  process.stdout.write(`${result.count}\n`);
}

async function validate(file: string): Promise<void> {
  await validateConfigFile(file);
  process.stdout.write(`${file}: valid\n`);
}

export function buildProgram(): Command {
  const program = new Command('logwarden')
    .description('Tamper-evident log management: collect, store, search')
    .option('--server <url>', 'URL of a running logwarden (HOST:PORT means http://HOST:PORT)', DEFAULT_SERVER)
    .option('--token-file <file>', 'file holding an API token (default: $LOGWARDEN_TOKEN, then ./data/secrets/initial-admin-token)')
    .option('--timeout <duration>', 'longest wait for the server to answer, and longest pause inside an answer, e.g. 30s or 5m (default 30s; 30m for verify); connecting waits at most 10s')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server: syslog and HTTP ingest, storage, search API')
    .option('--config <file>', 'YAML configuration file')
    .option('--data-dir <dir>', 'data directory (default ./data)')
    .option('--http <host:port>', 'HTTP API listener (default 127.0.0.1:9280)')
    .option('--http-tls-cert <file>', 'PEM certificate (chain) for HTTPS on the API listener (TLS 1.2+); loaded at start')
    .option('--http-tls-key <file>', 'PEM private key of that certificate')
    .option('--syslog-tcp <host:port>', 'syslog TCP listener (default 127.0.0.1:5514)')
    .option('--syslog-udp <host:port>', 'syslog UDP listener (default 127.0.0.1:5514)')
    .option('--syslog-tls <host:port>', 'syslog over TLS listener, RFC 5425 (default off; needs --tls-cert and --tls-key)')
    .option('--tls-cert <file>', 'PEM server certificate (chain) for syslog TLS; reloaded when it changes')
    .option('--tls-key <file>', 'PEM private key of that certificate')
    .option('--tls-client-ca <file>', 'PEM CA for client certificates: when given, syslog TLS clients must present one')
    .option('--relp <host:port>', 'RELP listener, rsyslog omrelp (default off)')
    .option('--relp-tls', 'RELP over TLS, with the --tls-cert, --tls-key and --tls-client-ca of syslog TLS')
    .option('--min-free-disk <size>', 'free-space reserve, e.g. 512MiB or 2GiB: below it new events are refused (default 1GiB)')
    .option('--disk-check-interval-ms <ms>', 'how often free space is checked (default 1000)', Number)
    .action(serve);

  program
    .command('search')
    .description('print events matching QUERY, newest first')
    .argument('[query]', 'query (see docs/query-language.md); empty matches everything', '')
    .option('--from <time>', 'ISO 8601 time, epoch ms, now-15m or now/d style; inclusive', timeFlag('--from'))
    .option('--to <time>', 'ISO 8601 time, epoch ms, now+1h or now/d style; exclusive', timeFlag('--to'))
    .option('--limit <n>', 'most events to print', '100')
    .option('--cursor <cursor>', 'continue a search after its last page (the cursor printed on stderr)')
    .option('--print-cursor', 'when more events match, print the cursor of the next page on stderr (at a terminal it always is)')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'table']).default('ndjson'))
    .action(search);

  program
    .command('count')
    .description('print the number of events matching QUERY')
    .argument('[query]', 'query; empty counts everything', '')
    .option('--from <time>', 'ISO 8601 time, epoch ms, now-15m or now/d style; inclusive', timeFlag('--from'))
    .option('--to <time>', 'ISO 8601 time, epoch ms, now+1h or now/d style; exclusive', timeFlag('--to'))
    .action(count);

  registerTailCommand(program, clientOptions);
  registerLedgerCommands(program, clientOptions);
  registerTokenCommands(program, clientOptions);
  registerAccessCommands(program, clientOptions);
  registerSystemsCommands(program, clientOptions);
  registerRuleCommands(program, clientOptions);
  registerDetectionCommands(program, clientOptions);
  registerUserCommands(program, clientOptions);
  registerAuditCommands(program, clientOptions);
  registerAlertCommands(program, clientOptions);
  registerFieldsCommand(program);
  registerParseCommand(program);

  const config = program.command('config').description('configuration tools');
  config.command('validate').description('check a configuration file and report every problem').argument('<file>').action(validate);
  return program;
}

async function main(): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    const message = error instanceof LogwardenError ? `${error.code}: ${error.message}` : describeUnexpected(error);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID' ? 2 : 1);
  }
}

/** A listener taken between the start checks and the bind still gets its code. */
function describeUnexpected(error: unknown): string {
  const errno = error as NodeJS.ErrnoException;
  if (errno.code === 'EADDRINUSE') return `LW_PORT_IN_USE: ${errno.message}: another process took the address while logwarden started; stop it or choose another port`;
  return `error: ${errno.stack ?? String(error)}`;
}

await main();

// CLI commands for API tokens. On a running server (a token with tokens.manage): create one named
// token per source or user, for a role and optionally some systems (printed once on stdout, so
// `TOKEN=$(logwarden token create --name web-1)` works), list the tokens (names, roles, times,
// state, hint, systems; never hashes) and revoke one. Offline, with the server stopped:
// recover-admin adds a new admin token to a data dir whose admin token was lost.
import { InvalidArgumentError, type Command } from 'commander';
import { recoverAdminToken, recoveredTokenName, recoveredTokenPath } from '../access/recover-admin.ts';
import { createTokenResponse, tokenInfo, tokenListResponse, type CreateTokenBody, type TokenInfoContract } from '../contracts/tokens.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';
import { systemClock } from '../runtime/clock.ts';

export function registerTokenCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const token = program.command('token').description('API tokens: create, list, revoke on a running server (admin token); recover-admin offline');
  token
    .command('create')
    .description('create a token for one source or user and print it; it is shown only this once')
    .requiredOption('--name <name>', 'unique name, e.g. the source it is for (stored as logwarden.source.identity)')
    // No fixed list: custom roles come from the server's configuration, which checks the name.
    .option('--role <role>', 'what the token may do: a role of the server (admin, analyst, auditor, reader, ingest, third-party or a custom one; `logwarden access matrix` lists them)', 'ingest')
    .option('--systems <a,b>', 'limit the token to these systems of the inventory (default: every system its role reads)', parseSystemList)
    .option('--expires <when>', 'expiry: a duration from now (90d, 12h, 2w) or an ISO 8601 time (default: never)')
    .action(async (flags: { name: string; role: string; systems?: string[]; expires?: string }, command: Command) => {
      const options = clientOptions(command);
      const body: CreateTokenBody = {
        name: flags.name,
        role: flags.role,
        ...(flags.systems === undefined ? {} : { systems: flags.systems }),
        ...(flags.expires === undefined ? {} : { expires: flags.expires }),
      };
      const created = await requestJson(createTokenResponse, options, resolveToken(options, process.env), 'POST', '/api/v1/tokens', body);
      const expiry = created.expiresAt ? `, expires ${created.expiresAt}` : '';
      const systems = created.systems ? `, systems ${created.systems.join(', ')}` : '';
      process.stderr.write(`created token "${created.name}" (role ${created.role}${systems}${expiry}); it is shown only once:\n`);
      process.stdout.write(`${created.token}\n`);
    });
  token
    .command('list')
    .description('list tokens: name, role, created at, state (active, expired, revoked), expires at, hint, systems (all: every system its role reads)')
    .action(async (_flags: unknown, command: Command) => {
      const options = clientOptions(command);
      const { tokens } = await getJson(tokenListResponse, options, resolveToken(options, process.env), '/api/v1/tokens', {});
      for (const info of tokens) process.stdout.write(`${formatTokenLine(info)}\n`);
    });
  token
    .command('revoke')
    .description('revoke the active token NAME: it is refused (401) from now on')
    .argument('<name>', 'the token name, as `token list` shows it')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const options = clientOptions(command);
      const revoked = await requestJson(tokenInfo, options, resolveToken(options, process.env), 'DELETE', `/api/v1/tokens/${encodeURIComponent(name)}`);
      process.stderr.write(`revoked token "${revoked.name}" (role ${revoked.role}) at ${revoked.revokedAt}\n`);
    });
  token
    .command('recover-admin')
    .description('offline, with the server stopped: add a new admin token to DIR, leaving every other token as it is')
    .option('--data-dir <dir>', 'data directory of the stopped server', './data')
    .option('--name <name>', 'name of the new admin token (default recovered-admin-<UTC time>)')
    .option('--out <file>', 'where to write the token, mode 0600 (default <data-dir>/secrets/recovered-admin-token)')
    .action(async (flags: { dataDir: string; name?: string; out?: string }) => {
      const now = systemClock.now();
      const recovered = await recoverAdminToken(flags.dataDir, {
        name: flags.name ?? recoveredTokenName(now),
        tokenFile: flags.out ?? recoveredTokenPath(flags.dataDir),
        now,
      });
      process.stderr.write(`added admin token "${recovered.info.name}"; it is in ${recovered.tokenFile} (mode 0600). Start the server and use it with --token-file ${recovered.tokenFile}\n`);
    });
}

/** One tab-separated line: name, role, created, state, expires (or -), hint (or -), systems (or all). */
export function formatTokenLine(info: TokenInfoContract): string {
  return [info.name, info.role, info.createdAt, info.state, info.expiresAt ?? '-', info.hint ? `lw_${info.hint}…` : '-', info.systems?.join(',') ?? 'all'].join('\t');
}

/** `--systems web,db` as a list; empty entries are dropped, an empty list is refused. */
export function parseSystemList(text: string): string[] {
  const systems = text
    .split(',')
    .map((one) => one.trim())
    .filter((one) => one !== '');
  if (systems.length === 0) throw new InvalidArgumentError('expected system names separated by commas, e.g. web,db');
  return systems;
}

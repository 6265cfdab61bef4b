// CLI commands for API tokens on a running server (admin token needed): create one named token per
// source (printed once on stdout, so `TOKEN=$(logwarden token create --name web-1)` works) and list
// the tokens (names, roles, creation times; never hashes).
import { Option, type Command } from 'commander';
import type { TokenInfo } from '../access/tokens.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';

export function registerTokenCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const token = program.command('token').description('API tokens on a running server (needs an admin token)');
  token
    .command('create')
    .description('create a token for one source or user and print it; it is shown only this once')
    .requiredOption('--name <name>', 'unique name, e.g. the source it is for (stored as logwarden.source.identity)')
    .addOption(new Option('--role <role>', 'what the token may do').choices(['ingest', 'reader', 'admin']).default('ingest'))
    .action(async (flags: { name: string; role: string }, command: Command) => {
      const options = clientOptions(command);
      const created = await requestJson<{ name: string; role: string; token: string }>(options, resolveToken(options, process.env), 'POST', '/api/v1/tokens', {
        name: flags.name,
        role: flags.role,
      });
      process.stderr.write(`created token "${created.name}" (role ${created.role}); it is shown only once:\n`);
      process.stdout.write(`${created.token}\n`);
    });
  token
    .command('list')
    .description('list tokens: name, role, created at')
    .action(async (_flags: unknown, command: Command) => {
      const options = clientOptions(command);
      const { tokens } = await getJson<{ tokens: TokenInfo[] }>(options, resolveToken(options, process.env), '/api/v1/tokens', {});
      for (const info of tokens) process.stdout.write(`${info.name}\t${info.role}\t${info.createdAt}\n`);
    });
}

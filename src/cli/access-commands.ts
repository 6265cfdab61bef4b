// `logwarden access matrix`: the running server's access-rights matrix (R-ACCESS-1: access rights
// documented) — roles × permissions with each role's systems and masking profile, then who holds
// each role (active tokens, enabled users) and what they read. Needs a token with audit.read.
import type { Command } from 'commander';
import { holderLines, matrixTable } from '../access/access-matrix.ts';
import { accessMatrixResponse } from '../contracts/access.ts';
import { getJson, resolveToken, type ClientOptions } from './client.ts';

export function registerAccessCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const access = program.command('access').description('who may do what on a running server (a token with audit.read)');
  access
    .command('matrix')
    .description('print the access-rights matrix: roles × permissions, each role’s systems and masking, and who holds each role')
    .option('--json', 'print the server’s answer as JSON (with every route and the permission it needs)')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const options = clientOptions(command);
      const matrix = await getJson(accessMatrixResponse, options, resolveToken(options, process.env), '/api/v1/access/matrix', {});
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(matrix, null, 2)}\n`);
        return;
      }
      const lines = [...matrixTable(matrix.roles), '', `systems: ${matrix.systems.join(', ')}`, '', 'holders:', ...holderLines(matrix.roles).map((line) => `  ${line}`)];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

// CLI commands for the systems inventory on a running server (docs/systems.md): `logwarden systems`
// lists each system with its events today, last seen, senders and worst clock skew;
// `logwarden systems coverage NAME` shows which required fields (R-FIELDS-1) its events carry.
import { Option, type Command } from 'commander';
import { coverageResponse, systemsResponse } from '../contracts/systems.ts';
import { getJson, resolveToken, type ClientOptions } from './client.ts';
import { formatCoverage, formatSystems } from './systems-format.ts';
import { timeFlag } from './time-flag.ts';

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function registerSystemsCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const systems = program
    .command('systems')
    .description('the systems inventory: each system with events today, last seen, sources and worst clock skew; `systems coverage NAME` for its field coverage')
    .addOption(formatOption())
    .action(async (flags: { format: string }, command: Command) => {
      const options = clientOptions(command);
      const answer = await getJson(systemsResponse, options, resolveToken(options, process.env), '/api/v1/systems', {});
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(answer)}\n` : `${formatSystems(answer)}\n`);
    });
  systems
    .command('coverage')
    .description('which of the required fields (R-FIELDS-1) the events of system NAME carry, in percent, overall and per source')
    .argument('<name>', 'the system, as `logwarden systems` lists it (also unassigned, logwarden)')
    .option('--from <time>', 'received from (event.ingested; ISO 8601, epoch ms, now-7d); default 24 h before --to', timeFlag('--from'))
    .option('--to <time>', 'received before (default now)', timeFlag('--to'))
    .addOption(formatOption())
    .action(async (name: string, flags: { from?: string; to?: string; format: string }, command: Command) => {
      const options = clientOptions(command);
      // `systems` has a --format of its own, which commander hands the flag to wherever it stands.
      const format = flags.format === 'json' || command.optsWithGlobals<{ format: string }>().format === 'json' ? 'json' : 'table';
      const answer = await getJson(coverageResponse, options, resolveToken(options, process.env), `/api/v1/systems/${encodeURIComponent(name)}/coverage`, { from: flags.from, to: flags.to });
      process.stdout.write(format === 'json' ? `${JSON.stringify(answer)}\n` : `${formatCoverage(answer)}\n`);
    });
}

// `logwarden alerts …` and `logwarden silences …` (docs/alerting.md): the alerting API from the
// command line, as tables for people or NDJSON, exactly the objects the API answers.
// SCAFFOLD: filled in by the API work.
import type { Command } from 'commander';
import type { ClientOptions } from './client.ts';

export function registerAlertCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  void program;
  void clientOptions;
}

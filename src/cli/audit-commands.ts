// `logwarden audit`: the audit trail, filtered by time and action.
//
// SCAFFOLD (issue 13): the audit helper builds this.
import type { Command } from 'commander';
import type { ClientOptions } from './client.ts';

export function registerAuditCommands(_program: Command, _clientOptions: (command: Command) => ClientOptions): void {}

// `logwarden user add|list|disable|passwd|roles`: user administration on a running server.
//
// SCAFFOLD (issue 13): the users helper builds these.
import type { Command } from 'commander';
import type { ClientOptions } from './client.ts';

export function registerUserCommands(_program: Command, _clientOptions: (command: Command) => ClientOptions): void {}

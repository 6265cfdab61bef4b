// `logwarden user add|list|disable|enable|passwd|roles`: user administration on a running server
// (a token or user with users.manage; the initial admin token will do). Passwords are read from a
// file (one trailing newline dropped), never from the command line, where `ps` and shell history
// would show them.
import { statSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { userInfo, userListResponse, type AddUserBody, type SetRolesBody, type UserInfoContract } from '../contracts/users.ts';
import { LogwardenError } from '../errors/codes.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';

export function registerUserCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const user = program.command('user').description('local users who sign in with a password: add, list, disable, enable, passwd, roles (on a running server; needs users.manage)');
  const call = (command: Command, method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<UserInfoContract> => {
    const options = clientOptions(command);
    return requestJson(userInfo, options, resolveToken(options, process.env), method, route, body);
  };
  user
    .command('add')
    .description('add a user with a role; without --systems it reads every system its role reads')
    .argument('<name>', 'user name: letters, digits, ".", "_", "-", "@"')
    .requiredOption('--role <role>', 'its role: admin, analyst, auditor, reader, ingest, third-party or one of access.roles')
    .option('--systems <list>', 'comma-separated systems it is limited to (within its role’s)')
    .requiredOption('--password-file <file>', 'file holding the password (one trailing newline is dropped)')
    .action(async (name: string, flags: { role: string; systems?: string; passwordFile: string }, command: Command) => {
      const body: AddUserBody = { name, role: flags.role, ...systemsFlag(flags.systems), password: readPasswordFile(flags.passwordFile) };
      const added = await call(command, 'POST', '/api/v1/users', body);
      process.stderr.write(`added user "${added.name}" (role ${added.role}, ${describeSystems(added)})\n`);
    });
  user
    .command('list')
    .description('list users: name, role, systems, state (enabled, disabled, locked until …), created at, password changed at')
    .action(async (_flags: unknown, command: Command) => {
      const options = clientOptions(command);
      const { users } = await getJson(userListResponse, options, resolveToken(options, process.env), '/api/v1/users', {});
      for (const info of users) process.stdout.write(`${formatUserLine(info)}\n`);
    });
  for (const change of ['disable', 'enable'] as const) {
    user
      .command(change)
      .description(change === 'disable' ? 'disable user NAME: it cannot sign in, and its sessions end now' : 'enable user NAME again (also ends a lockout)')
      .argument('<name>')
      .action(async (name: string, _flags: unknown, command: Command) => {
        const info = await call(command, 'POST', `/api/v1/users/${encodeURIComponent(name)}/${change}`);
        process.stderr.write(`user "${info.name}" is ${info.disabled ? 'disabled' : 'enabled'}\n`);
      });
  }
  user
    .command('passwd')
    .description("set user NAME's password (ends its lockout and its sessions)")
    .argument('<name>')
    .requiredOption('--password-file <file>', 'file holding the new password (one trailing newline is dropped)')
    .action(async (name: string, flags: { passwordFile: string }, command: Command) => {
      const info = await call(command, 'PUT', `/api/v1/users/${encodeURIComponent(name)}/password`, { password: readPasswordFile(flags.passwordFile) });
      process.stderr.write(`password of user "${info.name}" set\n`);
    });
  user
    .command('roles')
    .description("replace user NAME's role and systems (without --systems: every system its role reads); applies to its sessions at once")
    .argument('<name>')
    .requiredOption('--role <role>', 'its new role')
    .option('--systems <list>', 'comma-separated systems it is limited to')
    .action(async (name: string, flags: { role: string; systems?: string }, command: Command) => {
      const body: SetRolesBody = { role: flags.role, ...systemsFlag(flags.systems) };
      const info = await call(command, 'PUT', `/api/v1/users/${encodeURIComponent(name)}/roles`, body);
      process.stderr.write(`user "${info.name}" now has role ${info.role} (${describeSystems(info)})\n`);
    });
}

/** One tab-separated line: name, role, systems (* for every one), state, created at, password changed at. */
export function formatUserLine(info: UserInfoContract): string {
  const state = info.disabled ? 'disabled' : info.lockedUntil ? `locked until ${info.lockedUntil}` : 'enabled';
  return [info.name, info.role, info.systems?.join(',') ?? '*', state, info.createdAt, info.passwordChangedAt ?? '-'].join('\t');
}

function systemsFlag(list: string | undefined): { systems?: string[] } {
  if (list === undefined) return {};
  const systems = list
    .split(',')
    .map((one) => one.trim())
    .filter((one) => one !== '');
  return { systems };
}

function describeSystems(info: UserInfoContract): string {
  return info.systems === undefined ? 'every system of its role' : `systems ${info.systems.join(', ') || 'none'}`;
}

/** The password in FILE without its trailing newline; a file others may read is used, with a warning. */
export function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    if ((statSync(file).mode & 0o077) !== 0) process.stderr.write(`warning: ${file} can be read by other users (chmod 600 it, or delete it once the password is set)\n`);
  } catch (error) {
    throw new LogwardenError('LW_FILE_UNREADABLE', `cannot read password file ${file}: ${(error as Error).message}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new LogwardenError('LW_BAD_REQUEST', `password file ${file} is empty`);
  return password;
}

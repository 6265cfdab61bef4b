// Local users: name, argon2id password hash, role, systems, disabled flag, failed sign-ins and
// lockout. Kept in `<data-dir>/secrets/users.json` (0600, replaced atomically) like the tokens, so
// password hashes never reach the engine, the ledger or any answer; every change is an audit event
// (the user routes' `user-change`).
//
// A sign-in costs one argon2id verification whatever happens: an unknown name is verified against
// a dummy hash, a disabled or locked-out user's password is still verified, so how long a refusal
// takes does not tell which names exist. `maxFailures` failed sign-ins within `windowSeconds` lock
// the user out for `lockoutSeconds`, even with the right password; the counts are in the file, so
// a restart does not reset them. A change is made in memory first and undone if it cannot be
// written, like the tokens' (tokens.ts).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';
import { checkPassword } from './password-policy.ts';
import { DEFAULT_HASH_PARAMETERS, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { Grant } from './roles.ts';
import { SecretFileWriter } from './secret-file.ts';
import { signInConfigOf, type SignInConfig, type SignInSettings } from './sign-in-schema.ts';

export { USER_NAME_PATTERN } from '../contracts/users.ts';

export interface UserRecord {
  readonly name: string;
  readonly role: string;
  /** The systems the user is limited to (within its role's); every system the role reads when absent. */
  readonly systems?: readonly string[];
  /** PHC string of the argon2id hash (passwords.ts). */
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly passwordChangedAt: string;
  /** Failed sign-ins counted since `failureWindowStart` (ISO time). */
  readonly failures?: number;
  readonly failureWindowStart?: string;
  readonly lockedUntil?: string;
}

/** What may be shown about a user: never the hash. */
export interface UserInfo {
  readonly name: string;
  readonly role: string;
  readonly systems?: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly passwordChangedAt?: string;
  readonly lockedUntil?: string;
}

export interface NewUser {
  readonly name: string;
  readonly role: string;
  readonly systems?: readonly string[] | undefined;
  readonly password: string;
}

/** Why a sign-in was refused: for the log and the audit trail only; the caller is told the same thing for all. */
export type SignInFailure = 'unknown-user' | 'wrong-password' | 'disabled' | 'locked-out';

export type SignInResult = { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly reason: SignInFailure; readonly lockedNow: boolean };

export class UserStore {
  readonly #file: string;
  readonly #config: SignInConfig;
  #records: UserRecord[] = [];
  /** Writes of users.json, one at a time and in order. */
  readonly #writer: SecretFileWriter;

  /** `config`: access.users (any part left out takes its default). */
  constructor(secretsDir: string, config: SignInSettings | undefined) {
    this.#file = path.join(secretsDir, 'users.json');
    this.#writer = new SecretFileWriter(this.#file);
    this.#config = signInConfigOf(config);
  }

  get file(): string {
    return this.#file;
  }

  get config(): SignInConfig {
    return this.#config;
  }

  /** Load the users file; none yet means no users. */
  async open(): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    try {
      this.#records = JSON.parse(await readFile(this.#file, 'utf8')) as UserRecord[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#records = [];
    }
  }

  /** Add a user; its password must meet the policy. Names are unique (case-sensitive, like tokens). */
  async add(user: NewUser, createdBy: string, now: number): Promise<UserInfo> {
    if (this.#find(user.name)) throw new LogwardenError('LW_BAD_REQUEST', `a user named "${user.name}" already exists; see logwarden user list`, { name: user.name });
    checkPassword(user.password, user.name, this.#config.passwordPolicy);
    const at = new Date(now).toISOString();
    const record: UserRecord = {
      name: user.name,
      role: user.role,
      ...(user.systems === undefined ? {} : { systems: [...user.systems] }),
      passwordHash: await hashPassword(user.password),
      disabled: false,
      createdAt: at,
      createdBy,
      passwordChangedAt: at,
    };
    if (this.#find(user.name)) throw new LogwardenError('LW_BAD_REQUEST', `a user named "${user.name}" already exists; see logwarden user list`, { name: user.name });
    this.#records = [...this.#records, record];
    await this.#save(() => (this.#records = this.#records.filter((one) => one !== record)));
    return describe(record, now);
  }

  /** Check a sign-in; see the file's head for why every path costs one verification. */
  async attempt(name: string, password: string, now: number): Promise<SignInResult> {
    const record = this.#find(name);
    if (!record) {
      await verifyAgainstDummy(password);
      return { ok: false, reason: 'unknown-user', lockedNow: false };
    }
    const matches = await verifyPassword(password, record.passwordHash);
    const current = this.#find(name) ?? record; // another request may have changed it meanwhile
    if (current.disabled) return { ok: false, reason: 'disabled', lockedNow: false };
    if (lockedUntil(current) > now) return { ok: false, reason: 'locked-out', lockedNow: false };
    if (!matches) return { ok: false, reason: 'wrong-password', lockedNow: await this.#countFailure(current, now) };
    await this.#succeeded(current, password, now);
    return { ok: true, grant: grantFrom(current) };
  }

  /** The grant of a user whose password is right, who is enabled and not locked out; undefined otherwise. */
  async signIn(name: string, password: string, now: number): Promise<Grant | undefined> {
    const result = await this.attempt(name, password, now);
    return result.ok ? result.grant : undefined;
  }

  /** The grant of an enabled user by name (sessions re-read it at every request); undefined when unknown or disabled. */
  grantOf(name: string): Grant | undefined {
    const record = this.#find(name);
    return record && !record.disabled ? grantFrom(record) : undefined;
  }

  get(name: string, now: number): UserInfo | undefined {
    const record = this.#find(name);
    return record && describe(record, now);
  }

  /** Every user, oldest first, without hashes. */
  list(now: number): UserInfo[] {
    return this.#records.map((record) => describe(record, now));
  }

  /** Set a new password (policy checked); it also ends a lockout. */
  async setPassword(name: string, password: string, now: number): Promise<UserInfo> {
    this.#existing(name); // an unknown name is refused before the hash is spent
    checkPassword(password, name, this.#config.passwordPolicy);
    const passwordHash = await hashPassword(password);
    return this.#change(name, now, () => ({ ...withoutLockout(this.#existing(name)), passwordHash, passwordChangedAt: new Date(now).toISOString() }));
  }

  /** A user's own change: the current password must be right (and counts as a failed sign-in when wrong). */
  async changeOwnPassword(name: string, currentPassword: string, newPassword: string, now: number): Promise<UserInfo> {
    const result = await this.attempt(name, currentPassword, now);
    if (!result.ok) throw new LogwardenError('LW_SIGN_IN_FAILED', 'the current password is wrong, or the user is disabled or locked out');
    return this.setPassword(name, newPassword, now);
  }

  /** Replace the role and systems (without systems: every system the role reads). */
  async setRole(name: string, role: string, systems: readonly string[] | undefined, now: number): Promise<UserInfo> {
    return this.#change(name, now, () => {
      const { systems: _old, ...rest } = this.#existing(name);
      return { ...rest, role, ...(systems === undefined ? {} : { systems: [...systems] }) };
    });
  }

  /** Disable or enable; enabling also ends a lockout. Disabled users cannot sign in and their sessions are refused. */
  async setDisabled(name: string, disabled: boolean, now: number): Promise<UserInfo> {
    return this.#change(name, now, () => {
      const record = this.#existing(name);
      return disabled ? { ...record, disabled } : { ...withoutLockout(record), disabled };
    });
  }

  /** Count a failed sign-in; true when this one starts a lockout. */
  async #countFailure(record: UserRecord, now: number): Promise<boolean> {
    const { maxFailures, windowSeconds, lockoutSeconds } = this.#config.lockout;
    if (maxFailures === 0) return false;
    const windowStart = record.failureWindowStart === undefined ? Number.NaN : Date.parse(record.failureWindowStart);
    const fresh = !(now - windowStart < windowSeconds * 1000);
    const failures = (fresh ? 0 : (record.failures ?? 0)) + 1;
    const base = withoutLockout(record);
    const next: UserRecord =
      failures >= maxFailures
        ? { ...base, lockedUntil: new Date(now + lockoutSeconds * 1000).toISOString() }
        : { ...base, failures, failureWindowStart: fresh ? new Date(now).toISOString() : (record.failureWindowStart as string) };
    await this.#change(record.name, now, () => next);
    return next.lockedUntil !== undefined;
  }

  /** A success clears the failure count, and replaces a hash made with weaker parameters. */
  async #succeeded(record: UserRecord, password: string, now: number): Promise<void> {
    const rehash = needsRehash(record.passwordHash, DEFAULT_HASH_PARAMETERS);
    if (!rehash && record.failures === undefined && record.lockedUntil === undefined) return;
    const passwordHash = rehash ? await hashPassword(password) : record.passwordHash;
    await this.#change(record.name, now, () => ({ ...withoutLockout(this.#existing(record.name)), passwordHash }));
  }

  /** Replace one user's record with `make()`'s, write the file, undo on failure. */
  async #change(name: string, now: number, make: () => UserRecord): Promise<UserInfo> {
    const before = this.#existing(name);
    const after = make();
    this.#records = this.#records.map((one) => (one === before ? after : one));
    await this.#save(() => (this.#records = this.#records.map((one) => (one === after ? before : one))));
    return describe(after, now);
  }

  #find(name: string): UserRecord | undefined {
    return this.#records.find((record) => record.name === name);
  }

  #existing(name: string): UserRecord {
    const record = this.#find(name);
    if (!record) throw new LogwardenError('LW_NOT_FOUND', `no user named "${name}"; see logwarden user list`, { name });
    return record;
  }

  /** Write the current list after the writes before it; on failure undo the change and throw. */
  #save(undo: () => void): Promise<void> {
    return this.#writer.save(this.#records, undo);
  }
}

function grantFrom(record: UserRecord): Grant {
  return { kind: 'user', name: record.name, role: record.role, ...(record.systems === undefined ? {} : { systems: record.systems }) };
}

function lockedUntil(record: UserRecord): number {
  return record.lockedUntil === undefined ? 0 : Date.parse(record.lockedUntil);
}

function withoutLockout(record: UserRecord): UserRecord {
  const { failures: _failures, failureWindowStart: _start, lockedUntil: _locked, ...rest } = record;
  return rest;
}

function describe(record: UserRecord, now: number): UserInfo {
  const { name, role, systems, disabled, createdAt, createdBy, passwordChangedAt } = record;
  const locked = lockedUntil(record) > now ? record.lockedUntil : undefined;
  return {
    name,
    role,
    ...(systems === undefined ? {} : { systems }),
    disabled,
    createdAt,
    ...(createdBy === undefined ? {} : { createdBy }),
    passwordChangedAt,
    ...(locked === undefined ? {} : { lockedUntil: locked }),
  };
}

// API tokens. Only SHA-256 hashes of tokens are kept (`<data-dir>/secrets/tokens.json`, 0600), so a
// copy of the data dir does not hand out credentials. On first start an admin token is created
// and written once to `<data-dir>/secrets/initial-admin-token` (0600) for the operator to pick up;
// its path is logged, never its value.
//
// A token may carry an expiry and may be revoked. A revoked or expired token stays in the file
// (so `token list` can say what happened to it) and its name may be used again; at most one token
// per name is active. Revocation takes effect in memory before it is written, so it is refused at
// once; the file is replaced atomically (write, fsync, rename), never left half written.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';
import { SecretFileWriter, writeSecret } from './secret-file.ts';

export { writeSecret };

import type { Grant } from './roles.ts';

/** A role's name: built in (roles.ts) or from `access.roles`; checked against the roles in force when a token is created. */
export type Role = string;

/** 1 to 64 letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export { TOKEN_NAME_PATTERN } from '../contracts/tokens.ts';
export type TokenState = 'active' | 'expired' | 'revoked';

export interface TokenRecord {
  readonly name: string;
  readonly role: Role;
  /** The systems the token is limited to (within its role's); every system the role reads when absent. */
  readonly systems?: readonly string[];
  /** hex SHA-256 of the token */
  readonly sha256: string;
  readonly createdAt: string;
  /** The first 6 characters after `lw_` (what log redaction keeps), for telling tokens apart. */
  readonly hint?: string;
  readonly createdBy?: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  /** false for a token created offline (recover-admin): the next server start records it in the ledger. */
  readonly recorded?: false;
}

/** What may be shown about a token: never its hash. */
export interface TokenInfo {
  readonly name: string;
  readonly role: Role;
  readonly systems?: readonly string[];
  readonly createdAt: string;
  readonly state: TokenState;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly hint?: string;
}

export type AuthResult =
  { readonly ok: true; readonly grant: Grant } | { readonly ok: false; readonly reason: 'invalid' } | { readonly ok: false; readonly reason: 'expired' | 'revoked'; readonly name: string };

export interface CreateOptions {
  readonly now: number;
  /** Epoch ms after which the token is refused. */
  readonly expiresAt?: number | undefined;
  /** Who created it, for the record (a token name, or e.g. `recover-admin`). */
  readonly createdBy?: string | undefined;
  /** Created without a running server: to be recorded in the ledger at its next start. */
  readonly offline?: boolean;
  /** Limit the token to these systems; absent: every system its role reads. */
  readonly systems?: readonly string[] | undefined;
}

export class TokenStore {
  readonly #file: string;
  #records: TokenRecord[] = [];
  /** Writes of tokens.json, one at a time and in order. */
  readonly #writer: SecretFileWriter;

  constructor(secretsDir: string) {
    this.#file = path.join(secretsDir, 'tokens.json');
    this.#writer = new SecretFileWriter(this.#file);
  }

  static secretsDir(dataDir: string): string {
    return path.join(dataDir, 'secrets');
  }

  static initialAdminTokenPath(dataDir: string): string {
    return path.join(TokenStore.secretsDir(dataDir), 'initial-admin-token');
  }

  get file(): string {
    return this.#file;
  }

  /** Load the token list; on first start create the admin token. Returns its path when created. */
  async open(dataDir: string, now: number): Promise<string | undefined> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    if (await this.load()) return undefined;
    const { token } = await this.create('initial-admin', 'admin', { now, createdBy: 'first start' });
    const tokenPath = TokenStore.initialAdminTokenPath(dataDir);
    await writeSecret(tokenPath, `${token}\n`);
    return tokenPath;
  }

  /** Load an existing token list; false when there is none yet. */
  async load(): Promise<boolean> {
    try {
      this.#records = JSON.parse(await readFile(this.#file, 'utf8')) as TokenRecord[];
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Create a token and return it; only its hash is stored. Active names are unique. */
  async create(name: string, role: Role, options: CreateOptions): Promise<{ token: string; info: TokenInfo }> {
    if (this.#active(name, options.now)) {
      throw new LogwardenError('LW_BAD_REQUEST', `a token named "${name}" already exists; choose another name, or revoke that one first`, { name });
    }
    const token = `lw_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      name,
      role,
      ...(options.systems === undefined ? {} : { systems: [...options.systems] }),
      sha256: sha256Hex(token),
      createdAt: new Date(options.now).toISOString(),
      hint: token.slice(3, 9),
      ...(options.createdBy === undefined ? {} : { createdBy: options.createdBy }),
      ...(options.expiresAt === undefined ? {} : { expiresAt: new Date(options.expiresAt).toISOString() }),
      ...(options.offline ? { recorded: false as const } : {}),
    };
    this.#records.push(record);
    await this.#save(() => (this.#records = this.#records.filter((one) => one !== record))); // not saved: not valid
    return { token, info: describe(record, options.now) };
  }

  /**
   * Revoke the active token of that name: refused from now on. The last active admin token cannot
   * be revoked (that would leave nobody able to administer the server).
   */
  async revoke(name: string, revokedBy: string, now: number): Promise<TokenInfo> {
    const record = this.#active(name, now);
    if (!record) throw this.#notActive(name, now);
    if (record.role === 'admin' && this.#records.filter((one) => one.role === 'admin' && stateOf(one, now) === 'active').length === 1) {
      throw new LogwardenError('LW_BAD_REQUEST', `"${name}" is the last active admin token; create another admin token first, then revoke this one`, { name });
    }
    const revoked: TokenRecord = { ...record, revokedAt: new Date(now).toISOString(), revokedBy };
    this.#replace(record, revoked);
    await this.#save(() => this.#replace(revoked, record));
    return describe(revoked, now);
  }

  /** Tokens created offline and not yet recorded in the ledger, with who created them. */
  unrecorded(): { name: string; role: Role; createdBy: string }[] {
    return this.#records.filter((record) => record.recorded === false).map(({ name, role, createdBy }) => ({ name, role, createdBy: createdBy ?? 'unknown' }));
  }

  /** Note that every offline creation is now in the ledger. */
  async markRecorded(): Promise<void> {
    const before = this.#records;
    if (!before.some((record) => record.recorded === false)) return;
    this.#records = before.map(({ recorded: _recorded, ...record }) => record);
    await this.#save(() => (this.#records = before));
  }

  /** Every token's name, role, times and state, oldest first. */
  list(now: number): TokenInfo[] {
    return this.#records.map((record) => describe(record, now));
  }

  /** Which token a presented secret is, compared in constant time, and whether it may be used now. */
  authenticate(token: string, now: number): AuthResult {
    const presented = Buffer.from(sha256Hex(token), 'hex');
    const record = this.#records.find((one) => timingSafeEqual(presented, Buffer.from(one.sha256, 'hex')));
    if (!record) return { ok: false, reason: 'invalid' };
    const state = stateOf(record, now);
    if (state !== 'active') return { ok: false, reason: state, name: record.name };
    return { ok: true, grant: { kind: 'token', name: record.name, role: record.role, ...(record.systems === undefined ? {} : { systems: record.systems }) } };
  }

  #active(name: string, now: number): TokenRecord | undefined {
    return this.#records.find((record) => record.name === name && stateOf(record, now) === 'active');
  }

  #notActive(name: string, now: number): LogwardenError {
    const last = this.#records.findLast((record) => record.name === name);
    if (!last) return new LogwardenError('LW_NOT_FOUND', `no token named "${name}"; see GET /api/v1/tokens (logwarden token list)`, { name });
    const state = stateOf(last, now);
    const when = state === 'revoked' ? last.revokedAt : last.expiresAt;
    return new LogwardenError('LW_NOT_FOUND', `token "${name}" is already ${state} (at ${when}); nothing to revoke`, { name });
  }

  #replace(from: TokenRecord, to: TokenRecord): void {
    this.#records = this.#records.map((one) => (one === from ? to : one));
  }

  /** Write the current list after the writes before it; on failure undo the change and throw. */
  #save(undo: () => void): Promise<void> {
    return this.#writer.save(this.#records, undo);
  }
}

export function stateOf(record: TokenRecord, now: number): TokenState {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) return 'expired';
  return 'active';
}

function describe(record: TokenRecord, now: number): TokenInfo {
  const { name, role, systems, createdAt, expiresAt, revokedAt, hint } = record;
  return {
    name,
    role,
    ...(systems === undefined ? {} : { systems }),
    createdAt,
    state: stateOf(record, now),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(revokedAt === undefined ? {} : { revokedAt }),
    ...(hint === undefined ? {} : { hint }),
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

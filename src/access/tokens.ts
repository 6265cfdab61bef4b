// API tokens. Only SHA-256 hashes of tokens are kept (`<data-dir>/secrets/tokens.json`, 0600), so a
// copy of the data dir does not hand out credentials. On first start an admin token is created
// and written once to `<data-dir>/secrets/initial-admin-token` (0600) for the operator to pick up;
// its path is logged, never its value.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';

export type Role = 'admin' | 'reader' | 'ingest';

export interface TokenRecord {
  readonly name: string;
  readonly role: Role;
  /** hex SHA-256 of the token */
  readonly sha256: string;
  readonly createdAt: string;
}

/** What may be shown about a token: never its hash. */
export interface TokenInfo {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

export interface Principal {
  readonly name: string;
  readonly role: Role;
}

export class TokenStore {
  readonly #file: string;
  #records: TokenRecord[] = [];
  /** Writes of tokens.json, one at a time and in order. */
  #writes: Promise<void> = Promise.resolve();

  constructor(secretsDir: string) {
    this.#file = path.join(secretsDir, 'tokens.json');
  }

  static secretsDir(dataDir: string): string {
    return path.join(dataDir, 'secrets');
  }

  static initialAdminTokenPath(dataDir: string): string {
    return path.join(TokenStore.secretsDir(dataDir), 'initial-admin-token');
  }

  /** Load the token list; on first start create the admin token. Returns its path when created. */
  async open(dataDir: string): Promise<string | undefined> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    try {
      this.#records = JSON.parse(await readFile(this.#file, 'utf8')) as TokenRecord[];
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const token = await this.create('initial-admin', 'admin');
    const tokenPath = TokenStore.initialAdminTokenPath(dataDir);
    await writeSecret(tokenPath, `${token}\n`);
    return tokenPath;
  }

  /** Create a token and return it; only its hash is stored. Names are unique. */
  async create(name: string, role: Role): Promise<string> {
    if (this.#records.some((record) => record.name === name)) {
      throw new LogwardenError('LW_BAD_REQUEST', `a token named "${name}" already exists; choose another name`, { name });
    }
    const token = `lw_${randomBytes(32).toString('base64url')}`;
    const sha256 = sha256Hex(token);
    this.#records.push({ name, role, sha256, createdAt: new Date().toISOString() });
    const content = `${JSON.stringify(this.#records, null, 2)}\n`;
    const write = this.#writes.then(() => writeSecret(this.#file, content));
    this.#writes = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      this.#records = this.#records.filter((record) => record.sha256 !== sha256); // not saved: not valid
      throw error;
    }
    return token;
  }

  /** Every token's name, role and creation time, oldest first. */
  list(): TokenInfo[] {
    return this.#records.map(({ name, role, createdAt }) => ({ name, role, createdAt }));
  }

  /** The principal a presented token belongs to, compared in constant time. */
  authenticate(token: string): Principal | undefined {
    const presented = Buffer.from(sha256Hex(token), 'hex');
    for (const record of this.#records) {
      if (timingSafeEqual(presented, Buffer.from(record.sha256, 'hex'))) return { name: record.name, role: record.role };
    }
    return undefined;
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function writeSecret(file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600); // mode is ignored when the file already exists
}

// API tokens. Only SHA-256 hashes of tokens are kept (`<data-dir>/secrets/tokens.json`, 0600), so a
// copy of the data dir does not hand out credentials. On first start an admin token is created
// and written once to `<data-dir>/secrets/initial-admin-token` (0600) for the operator to pick up;
// its path is logged, never its value.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Role = 'admin' | 'reader' | 'ingest';

export interface TokenRecord {
  readonly name: string;
  readonly role: Role;
  /** hex SHA-256 of the token */
  readonly sha256: string;
  readonly createdAt: string;
}

export interface Principal {
  readonly name: string;
  readonly role: Role;
}

export class TokenStore {
  readonly #file: string;
  #records: TokenRecord[] = [];

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

  /** Create a token and return it; only its hash is stored. */
  async create(name: string, role: Role): Promise<string> {
    const token = `lw_${randomBytes(32).toString('base64url')}`;
    this.#records.push({ name, role, sha256: sha256Hex(token), createdAt: new Date().toISOString() });
    await writeSecret(this.#file, `${JSON.stringify(this.#records, null, 2)}\n`);
    return token;
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

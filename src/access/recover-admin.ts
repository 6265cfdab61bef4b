// Recovering a lost admin token without touching the others: offline (the server stopped, as the
// data dir lock proves), add one new admin token to the existing tokens.json and write it to a
// 0600 file. Deleting tokens.json would instead invalidate every token of every shipper. The new
// token is marked unrecorded, and the next server start records its creation in the ledger, and
// who ran the command in the audit trail.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { appendOfflineNote } from '../audit/offline-notes.ts';
import { LogwardenError } from '../errors/codes.ts';
import { lockDataDir, refuseWhileHeld } from '../store/data-dir-lock.ts';
import { TOKEN_NAME_PATTERN, TokenStore, writeSecret, type TokenInfo } from './tokens.ts';

export interface RecoveredAdmin {
  readonly info: TokenInfo;
  readonly tokenFile: string;
}

export function recoveredTokenPath(dataDir: string): string {
  return path.join(TokenStore.secretsDir(dataDir), 'recovered-admin-token');
}

/** The default name: `recovered-admin-` and the UTC time, e.g. `recovered-admin-20261201T101500Z`. */
export function recoveredTokenName(now: number): string {
  return `recovered-admin-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

export async function recoverAdminToken(dataDir: string, options: { name: string; tokenFile: string; now: number }): Promise<RecoveredAdmin> {
  if (!TOKEN_NAME_PATTERN.test(options.name)) {
    throw new LogwardenError('LW_BAD_REQUEST', `token name ${JSON.stringify(options.name)}: expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  const store = new TokenStore(TokenStore.secretsDir(dataDir));
  try {
    await access(store.file);
  } catch {
    throw new LogwardenError('LW_FILE_UNREADABLE', `no ${store.file}: is ${dataDir} a logwarden data dir? (a first start creates the admin token there)`, { file: store.file });
  }
  await refuseWhileHeld(dataDir, 'token recover-admin');
  const lock = await lockDataDir(dataDir); // no server may start on the data dir meanwhile
  try {
    await store.load();
    const { token, info } = await store.create(options.name, 'admin', { now: options.now, createdBy: 'recover-admin', offline: true });
    await writeSecret(options.tokenFile, `${token}\n`);
    // Who ran it (the OS user) goes to the audit trail at the next start (src/audit/offline-notes.ts).
    await appendOfflineNote(dataDir, { command: `token recover-admin --data-dir ${dataDir}`, at: options.now, outcome: 'success', summary: `added admin token "${info.name}"` });
    return { info, tokenFile: options.tokenFile };
  } finally {
    await lock.release();
  }
}

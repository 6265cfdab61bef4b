// One server per data directory. chDB opens a directory in one process only, and offline commands
// (key rotation, token recovery) must not change files under a running server, so a server holds
// `<data-dir>/logwarden.lock` (its pid, created exclusively) for as long as it runs. A lock left by
// a process that no longer exists (kill -9, power loss) is stale and taken over.
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';

export interface DataDirLock {
  release(): Promise<void>;
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'logwarden.lock');
}

/** The pid of the live process holding the data dir, or undefined when none does. */
export async function dataDirHolder(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Refuse with LW_DATA_DIR_LOCKED while a server holds the data dir (for offline commands). */
export async function refuseWhileHeld(dataDir: string, what: string): Promise<void> {
  const pid = await dataDirHolder(dataDir);
  if (pid !== undefined) {
    throw new LogwardenError('LW_DATA_DIR_LOCKED', `${what} needs the server stopped: logwarden process ${pid} holds ${dataDir} (stop it first)`, { pid, dataDir });
  }
}

/** Take the data dir for this process; the directory must exist. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await refuseWhileHeld(dataDir, 'starting a server');
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new LogwardenError('LW_DATA_DIR_LOCKED', `another process keeps taking ${file}; is a second logwarden starting on ${dataDir}?`, { dataDir });
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

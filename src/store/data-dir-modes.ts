// The data dir holds every log line and the secrets: no other local user may read it (R-ACCESS-1).
// chDB is native code that creates its files with the process umask, so the umask is the one
// switch that covers every file, ours and the engine's; an existing data dir made looser (by an
// older version, a copy, a restore from backup) is tightened at start.
import type { Stats } from 'node:fs';
import { chmod, lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Group and others get nothing: new directories are 0700 and new files 0600. */
export const OWNER_ONLY_UMASK = 0o077;

/** Make every file this process creates from now on owner-only, whatever umask it was started with. */
export function createOwnerOnlyFiles(): void {
  process.umask(OWNER_ONLY_UMASK);
}

/**
 * Take group and other permissions off the data dir and everything under it; returns how many
 * paths were changed. Symbolic links are not followed (their own mode means nothing on Linux, and
 * what they point at may be outside the data dir).
 */
export async function tightenModes(dataDir: string): Promise<number> {
  let changed = 0;
  const pending = [dataDir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const stats = await lstatIfPresent(next);
    if (!stats || stats.isSymbolicLink()) continue;
    const mode = stats.mode & 0o7777;
    if ((mode & 0o077) !== 0) {
      await chmod(next, mode & 0o700);
      changed++;
    }
    if (stats.isDirectory()) for (const name of await namesIfPresent(next)) pending.push(path.join(next, name));
  }
  return changed;
}

// A path may vanish between listing and looking: the engine removes its temporary parts.
async function lstatIfPresent(file: string): Promise<Stats | undefined> {
  return lstat(file).catch(ignoreMissing(undefined));
}

async function namesIfPresent(directory: string): Promise<string[]> {
  return readdir(directory).catch(ignoreMissing([]));
}

function ignoreMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  };
}

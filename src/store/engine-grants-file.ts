// Writes the embedded engine's config for a privilege level beside its data, on every start, from
// the code alone: a file left by an older version or edited by hand is replaced, never trusted.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineConfigXml, type EnginePrivileges } from './engine-grants.ts';

/** The config file's path; `directory` is the engine's data directory. */
export function writeEngineConfig(directory: string, privileges: EnginePrivileges): string {
  const folder = path.join(path.resolve(directory), 'logwarden-engine');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `${privileges}.xml`);
  // Written aside and renamed: a second process reading it mid-write would see half a config.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, engineConfigXml(privileges, file), { mode: 0o600 });
  renameSync(partial, file);
  return file;
}

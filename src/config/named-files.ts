// Files the configuration names (certificates, keys, CAs): a missing or unreadable one is found
// before anything starts, by `serve` and by `config validate`, rather than by the first client
// that connects. Works on the loaded config and on a raw file that failed the schema alike.
import { open } from 'node:fs/promises';

/** Config paths whose value is a file logwarden reads. Add a key here when the schema gains one. */
export const FILE_KEYS: readonly (readonly string[])[] = [
  ['syslog', 'tls', 'cert'],
  ['syslog', 'tls', 'key'],
  ['syslog', 'tls', 'clientCa'],
  ['http', 'tls', 'cert'],
  ['http', 'tls', 'key'],
  ['access', 'oidc', 'clientSecretFile'],
];

export interface FileProblem {
  /** Dotted config path, e.g. `syslog.tls.cert`. */
  readonly key: string;
  readonly file: string;
  /** What was found and what to do. */
  readonly message: string;
}

/** Every named file that cannot be opened and read, each with the reason. */
export async function unreadableFiles(config: unknown): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const keyPath of FILE_KEYS) {
    const file = valueAt(config, keyPath);
    if (typeof file !== 'string' || file.length === 0) continue; // absent, or the schema reports it
    const reason = await unreadableReason(file);
    const key = keyPath.join('.');
    if (reason !== undefined) problems.push({ key, file, message: `${key}: cannot read ${file}: ${reason}` });
  }
  return problems;
}

/** Why `file` cannot be read, or undefined when it can. Reads one byte: opening alone accepts a directory. */
export async function unreadableReason(file: string): Promise<string | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      await handle.read(Buffer.alloc(1), 0, 1, 0);
    } finally {
      await handle.close();
    }
    return undefined;
  } catch (error) {
    return describeReadError(error as NodeJS.ErrnoException);
  }
}

function describeReadError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `no such file (relative paths are from the directory logwarden starts in, ${process.cwd()}): check the path`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: make it readable by the user logwarden runs as (uid ${process.getuid?.() ?? '?'})`;
    case 'EISDIR':
      return 'it is a directory: expected a PEM file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory: check the path';
    default:
      return `${error.code ?? 'error'}: ${error.message}`;
  }
}

function valueAt(root: unknown, keyPath: readonly string[]): unknown {
  let value = root;
  for (const key of keyPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

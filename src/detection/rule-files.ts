// Rule files on disk, for `rules import` (reading a checkout such as SigmaHQ's, on the client; and
// keeping what the server accepted under <dataDir>/rules/imported/). A path a client sends is
// checked before it touches the disk: relative, no `..`, no drive or NUL, a .yml/.yaml name, so an
// import can never write outside its directory.
import { lstat, mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';

export interface RuleFile {
  /** Relative to the directory it was read from, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

const RULE_FILE = /\.ya?ml$/i;
/** Longest path kept (SigmaHQ's longest are about 150 characters). */
export const MAX_RULE_PATH = 512;

/**
 * The relative path `raw` as it will be stored (`/`-separated, `./` segments dropped), or a reason
 * it is refused. Backslashes are separators (a Windows client's paths) so `..\x` is caught too.
 */
export function safeRulePath(raw: string): { readonly path: string } | { readonly problem: string } {
  if (raw.length === 0) return { problem: 'the path is empty' };
  if (raw.length > MAX_RULE_PATH) return { problem: `the path is ${raw.length} characters; at most ${MAX_RULE_PATH}` };
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { problem: 'the path has a control character' };
  const unified = raw.replaceAll('\\', '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return { problem: 'the path is absolute; expected a path relative to the imported directory' };
  const segments = unified.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { problem: 'the path has a ".." segment' };
  if (segments.length === 0) return { problem: 'the path names no file' };
  const joined = segments.join('/');
  if (!RULE_FILE.test(joined)) return { problem: 'expected a .yml or .yaml file' };
  return { path: joined };
}

/** `safeRulePath`, throwing LW_BAD_REQUEST with the reason. */
export function checkedRulePath(raw: string): string {
  const checked = safeRulePath(raw);
  if ('problem' in checked) throw new LogwardenError('LW_BAD_REQUEST', `rule file path ${JSON.stringify(raw)}: ${checked.problem}`);
  return checked.path;
}

/** Every .yml/.yaml file under `dir`, recursively, in path order; hidden directories (.git, .github) are left out. */
export async function readRuleFiles(dir: string): Promise<RuleFile[]> {
  const root = path.resolve(dir);
  const found: string[] = [];
  await collect(root, '', found);
  found.sort();
  return Promise.all(found.map(async (relative) => ({ path: relative, text: await readFile(path.join(root, relative), 'utf8') })));
}

async function collect(root: string, relative: string, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === '') return;
    throw error;
  }
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory() && !entry.name.startsWith('.')) await collect(root, child, found);
    else if (entry.isFile() && RULE_FILE.test(entry.name)) found.push(child);
  }
}

/**
 * Write `file` under `dir` at its checked path, atomically (write, fsync, rename): a crash leaves
 * the old rule or the new one, never half a file the next start would skip.
 */
export async function writeRuleFile(dir: string, file: RuleFile): Promise<void> {
  const relative = checkedRulePath(file.path);
  const root = path.resolve(dir);
  const target = path.resolve(root, relative);
  // Belt and braces: the checked path cannot leave root, and no symbolic link on the way may either.
  if (!target.startsWith(root + path.sep)) throw new LogwardenError('LW_BAD_REQUEST', `rule file path ${JSON.stringify(file.path)} leaves the imported directory`);
  await mkdir(path.dirname(target), { recursive: true });
  await refuseLinks(root, relative);
  const temporary = `${target}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w', 0o640);
  try {
    await handle.writeFile(file.text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, target);
}

/** A symbolic link inside the imported directory could point anywhere: refuse to write through one. */
async function refuseLinks(root: string, relative: string): Promise<void> {
  const segments = relative.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const at = path.join(root, ...segments.slice(0, i));
    const stat = await lstat(at).catch(() => undefined);
    if (stat?.isSymbolicLink()) throw new LogwardenError('LW_BAD_REQUEST', `rule file path ${JSON.stringify(relative)} passes through a symbolic link in the imported directory`);
  }
}

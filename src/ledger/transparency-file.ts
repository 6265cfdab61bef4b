// The transparency file, `<data-dir>/ledger/checkpoints`: every signed checkpoint, appended and
// fsynced, never rewritten, so an operator can publish or mirror it and anyone can later check
// the store against it. Notes are separated by a blank line.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ledgerDir } from './keys.ts';

export function transparencyFilePath(dataDir: string): string {
  return path.join(ledgerDir(dataDir), 'checkpoints');
}

export class TransparencyFile {
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async open(dataDir: string): Promise<TransparencyFile> {
    return new TransparencyFile(await open(transparencyFilePath(dataDir), 'a', 0o644));
  }

  /** Append one signed note and make it durable before returning. */
  async append(note: string): Promise<void> {
    await this.#handle.appendFile(`${note}\n`);
    await this.#handle.sync();
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

/** Every note in a transparency file (or any file of concatenated notes), in order. */
export async function readNotes(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return splitNotes(text);
}

/**
 * A note is body lines, one blank line, then signature lines that start with "— ". The next note
 * starts at the first line after its signatures that is not one.
 */
export function splitNotes(text: string): string[] {
  const notes: string[] = [];
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length) {
    while (index < lines.length && lines[index] === '') index++;
    if (index >= lines.length) break;
    const start = index;
    while (index < lines.length && lines[index] !== '') index++; // body
    index++; // the blank line
    while (index < lines.length && (lines[index] as string).startsWith('\u2014 ')) index++;
    notes.push(`${lines.slice(start, index).join('\n')}\n`);
  }
  return notes;
}

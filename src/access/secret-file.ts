// Files that hold secrets or their hashes (tokens, users, masking keys): mode 0600, written with
// fsync, replaced atomically so a crash leaves the old content or the new, never a mix.
import { open, rename } from 'node:fs/promises';

/** Write a 0600 file (also when one exists already: `mode` is ignored then, hence the chmod). */
export async function writeSecret(file: string, content: string): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replace a secret file atomically: a crash leaves the old content or the new, never a mix. */
export async function replaceSecret(file: string, content: string): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeSecret(temporary, content);
  await rename(temporary, file);
}

/**
 * The writes of one secret file, one at a time and in the order asked: a list kept in memory
 * (tokens, users) is written whole after each change, and a change whose write fails is undone,
 * so memory never holds what the file does not.
 */
export class SecretFileWriter {
  readonly #file: string;
  #writes: Promise<void> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  /** Write `records` as JSON after the writes before; on failure run `undo` and throw. */
  async save(records: unknown, undo: () => void): Promise<void> {
    const content = `${JSON.stringify(records, null, 2)}\n`;
    const write = this.#writes.then(() => replaceSecret(this.#file, content));
    this.#writes = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      undo();
      throw error;
    }
  }
}

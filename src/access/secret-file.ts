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

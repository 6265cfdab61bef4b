// The masking profiles' HMAC keys: one random 32-byte key per profile, made on first use and kept in
// <data-dir>/secrets/masking-keys.json (0600, replaced atomically), so pseudonyms stay the same
// across restarts; or read from the profile's `keyFile` when it names one (to share a key between
// nodes, or with issue 17's masked exports). A key never leaves this file and memory.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { replaceSecret } from '../secret-file.ts';

export const KEYS_FILE = 'masking-keys.json';
const KEY_BYTES = 32;
const MIN_KEY_FILE_CHARS = 32;

const keysFile = z.object({ version: z.literal(1), keys: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]+=*$/)) });

/** The key of each named profile (`keyFile` when given), creating and saving the missing ones. */
export async function loadKeys(secretsDir: string, profiles: readonly { readonly name: string; readonly keyFile?: string | undefined }[]): Promise<Map<string, Uint8Array>> {
  const file = path.join(secretsDir, KEYS_FILE);
  const stored = await readKeys(file);
  let changed = false;
  const keys = new Map<string, Uint8Array>();
  for (const profile of profiles) {
    if (profile.keyFile !== undefined) {
      keys.set(profile.name, await readKeyFile(profile.name, profile.keyFile));
      continue;
    }
    let key = stored[profile.name];
    if (key === undefined) {
      key = randomBytes(KEY_BYTES).toString('base64');
      stored[profile.name] = key;
      changed = true;
    }
    keys.set(profile.name, Buffer.from(key, 'base64'));
  }
  if (changed) {
    await mkdir(secretsDir, { recursive: true, mode: 0o700 });
    // Keys of profiles no longer configured are kept: configuring one again brings its pseudonyms back.
    await replaceSecret(file, `${JSON.stringify({ version: 1, keys: stored }, null, 2)}\n`);
  }
  return keys;
}

async function readKeys(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const damaged = (why: string, cause?: unknown): Error =>
    new Error(`${file} is not a masking keys file (${why}); restore it from a backup, or remove it to make new keys (pseudonyms then change)`, { cause });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw damaged('not JSON', error);
  }
  const parsed = keysFile.safeParse(json);
  if (!parsed.success) throw damaged(parsed.error.issues[0]?.message ?? 'malformed');
  return { ...parsed.data.keys };
}

async function readKeyFile(profile: string, file: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new Error(`access.masking: the keyFile of profile "${profile}" (${file}) cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (text.length < MIN_KEY_FILE_CHARS) throw new Error(`access.masking: the keyFile of profile "${profile}" (${file}) holds ${text.length} characters; a key needs at least ${MIN_KEY_FILE_CHARS}`);
  return Buffer.from(text, 'utf8');
}

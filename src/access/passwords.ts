// Password hashing with argon2id from node:crypto (no native add-on). Each hash is stored as a
// PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) that carries its own parameters and
// salt, so the parameters can be raised later without locking anyone out: old hashes still verify
// with theirs and are replaced at the next successful sign-in (needsRehash). Hashes are compared
// in constant time. The defaults are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane),
// about 80 ms here (DESIGN.md "Sign-in").
import { argon2, randomBytes, timingSafeEqual, type Argon2Parameters } from 'node:crypto';
import { WorkGate } from './work-gate.ts';

export interface HashParameters {
  /** Memory in KiB. */
  readonly memory: number;
  readonly passes: number;
  readonly parallelism: number;
}

export const DEFAULT_HASH_PARAMETERS: HashParameters = { memory: 19_456, passes: 2, parallelism: 1 };

const SALT_BYTES = 16;
const TAG_BYTES = 32;
/** Bounds on parameters read back from the users file: a damaged file must not make one sign-in take minutes or gigabytes. */
const LIMITS = { memory: 1_048_576, passes: 16, parallelism: 16 } as const;
const PHC = /^\$argon2id\$v=19\$m=(\d{1,8}),t=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{6,172})$/;

/** Two hashes at once leave libuv's other threads to file I/O; a burst past 64 waiting is refused. */
const gate = new WorkGate(2, 64);

interface ParsedHash extends HashParameters {
  readonly salt: Buffer;
  readonly tag: Buffer;
}

/** The PHC string of a new hash of `password` with a fresh random salt. */
export async function hashPassword(password: string, parameters: HashParameters = DEFAULT_HASH_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const tag = await derive(password, salt, TAG_BYTES, parameters);
  return `$argon2id$v=19$m=${parameters.memory},t=${parameters.passes},p=${parameters.parallelism}$${unpadded(salt)}$${unpadded(tag)}`;
}

/**
 * Whether `password` matches the stored PHC string. A string that is not one (damaged file) never
 * matches, but still costs a hash, so the answer takes as long as any other.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) {
    await verifyPassword(password, await dummyHash());
    return false;
  }
  const tag = await derive(password, parsed.salt, parsed.tag.length, parsed);
  return timingSafeEqual(tag, parsed.tag);
}

/**
 * Spend the time a verification takes without a user to verify: for a sign-in with an unknown
 * name, so that how long the refusal takes does not tell which names exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await dummyHash());
  return false;
}

/** True when the stored hash was made with weaker parameters than `current` (or cannot be read). */
export function needsRehash(stored: string, current: HashParameters = DEFAULT_HASH_PARAMETERS): boolean {
  const parsed = parseHash(stored);
  if (parsed === undefined) return true;
  return parsed.memory < current.memory || parsed.passes < current.passes || parsed.parallelism < current.parallelism || parsed.tag.length < TAG_BYTES;
}

/** The parameters, salt and tag of a PHC argon2id string; undefined when it is not one or is out of bounds. */
function parseHash(stored: string): ParsedHash | undefined {
  const match = PHC.exec(stored);
  if (!match) return undefined;
  const [memory, passes, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (passes < 1 || passes > LIMITS.passes || parallelism < 1 || parallelism > LIMITS.parallelism) return undefined;
  if (memory < 8 * parallelism || memory > LIMITS.memory) return undefined;
  const salt = Buffer.from(match[4] as string, 'base64');
  const tag = Buffer.from(match[5] as string, 'base64');
  if (salt.length < 8 || tag.length < 4) return undefined;
  return { memory, passes, parallelism, salt, tag };
}

function derive(password: string, salt: Buffer, tagLength: number, parameters: HashParameters): Promise<Buffer> {
  const input: Argon2Parameters = { message: Buffer.from(password, 'utf8'), nonce: salt, tagLength, ...parameters };
  // The asynchronous form runs on libuv's thread pool: a sign-in does not stall every other request.
  return gate.run(() => new Promise((resolve, reject) => argon2('argon2id', input, (error, key) => (error ? reject(error) : resolve(key)))));
}

let dummy: Promise<string> | undefined;

/** One hash of a random password with the default parameters, made at first need and kept. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  return dummy;
}

/** Base64 without padding, as PHC strings write it. */
function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

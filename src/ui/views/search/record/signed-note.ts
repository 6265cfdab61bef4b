// C2SP signed notes and tlog checkpoints in the browser (c2sp.org/signed-note, /tlog-checkpoint),
// the formats src/ledger/checkpoint.ts writes: the note's text, a blank line, then signature lines
// `— <key name> <base64(4-byte key ID ‖ Ed25519 signature)>`; verifier keys are
// `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, the key ID being the first 4 bytes of
// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). The signature is checked with WebCrypto's Ed25519.
import { concat, fromBase64, sha256 } from './bytes.ts';

export interface VerifierKey {
  /** The key string as given, for display. */
  readonly text: string;
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

const SIGNATURE_PREFIX = '\u2014 ';

/** Throws with what is wrong with the key string. */
export async function decodeVerifierKey(text: string): Promise<VerifierKey> {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/i.exec(text);
  if (!match) throw new Error(`the verifier key ${JSON.stringify(text)} is not name+keyid+key`);
  const [, name = '', keyIdHex = '', encoded = ''] = match;
  const typed = fromBase64(encoded);
  if (typed?.length !== 33 || typed[0] !== 0x01) throw new Error(`the verifier key of ${name} is not an Ed25519 key`);
  const publicKey = typed.slice(1);
  const keyId = Number.parseInt(keyIdHex, 16);
  if ((await keyIdOf(name, publicKey)) !== keyId) throw new Error(`the verifier key of ${name}: its key ID does not match the key`);
  return { text, name, keyId, publicKey };
}

async function keyIdOf(name: string, publicKey: Uint8Array): Promise<number> {
  const digest = await sha256(concat(new TextEncoder().encode(name), Uint8Array.of(0x0a, 0x01), publicKey));
  return new DataView(digest.buffer, digest.byteOffset).getUint32(0);
}

export interface OpenedNote {
  readonly text: string;
  readonly signedBy: readonly VerifierKey[];
}

/**
 * The note's text once a known key's signature verifies. As the spec says, lines of unknown keys
 * are skipped, a known key whose signature fails rejects the note, and one known key must sign.
 */
export async function openNote(note: string, keys: readonly VerifierKey[]): Promise<OpenedNote> {
  const separator = note.lastIndexOf('\n\n');
  if (separator < 0 || !note.endsWith('\n')) throw new Error('the checkpoint is not a signed note (no blank line before signatures)');
  const text = note.slice(0, separator + 1);
  const message = new TextEncoder().encode(text);
  const signedBy: VerifierKey[] = [];
  for (const line of note.slice(separator + 2, -1).split('\n')) {
    const signature = parseSignatureLine(line);
    const key = keys.find((candidate) => candidate.name === signature.name && candidate.keyId === signature.keyId);
    if (!key) continue;
    if (!(await verifiesEd25519(key, message, signature.bytes))) throw new Error(`the signature by ${key.name} does not verify: the checkpoint was altered`);
    signedBy.push(key);
  }
  if (signedBy.length === 0) throw new Error('the checkpoint is not signed by any of the server’s keys');
  return { text, signedBy };
}

function parseSignatureLine(line: string): { name: string; keyId: number; bytes: Uint8Array } {
  const fields = line.startsWith(SIGNATURE_PREFIX) ? line.slice(SIGNATURE_PREFIX.length).split(' ') : [];
  const blob = fields.length === 2 ? fromBase64(fields[1] ?? '') : undefined;
  if (!blob || blob.length <= 4) throw new Error(`the signature line ${JSON.stringify(line.slice(0, 60))} is malformed`);
  return { name: fields[0] ?? '', keyId: new DataView(blob.buffer, blob.byteOffset).getUint32(0), bytes: blob.slice(4) };
}

async function verifiesEd25519(key: VerifierKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false;
  const imported = await crypto.subtle.importKey('raw', concat(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, imported, concat(signature), concat(message));
}

/** The checkpoint in a note's (verified) text: origin, size and root hash lines, then extensions. */
export function parseCheckpoint(text: string): Checkpoint {
  const [origin = '', sizeLine = '', rootLine = ''] = text.split('\n');
  if (origin === '' || !/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new Error('the signed text is not a checkpoint (origin, size, root)');
  const rootHash = fromBase64(rootLine);
  if (rootHash?.length !== 32) throw new Error('the checkpoint’s root hash is not 32 bytes of base64');
  return { origin, size: Number(sizeLine), rootHash };
}

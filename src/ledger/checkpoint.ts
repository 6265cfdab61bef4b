// Signed tree heads in the C2SP formats, so that logwarden's checkpoints can be checked by any
// tool of the transparency-log ecosystem and vice versa:
//   - c2sp.org/signed-note: text, a blank line, then lines `— <key name> <base64(key ID ‖ sig)>`;
//   - c2sp.org/tlog-checkpoint: a note whose text is `<origin>\n<size>\n<base64 root>\n[ext…]`.
// Only Ed25519 (signature type 0x01) is implemented. Key strings use the Go sumdb/note encodings:
//   verifier key  <name>+<hex key ID>+<base64(0x01 ‖ 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>
// Pure apart from key generation's randomness; no I/O.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { HASH_SIZE } from './merkle.ts';

/** Signature type identifier byte for Ed25519 (signed-note §Signature types). */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** Notes with more signature lines are refused; the spec requires accepting at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

const ED25519_PUBLIC_KEY_SIZE = 32;
const ED25519_SEED_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const KEY_ID_SIZE = 4;
const SIGNATURE_LINE_PREFIX = '\u2014 '; // em dash, space
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

// RFC 8410 DER wrappers around raw Ed25519 keys, which node:crypto imports as SPKI / PKCS#8.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type CheckpointErrorReason =
  | 'malformed-note' // not a signed note: encoding, blank line, signature line syntax, too many lines
  | 'unknown-key' // no signature by any of the known keys
  | 'bad-signature' // a known key's signature does not verify: the note was altered or forged
  | 'malformed-body' // the text is not a checkpoint: too few lines, empty origin or extension line
  | 'bad-size' // the tree size line is not a canonical decimal safe integer
  | 'bad-base64' // the root hash line is not canonical standard base64
  | 'wrong-hash-length' // the root hash is not 32 bytes
  | 'origin-mismatch' // the checkpoint is for another log than the caller expects
  | 'invalid-key'; // a verifier or signer key string (or key name) is malformed

/** Why a note, checkpoint or key was refused; `reason` is stable for programs, the message for people. */
export class CheckpointError extends Error {
  readonly reason: CheckpointErrorReason;

  constructor(reason: CheckpointErrorReason, message: string) {
    super(message);
    this.name = 'CheckpointError';
    this.reason = reason;
  }
}

// --- keys ----------------------------------------------------------------------------------------

/** A public key that notes can be verified with. keyId is the uint32 from the signed-note spec. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

/** An Ed25519 key pair; `seed` is the RFC 8032 private key and must be kept secret. */
export interface Ed25519KeyPair extends VerifierKey {
  readonly seed: Uint8Array;
}

/** Anything that can sign note text for a key name (an in-memory key, an HSM, a remote signer). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/**
 * key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4] as a big-endian uint32
 * (signed-note §Ed25519 signatures). It binds name, algorithm and key, but is only a hint.
 */
export function computeKeyId(name: string, publicKey: Uint8Array): number {
  assertKeyName(name);
  assertLength(publicKey, ED25519_PUBLIC_KEY_SIZE, 'Ed25519 public key');
  const digest = createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, ED25519_SIGNATURE_TYPE)).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

/** A fresh Ed25519 key pair for `name` (e.g. the log's origin, such as `logs.example.com/prod`). */
export function generateKeyPair(name: string): Ed25519KeyPair {
  assertKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string') throw new Error('node:crypto did not export the Ed25519 private key');
  return keyPairFromSeed(name, Buffer.from(jwk.d, 'base64url'));
}

/** The key pair whose RFC 8032 private key is `seed` (32 bytes). */
export function keyPairFromSeed(name: string, seed: Uint8Array): Ed25519KeyPair {
  assertKeyName(name);
  assertLength(seed, ED25519_SEED_SIZE, 'Ed25519 seed');
  const spki = createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  const publicKey = Uint8Array.from(spki.subarray(SPKI_ED25519_PREFIX.length));
  return { name, keyId: computeKeyId(name, publicKey), publicKey, seed: Uint8Array.from(seed) };
}

/** `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, the form verifiers are configured with. */
export function encodeVerifierKey(key: Pick<VerifierKey, 'name' | 'publicKey'>): string {
  return encodeKeyString(key.name, computeKeyId(key.name, key.publicKey), key.publicKey);
}

/** Parses a verifier key string, checking its type byte, length and that its key ID matches. */
export function decodeVerifierKey(text: string): VerifierKey {
  const { name, keyId, keyBytes } = decodeKeyString(text, 'verifier key');
  if (computeKeyId(name, keyBytes) !== keyId) {
    throw new CheckpointError('invalid-key', `verifier key for ${name}: key ID ${formatKeyId(keyId)} does not match`);
  }
  return { name, keyId, publicKey: keyBytes };
}

/** `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>` (Go sumdb/note signer key format). */
export function encodeSignerKey(keyPair: Ed25519KeyPair): string {
  return SIGNER_KEY_PREFIX + encodeKeyString(keyPair.name, keyPair.keyId, keyPair.seed);
}

/** Parses a signer key string; the key ID must match the public key derived from the seed. */
export function decodeSignerKey(text: string): Ed25519KeyPair {
  if (!text.startsWith(SIGNER_KEY_PREFIX)) {
    throw new CheckpointError('invalid-key', `a signer key starts with ${SIGNER_KEY_PREFIX}`);
  }
  const { name, keyId, keyBytes } = decodeKeyString(text.slice(SIGNER_KEY_PREFIX.length), 'signer key');
  const keyPair = keyPairFromSeed(name, keyBytes);
  if (keyPair.keyId !== keyId) {
    throw new CheckpointError('invalid-key', `signer key for ${name}: key ID ${formatKeyId(keyId)} does not match`);
  }
  return keyPair;
}

/** A NoteSigner that signs with the key pair in memory. */
export function createSigner(keyPair: Ed25519KeyPair): NoteSigner {
  const privateKey = privateKeyObject(keyPair.seed);
  return {
    name: keyPair.name,
    keyId: keyPair.keyId,
    sign: (message) => Uint8Array.from(sign(null, message, privateKey)),
  };
}

function encodeKeyString(name: string, keyId: number, keyBytes: Uint8Array): string {
  const typed = Buffer.concat([Uint8Array.of(ED25519_SIGNATURE_TYPE), keyBytes]);
  return `${name}+${formatKeyId(keyId)}+${typed.toString('base64')}`;
}

// `<name>+<8 hex digits>+<base64>`: names cannot contain '+', but standard base64 can, so only
// the first two '+' separate fields.
function decodeKeyString(text: string, what: string): { name: string; keyId: number; keyBytes: Uint8Array } {
  const firstPlus = text.indexOf('+');
  const secondPlus = text.indexOf('+', firstPlus + 1);
  if (firstPlus < 0 || secondPlus < 0) {
    throw new CheckpointError('invalid-key', `a ${what} has the form name+keyid+key`);
  }
  const name = text.slice(0, firstPlus);
  const keyIdHex = text.slice(firstPlus + 1, secondPlus);
  assertKeyName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(keyIdHex)) {
    throw new CheckpointError('invalid-key', `the key ID of a ${what} is 8 hex digits, got "${keyIdHex}"`);
  }
  const typed = decodeStrictBase64(text.slice(secondPlus + 1));
  if (typed === undefined || typed.length !== 1 + ED25519_PUBLIC_KEY_SIZE) {
    throw new CheckpointError('invalid-key', `the key of a ${what} is base64 of 33 bytes (type byte and key)`);
  }
  if (typed[0] !== ED25519_SIGNATURE_TYPE) {
    throw new CheckpointError('invalid-key', `${what} type 0x${typed[0]?.toString(16)} is not Ed25519 (0x01)`);
  }
  return { name, keyId: Number.parseInt(keyIdHex, 16), keyBytes: Uint8Array.from(typed.subarray(1)) };
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

// --- signed notes --------------------------------------------------------------------------------

/** One signature line; `signature` excludes the 4-byte key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/** A syntactically valid signed note; `text` includes its final newline. Nothing is verified yet. */
export interface SignedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** The note's text once at least one known key's signature has verified. */
export interface OpenedNote {
  readonly text: string;
  readonly verifiedBy: readonly VerifierKey[];
}

/**
 * Splits a signed note into its text and signature lines (signed-note §Format), checking syntax
 * only: UTF-8, no control characters but newline, the text ends in a newline, and after the last
 * blank line come 1..MAX_NOTE_SIGNATURES lines `— <name> <base64(key ID ‖ signature)>`.
 */
export function parseSignedNote(note: string | Uint8Array): SignedNote {
  const noteText = typeof note === 'string' ? note : decodeUtf8(note);
  if (!noteText.isWellFormed()) throw new CheckpointError('malformed-note', 'the note is not valid Unicode text');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(noteText)) {
    throw new CheckpointError('malformed-note', 'the note contains a control character other than newline');
  }
  // The text is separated from the signatures by the last empty line in the note.
  const separator = noteText.lastIndexOf('\n\n');
  if (separator < 0) throw new CheckpointError('malformed-note', 'no blank line separates the text from signatures');
  const signatureBlock = noteText.slice(separator + 2);
  if (signatureBlock === '') throw new CheckpointError('malformed-note', 'the note has no signature lines');
  if (!signatureBlock.endsWith('\n')) {
    throw new CheckpointError('malformed-note', 'the signature lines must end with a newline');
  }
  const lines = signatureBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new CheckpointError('malformed-note', `the note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  }
  return { text: noteText.slice(0, separator + 1), signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line: string, position: number): NoteSignature {
  const where = `signature line ${position + 1}`;
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw new CheckpointError('malformed-note', `${where} must start with an em dash (U+2014) and a space`);
  }
  const fields = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (fields.length !== 2) throw new CheckpointError('malformed-note', `${where} must be "— <key name> <signature>"`);
  const [name, encoded] = fields as [string, string];
  if (!isValidKeyName(name)) throw new CheckpointError('malformed-note', `${where} has an invalid key name`);
  const blob = decodeStrictBase64(encoded);
  if (blob === undefined || blob.length <= KEY_ID_SIZE) {
    throw new CheckpointError('malformed-note', `${where}: the signature is not base64 of a key ID and signature`);
  }
  return { name, keyId: blob.readUInt32BE(0), signature: Uint8Array.from(blob.subarray(KEY_ID_SIZE)) };
}

/** Signs `text` (which must end in a newline) with every signer and returns the signed note. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  assertNoteText(text);
  const signerList: readonly NoteSigner[] = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (signerList.length === 0) throw new CheckpointError('invalid-key', 'a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signerList.map((signer) => {
    assertKeyName(signer.name);
    const blob = Buffer.alloc(KEY_ID_SIZE);
    blob.writeUInt32BE(signer.keyId, 0);
    const signed = Buffer.concat([blob, signer.sign(message)]).toString('base64');
    return `${SIGNATURE_LINE_PREFIX}${signer.name} ${signed}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Verifies a signed note against the known keys (signed-note §Signatures): lines whose key name and
 * key ID do not both match a known key are ignored; a known key's signature that fails rejects the
 * whole note ('bad-signature'); and at least one known key must have signed ('unknown-key').
 */
export function openNote(note: string | Uint8Array, knownKeys: readonly (VerifierKey | string)[]): OpenedNote {
  const parsed = parseSignedNote(note);
  const keys = knownKeys.map((key) => (typeof key === 'string' ? decodeVerifierKey(key) : key));
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: VerifierKey[] = [];
  for (const line of parsed.signatures) {
    const candidates = keys.filter((key) => key.name === line.name && key.keyId === line.keyId);
    if (candidates.length === 0) continue;
    const signer = candidates.find((key) => verifiesEd25519(key, message, line.signature));
    if (signer === undefined) {
      throw new CheckpointError('bad-signature', `the signature by ${line.name} (key ${formatKeyId(line.keyId)}) does not verify: the note was altered`);
    }
    if (!verifiedBy.includes(signer)) verifiedBy.push(signer);
  }
  if (verifiedBy.length === 0) {
    const signedBy = parsed.signatures.map((line) => `${line.name}+${formatKeyId(line.keyId)}`).join(', ');
    throw new CheckpointError('unknown-key', `the note is not signed by any known key (signed by: ${signedBy})`);
  }
  return { text: parsed.text, verifiedBy };
}

function verifiesEd25519(key: VerifierKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE || key.publicKey.length !== ED25519_PUBLIC_KEY_SIZE) return false;
  try {
    return verify(null, message, publicKeyObject(key.publicKey), signature);
  } catch {
    return false; // a public key OpenSSL refuses to import cannot have made any signature
  }
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new CheckpointError('malformed-note', 'note text must end with a newline');
  if (!text.isWellFormed() || /[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    throw new CheckpointError('malformed-note', 'note text must be valid Unicode without control characters');
  }
}

// --- checkpoints ---------------------------------------------------------------------------------

/** A log's tree head (c2sp.org/tlog-checkpoint note text). */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Opaque extra lines after the root hash; the spec discourages them, so usually empty. */
  readonly extensions: readonly string[];
}

export type CheckpointInput = Omit<Checkpoint, 'extensions'> & { readonly extensions?: readonly string[] };

/** A checkpoint whose note was signed by at least one known key. */
export interface VerifiedCheckpoint extends Checkpoint {
  readonly verifiedBy: readonly VerifierKey[];
}

/** `<origin>\n<size>\n<base64 root>\n` plus extension lines: the checkpoint's note text. */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (origin === '' || origin.includes('\n')) {
    throw new CheckpointError('malformed-body', 'the origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new CheckpointError('bad-size', `the tree size must be a non-negative safe integer, got ${size}`);
  }
  if (rootHash.length !== HASH_SIZE) {
    throw new CheckpointError('wrong-hash-length', `the root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
  }
  if (extensions.some((line) => line === '' || line.includes('\n'))) {
    throw new CheckpointError('malformed-body', 'each extension line must be one non-empty line');
  }
  const lines = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions];
  return lines.map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (already verified, or for inspection only). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('malformed-body', 'the checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw new CheckpointError('malformed-body', `a checkpoint has at least 3 lines, got ${lines.length}`);
  }
  if (origin === '') throw new CheckpointError('malformed-body', 'the origin line is empty');
  if (extensions.includes('')) throw new CheckpointError('malformed-body', 'extension lines must not be empty');
  return { origin, size: parseTreeSize(sizeLine), rootHash: parseRootHash(rootLine), extensions };
}

/** Formats and signs a checkpoint; the result is a signed note ready to publish. */
export function signCheckpoint(checkpoint: CheckpointInput, signers: NoteSigner | readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Verifies a signed checkpoint against the known verifier keys (several, to allow rotation: keep
 * old public keys to keep verifying old checkpoints) and parses it. With `expectedOrigin`, a
 * checkpoint of another log is refused even when a known key signed it.
 */
export function verifyCheckpoint(note: string | Uint8Array, knownKeys: readonly (VerifierKey | string)[], options: { readonly expectedOrigin?: string } = {}): VerifiedCheckpoint {
  const opened = openNote(note, knownKeys);
  const checkpoint = parseCheckpoint(opened.text);
  if (options.expectedOrigin !== undefined && checkpoint.origin !== options.expectedOrigin) {
    throw new CheckpointError('origin-mismatch', `the checkpoint is for "${checkpoint.origin}", expected "${options.expectedOrigin}"`);
  }
  return { ...checkpoint, verifiedBy: opened.verifiedBy };
}

// tlog-checkpoint: ASCII decimal, no leading zeroes (except "0" itself).
function parseTreeSize(line: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(line)) {
    throw new CheckpointError('bad-size', `the tree size line "${line}" is not a decimal without leading zeroes`);
  }
  const size = Number(line);
  if (!Number.isSafeInteger(size)) {
    throw new CheckpointError('bad-size', `the tree size ${line} is larger than supported (2^53 - 1)`);
  }
  return size;
}

function parseRootHash(line: string): Uint8Array {
  const rootHash = decodeStrictBase64(line);
  if (rootHash === undefined) throw new CheckpointError('bad-base64', `the root hash line "${line}" is not base64`);
  if (rootHash.length !== HASH_SIZE) {
    throw new CheckpointError('wrong-hash-length', `the root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`);
  }
  return Uint8Array.from(rootHash);
}

// --- shared helpers ------------------------------------------------------------------------------

// Standard base64 (RFC 4648 §4) with padding, and canonical: Buffer.from is lenient (it skips
// junk and ignores non-zero padding bits), so the decoded bytes must re-encode to the same text.
function decodeStrictBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CheckpointError('malformed-note', 'the note is not valid UTF-8');
  }
}

// signed-note: key names are non-empty and contain neither Unicode spaces nor '+'.
function isValidKeyName(name: string): boolean {
  return name !== '' && name.isWellFormed() && !/[\p{White_Space}+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new CheckpointError('invalid-key', `key name "${name}" must be non-empty, without spaces or '+'`);
  }
}

function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CheckpointError('invalid-key', `${what} must be ${length} bytes`);
  }
}

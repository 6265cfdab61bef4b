// The ledger's signing keys. The private key lives in `<data-dir>/secrets/ledger-signer-key`;
// every public key the node has ever signed with is kept, newest last, in
// `<data-dir>/ledger/verifier-keys`, so checkpoints signed before a rotation still verify.
// The origin (the log's name, also the key name) is made once and kept in `<data-dir>/ledger/origin`.
// Like everything in the data dir they are owner-only (0600 files, 0700 directories), whatever the
// umask of the command that writes them: publish the public keys by copying them out.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeSignerKey, decodeVerifierKey, encodeSignerKey, encodeVerifierKey, generateKeyPair, type Ed25519KeyPair, type VerifierKey } from './checkpoint.ts';

export interface LedgerKeys {
  readonly origin: string;
  readonly signer: Ed25519KeyPair;
  /** Every key this node has signed with, the current one last. */
  readonly verifierKeys: readonly VerifierKey[];
}

export function ledgerDir(dataDir: string): string {
  return path.join(dataDir, 'ledger');
}

function signerKeyPath(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'ledger-signer-key');
}

function verifierKeysPath(dataDir: string): string {
  return path.join(ledgerDir(dataDir), 'verifier-keys');
}

/** Load the keys, creating the origin and a first key pair on first start. */
export async function openLedgerKeys(dataDir: string): Promise<LedgerKeys> {
  const origin = await readOrCreateOrigin(dataDir);
  const existing = await readOptional(signerKeyPath(dataDir));
  if (existing !== undefined) return { origin, signer: decodeSignerKey(existing.trim()), verifierKeys: await readVerifierKeys(dataDir) };
  const signer = generateKeyPair(origin);
  await saveKeys(dataDir, signer, [signer]);
  return { origin, signer, verifierKeys: [signer] };
}

/** Replace the signing key; the old public key stays in the verifier list. Server stopped. */
export async function rotateLedgerKey(dataDir: string): Promise<LedgerKeys> {
  const current = await openLedgerKeys(dataDir);
  const signer = generateKeyPair(current.origin);
  const verifierKeys = [...current.verifierKeys, signer];
  await saveKeys(dataDir, signer, verifierKeys);
  return { origin: current.origin, signer, verifierKeys };
}

/** The public keys alone (what `verify` needs); empty when the node never signed. */
export async function readVerifierKeys(dataDir: string): Promise<VerifierKey[]> {
  const text = (await readOptional(verifierKeysPath(dataDir))) ?? '';
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map(decodeVerifierKey);
}

async function saveKeys(dataDir: string, signer: Ed25519KeyPair, verifierKeys: readonly VerifierKey[]): Promise<void> {
  await mkdir(path.dirname(signerKeyPath(dataDir)), { recursive: true, mode: 0o700 });
  await mkdir(ledgerDir(dataDir), { recursive: true, mode: 0o700 });
  // Public keys first: a crash between the two writes must never leave a signer whose public key
  // is unknown to verifiers.
  const keysText = `# logwarden ledger verifier keys (C2SP signed-note), oldest first\n${verifierKeys.map(encodeVerifierKey).join('\n')}\n`;
  await writeAtomically(verifierKeysPath(dataDir), keysText, 0o600);
  await writeAtomically(signerKeyPath(dataDir), `${encodeSignerKey(signer)}\n`, 0o600);
}

async function readOrCreateOrigin(dataDir: string): Promise<string> {
  const file = path.join(ledgerDir(dataDir), 'origin');
  const existing = await readOptional(file);
  if (existing !== undefined) return existing.trim();
  // A key name may not hold spaces or '+'; the random part keeps two nodes of one host apart.
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
  const origin = `logwarden/${host}/${randomBytes(4).toString('hex')}`;
  await mkdir(ledgerDir(dataDir), { recursive: true, mode: 0o700 });
  await writeAtomically(file, `${origin}\n`, 0o600);
  return origin;
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, content, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

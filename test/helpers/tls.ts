// Test helper: a throwaway CA and certificates made with the openssl CLI, in a given directory.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
/** RSA keys, for testing which RSA cipher suites (e.g. AES128-SHA) a listener accepts. */
const NEW_RSA_KEY = ['-newkey', 'rsa:2048', '-nodes'];

export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

export async function openssl(args: string[]): Promise<string> {
  return (await execFileAsync('openssl', args)).stdout;
}

/** A self-signed CA: `<dir>/<name>.pem` and `<dir>/<name>.key`. */
export async function makeCa(dir: string, name: string): Promise<CertFiles> {
  const files = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
  await openssl([
    'req',
    '-x509',
    ...NEW_KEY,
    '-keyout',
    files.key,
    '-out',
    files.cert,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  return files;
}

/**
 * A certificate signed by `ca`: for a server (SAN 127.0.0.1 and localhost) or a client.
 * `subject` is in openssl's form, e.g. `/O=Example/CN=web-1`; `serial` is hex; the key is EC P-256
 * unless `key` is `rsa`.
 */
export async function issue(dir: string, name: string, ca: CertFiles, options: { subject: string; serial: string; use: 'server' | 'client'; key?: 'ec' | 'rsa' }): Promise<CertFiles> {
  const files = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
  const csr = path.join(dir, `${name}.csr`);
  const extensions = path.join(dir, `${name}.ext`);
  await writeFile(
    extensions,
    options.use === 'server' ? 'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' : 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n',
  );
  await openssl(['req', ...(options.key === 'rsa' ? NEW_RSA_KEY : NEW_KEY), '-keyout', files.key, '-out', csr, '-subj', options.subject]);
  await openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${options.serial}`, '-days', '2', '-out', files.cert, '-extfile', extensions]);
  return files;
}

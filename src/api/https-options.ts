// HTTPS for the API listener (R-COLLECT-3): the certificate and key of `http.tls`, read once at
// start (unlike syslog TLS, no reload: a new certificate takes a restart) and checked here, so
// that a missing file or a mismatched pair stops the start with a message naming the file.
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { TLS_SERVER_POLICY } from '../config/tls-policy.ts';
import { LogwardenError } from '../errors/codes.ts';

export interface HttpTlsFiles {
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
}

/** The secure-context options for the API, or undefined when HTTPS is not configured. */
export async function loadHttpsOptions(files: HttpTlsFiles): Promise<tls.SecureContextOptions | undefined> {
  if (files.cert === undefined || files.key === undefined) return undefined;
  const [cert, key] = await Promise.all([readPem(files.cert, 'http.tls.cert'), readPem(files.key, 'http.tls.key')]);
  const options: tls.SecureContextOptions = { cert, key, ...TLS_SERVER_POLICY };
  try {
    new X509Certificate(cert);
    tls.createSecureContext(options);
  } catch (error) {
    throw new LogwardenError(
      'LW_CONFIG_INVALID',
      `HTTPS (http.tls): cannot use certificate ${files.cert} with key ${files.key}: ${(error as Error).message}; expected a PEM certificate and its own PEM private key`,
    );
  }
  return options;
}

async function readPem(file: string, key: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new LogwardenError('LW_FILE_UNREADABLE', `${key}: cannot read ${file}: ${(error as Error).message}`, { file });
  }
}

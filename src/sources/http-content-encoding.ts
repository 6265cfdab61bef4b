// Request bodies may arrive gzip-compressed (HTTP ingest, Elasticsearch _bulk from Beats and Fluent
// Bit); the decompressed size is held to the same limit as the body.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { LogwardenError } from '../errors/codes.ts';

const gunzipAsync = promisify(gunzip);

export async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new LogwardenError('LW_INGEST_BAD_ENCODING', `unsupported Content-Encoding "${encoding}"; expected gzip or identity`);
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new LogwardenError('LW_INGEST_TOO_LARGE', `decompressed body exceeds ${maxBytes} bytes (http.maxBodyBytes)`);
    }
    throw new LogwardenError('LW_INGEST_BAD_ENCODING', `body is not valid gzip: ${(error as Error).message}`);
  }
}

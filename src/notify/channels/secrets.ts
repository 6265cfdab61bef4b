// The secrets and CA files of channels, read once at start (docs/alerting.md "Channels"): a
// password or signing secret from a file (its first line) or an environment variable, or inline.
// A missing one stops the start with a message that names where it was looked for, never the value.
import { readFile } from 'node:fs/promises';
import { LogwardenError } from '../../errors/codes.ts';

export interface SecretSource {
  readonly inline?: string;
  readonly file?: string;
  readonly env?: string;
}

function refuse(channel: string, why: string): LogwardenError {
  return new LogwardenError('LW_CONFIG_INVALID', `notifications channel "${channel}": ${why}`);
}

/** The secret, or undefined when no source is given; throws LW_CONFIG_INVALID when the source is empty or missing. */
export async function readSecret(channel: string, what: string, source: SecretSource, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (source.inline !== undefined) return source.inline;
  if (source.env !== undefined) {
    const value = env[source.env]?.trim();
    if (value === undefined || value === '') throw refuse(channel, `the environment variable ${source.env} (its ${what}) is not set`);
    return value;
  }
  if (source.file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(source.file, 'utf8');
  } catch (error) {
    throw refuse(channel, `cannot read its ${what} file ${source.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const value = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (value === '') throw refuse(channel, `its ${what} file ${source.file} is empty`);
  return value;
}

/** A PEM file of certificate authorities to trust. */
export async function readCa(channel: string, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw refuse(channel, `cannot read its CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Replace every occurrence of the secrets in a text (an error from a library may echo what it was given). */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 4) clean = clean.split(secret).join('***');
  return clean;
}

// The CLI's HTTP client for a running server. The token comes from --token-file, then
// LOGWARDEN_TOKEN, then the initial admin token of ./data (handy on the machine that runs serve).
import { readFileSync } from 'node:fs';
import { LogwardenError } from '../errors/codes.ts';
import { TokenStore } from '../access/tokens.ts';

export interface ClientOptions {
  readonly server: string;
  readonly tokenFile?: string;
}

export const DEFAULT_SERVER = 'http://127.0.0.1:9280';

export function resolveToken(options: ClientOptions, env: NodeJS.ProcessEnv): string {
  const file = options.tokenFile ?? (env['LOGWARDEN_TOKEN'] ? undefined : TokenStore.initialAdminTokenPath('./data'));
  if (file === undefined) return (env['LOGWARDEN_TOKEN'] as string).trim();
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new LogwardenError('LW_CLI_SERVER', `cannot read token file ${file}: ${(error as Error).message} (use --token-file or LOGWARDEN_TOKEN)`);
  }
}

export async function getJson<T>(options: ClientOptions, token: string, route: string, params: Record<string, string | undefined>): Promise<T> {
  const url = new URL(route, options.server);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return requestJson<T>(options, token, 'GET', `${url.pathname}${url.search}`);
}

export async function requestJson<T>(options: ClientOptions, token: string, method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(route, options.server), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new LogwardenError('LW_CLI_SERVER', `cannot reach ${options.server}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const answer = (await response.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!response.ok) {
    const detail = answer.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${response.status}`;
    throw new LogwardenError('LW_CLI_SERVER', `${options.server} answered ${detail}`, { status: response.status, body: answer });
  }
  return answer;
}

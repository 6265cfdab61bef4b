// The CLI's HTTP client for a running server. The token comes from --token-file, then
// LOGWARDEN_TOKEN, then the initial admin token of ./data (handy on the machine that runs serve).
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { describeIssues } from '../contracts/parse.ts';
import { errorResponse } from '../contracts/errors.ts';
import { LogwardenError } from '../errors/codes.ts';
import { TokenStore } from '../access/tokens.ts';
import { exchange, type Answer } from './http-exchange.ts';
import { parseServerUrl } from './server-url.ts';
import { visibleText } from './visible-text.ts';

export interface ClientOptions {
  /** The --server flag as given: a URL, or HOST:PORT meaning http://HOST:PORT. */
  readonly server: string;
  readonly tokenFile?: string;
  /** From --timeout; when absent each command uses its own default. */
  readonly timeoutMs?: number;
}

export const DEFAULT_SERVER = 'http://127.0.0.1:9280';
/** Most answers take milliseconds; a search over a large range may take seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Server-side verify answers only when it has read every record: minutes on a large store. */
export const LONG_TIMEOUT_MS = 30 * 60_000;

export function resolveToken(options: ClientOptions, env: NodeJS.ProcessEnv): string {
  const file = options.tokenFile ?? (env['LOGWARDEN_TOKEN'] ? undefined : TokenStore.initialAdminTokenPath('./data'));
  if (file === undefined) return (env['LOGWARDEN_TOKEN'] as string).trim();
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new LogwardenError('LW_CLI_SERVER', `cannot read token file ${file}: ${(error as Error).message} (use --token-file or LOGWARDEN_TOKEN)`);
  }
}

/** GET `route` with query `params`; the answer is parsed with `contract` (src/contracts/). */
export async function getJson<T extends z.ZodType>(contract: T, options: ClientOptions, token: string, route: string, params: Record<string, string | undefined>): Promise<z.output<T>> {
  const url = new URL(route, parseServerUrl(options.server));
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return requestJson(contract, options, token, 'GET', `${url.pathname}${url.search}`);
}

export async function requestJson<T extends z.ZodType>(
  contract: T,
  options: ClientOptions,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  route: string,
  body?: unknown,
): Promise<z.output<T>> {
  const base = parseServerUrl(options.server);
  const label = base.origin;
  const answer = await exchange(
    {
      method,
      url: new URL(route, base),
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    },
    label,
  );
  return interpretAnswer(contract, answer, label);
}

/**
 * A logwarden answer is JSON in the shape of its contract; its errors carry an `LW_` code (the
 * error contract). Anything else is another service, or a server this CLI does not match.
 */
export function interpretAnswer<T extends z.ZodType>(contract: T, answer: Answer, label: string): z.output<T> {
  const parsed = parseJson(answer);
  if (answer.status >= 200 && answer.status < 300 && parsed !== undefined) return answerOf(contract, parsed, label);
  const error = errorResponse.safeParse(parsed);
  // An LW_ code this CLI does not know yet (a newer server) is still logwarden's answer.
  const code = error.success ? error.data.error.code : lwCode(parsed);
  if (code === undefined) throw new LogwardenError('LW_CLI_SERVER', `no logwarden API at ${label}: ${foreignAnswer(answer)}`, { status: answer.status });
  const retry = answer.headers['retry-after'] === undefined ? '' : ` (Retry-After: ${visibleText(String(answer.headers['retry-after']))} s)`;
  const message = `${label} answered ${code}: ${visibleText(String((parsed as { error: { message?: unknown } }).error.message ?? ''))}${retry}`;
  throw new LogwardenError('LW_CLI_SERVER', message, { status: answer.status, body: parsed });
}

function answerOf<T extends z.ZodType>(contract: T, parsed: unknown, label: string): z.output<T> {
  const result = contract.safeParse(parsed);
  if (result.success) return result.data;
  throw new LogwardenError('LW_CLI_SERVER', `${label} answered in a shape this CLI does not expect (${visibleText(describeIssues(result.error))}); is the CLI the server's version?`);
}

function lwCode(parsed: unknown): string | undefined {
  const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && code.startsWith('LW_') ? code : undefined;
}

function parseJson(answer: Answer): unknown {
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(answer.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}

/** What came back instead, with the start of its body (escaped: it is another program's text). */
function foreignAnswer(answer: Answer): string {
  const type = answer.headers['content-type'] ?? 'no content type';
  const text = answer.body.trim();
  const excerpt = text === '' ? 'an empty body' : `"${visibleText(text.slice(0, 160))}${text.length > 160 ? '…' : ''}"`;
  return `got HTTP ${answer.status} (${visibleText(type)}) that is not a logwarden answer: ${excerpt} (is --server the logwarden HTTP API address?)`;
}

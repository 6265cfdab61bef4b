// The UI's calls to the HTTP API (docs/api.md): same origin, the session cookie, and the CSRF
// token the sign-in answered on every state-changing request. Answers are typed by the contracts
// the server and the CLI use (src/contracts/, imported as types only, so no schema code ships).
// A failed call throws an ApiError with the server's code, message and, for a query error, the
// character position to underline.
import { signal } from '@preact/signals';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The 0-based offset in the query an LW_QUERY_* error refers to. */
  readonly position: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.position = typeof details['position'] === 'number' ? details['position'] : undefined;
  }
}

/** The CSRF token of the signed-in browser session (set by session.ts). */
export const csrfToken = signal<string | undefined>(undefined);
/** Called when the server says the session is gone (401): session.ts shows the sign-in again. */
export const sessionLost = signal(0);

type QueryValue = string | number | boolean | undefined;

export interface CallOptions {
  readonly query?: Record<string, QueryValue>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** `/api/v1/search` with `{q: 'x', limit: 5}` → `/api/v1/search?q=x&limit=5` (undefined left out). */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function call(method: string, path: string, options: CallOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken.value !== undefined) headers['x-csrf-token'] = csrfToken.value;
  const response = await fetch(apiUrl(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: { error?: { code?: string; message?: string } & Record<string, unknown> } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not one of the API's coded errors (a proxy's page): keep the status line.
  }
  const { code = `HTTP_${response.status}`, message = text.slice(0, 200) || response.statusText, ...details } = body.error ?? {};
  if (response.status === 401 && code !== 'LW_SIGN_IN_FAILED') sessionLost.value++;
  return new ApiError(response.status, code, message, details);
}

/** A JSON answer from the API. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
  const response = await call(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A text answer (a checkpoint note, the transparency file). */
export async function apiText(path: string, options: CallOptions = {}): Promise<string> {
  return (await call('GET', path, options)).text();
}

/** What went wrong, for a person: the server's message, or why the call did not reach it. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
  return error instanceof Error ? `the server could not be reached: ${error.message}` : String(error);
}

// Checking what a client sent against a contract: every problem is named, as LW_BAD_REQUEST.
import type { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';

export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new LogwardenError('LW_BAD_REQUEST', describeIssues(result.error));
}

/** `path: message; …`, with `query` for a problem of the whole input. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}

/**
 * A JSON request body (a Buffer from the API's one content-type parser), or undefined when there
 * is none. `expected` says what was wanted, for a body that is not JSON.
 */
export function jsonRequestBody(body: unknown, expected: string): unknown {
  if (!(body instanceof Uint8Array) || body.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as unknown;
  } catch (error) {
    throw new LogwardenError('LW_BAD_REQUEST', `body is not valid JSON (expected ${expected}): ${(error as Error).message}`);
  }
}

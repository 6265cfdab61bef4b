// Request parameters are checked with the project's one schema library; every problem is named.
import type { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';

export function parseParams<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
  throw new LogwardenError('LW_BAD_REQUEST', problems.join('; '));
}

// A native API error answer: `{"error":{"code","message",…evidence}}` (docs/errors.md). Pure.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors/codes.ts';

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const errorResponse = z.object({
  error: z.looseObject({
    code: z.enum(codes),
    message: z.string(),
    /** Seconds to wait before sending the request again, when the error says (also the Retry-After header). */
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

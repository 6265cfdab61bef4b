// `POST /api/v1/parse/explain`: one line in, what the parsers make of it out (src/parsers/explain.ts
// builds the answer; `logwarden parse --explain` prints the same object). Pure.
import { z } from 'zod';
import { publicEvent } from './event.ts';

/** The APP-NAME rule of RFC 5424: 1 to 48 printable ASCII characters, no space. */
export const PROGRAM_NAME_PATTERN = /^[!-~]{1,48}$/;

export const parseExplainBody = z
  .object({
    /** A whole syslog line, a JSON document (starting with `{`), or with `program` a bare message. */
    line: z.string().min(1, 'expected a line of at least one character'),
    program: z.string().regex(PROGRAM_NAME_PATTERN, 'expected a program name of 1 to 48 printable ASCII characters without spaces').optional(),
  })
  .strict();
export type ParseExplainBody = z.infer<typeof parseExplainBody>;

export const parseExplanation = z.object({
  input: z.enum(['syslog', 'json', 'message']),
  program: z.string(),
  recognised: z.boolean(),
  parser: z.string().optional(),
  rule: z.string().optional(),
  fieldsSet: publicEvent,
  problems: z.array(z.string()).readonly(),
  normalised: publicEvent,
  why: z.string().optional(),
  event: publicEvent,
});
export type ParseExplanationContract = z.infer<typeof parseExplanation>;

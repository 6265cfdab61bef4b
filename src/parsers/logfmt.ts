// Placeholder: filled by issue 11's work on the logfmt parser.
import type { Parser } from './parser.ts';

export const LOGFMT_PARSERS: readonly Parser[] = [];

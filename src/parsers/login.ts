// Placeholder: filled by issue 11's work on the login parser.
import type { Parser } from './parser.ts';

export const LOGIN_PARSERS: readonly Parser[] = [];

// Placeholder: filled by issue 11's work on the accounts parser.
import type { Parser } from './parser.ts';

export const ACCOUNTS_PARSERS: readonly Parser[] = [];

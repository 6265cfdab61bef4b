// Placeholder: filled by issue 11's work on the pam parser.
import type { Parser } from './parser.ts';

export const PAM_PARSERS: readonly Parser[] = [];

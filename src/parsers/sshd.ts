// Placeholder: filled by issue 11's work on the sshd parser.
import type { Parser } from './parser.ts';

export const SSHD_PARSERS: readonly Parser[] = [];

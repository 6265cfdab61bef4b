// Placeholder: filled by issue 11's work on the auditd parser.
import type { Parser } from './parser.ts';

export const AUDITD_PARSERS: readonly Parser[] = [];

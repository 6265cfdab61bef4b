// Placeholder: filled by issue 11's work on the su parser.
import type { Parser } from './parser.ts';

export const SU_PARSERS: readonly Parser[] = [];

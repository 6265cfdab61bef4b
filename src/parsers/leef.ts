// Placeholder: filled by issue 11's work on the leef parser.
import type { Parser } from './parser.ts';

export const LEEF_PARSERS: readonly Parser[] = [];

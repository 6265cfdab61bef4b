// Placeholder: filled by issue 11's work on the sudo parser.
import type { Parser } from './parser.ts';

export const SUDO_PARSERS: readonly Parser[] = [];

// Placeholder: filled by issue 11's work on the web-access parser.
import type { Parser } from './parser.ts';

export const WEB_ACCESS_PARSERS: readonly Parser[] = [];

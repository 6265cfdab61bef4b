// Placeholder: filled by issue 11's work on the web-error parser.
import type { Parser } from './parser.ts';

export const WEB_ERROR_PARSERS: readonly Parser[] = [];

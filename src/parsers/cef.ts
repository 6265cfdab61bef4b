// Placeholder: filled by issue 11's work on the cef parser.
import type { Parser } from './parser.ts';

export const CEF_PARSERS: readonly Parser[] = [];

// Placeholder: filled by issue 11's work on the windows-security parser.
import type { Parser } from './parser.ts';

export const WINDOWS_SECURITY_PARSERS: readonly Parser[] = [];

// Placeholder: filled by issue 11's work on the apparmor parser.
import type { Parser } from './parser.ts';

export const APPARMOR_PARSERS: readonly Parser[] = [];

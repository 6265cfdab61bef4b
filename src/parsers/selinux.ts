// Placeholder: filled by issue 11's work on the selinux parser.
import type { Parser } from './parser.ts';

export const SELINUX_PARSERS: readonly Parser[] = [];

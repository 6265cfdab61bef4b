// Placeholder: filled by issue 11's work on the systemd parser.
import type { Parser } from './parser.ts';

export const SYSTEMD_PARSERS: readonly Parser[] = [];

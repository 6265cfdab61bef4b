// Placeholder: filled by issue 11's work on the cron parser.
import type { Parser } from './parser.ts';

export const CRON_PARSERS: readonly Parser[] = [];

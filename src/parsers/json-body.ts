// Placeholder: filled by issue 11's work on the json-body parser.
import type { Parser } from './parser.ts';

export const JSON_BODY_PARSERS: readonly Parser[] = [];

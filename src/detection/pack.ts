// Where the shipped rule pack lives: `rules/logwarden/` at the top of the checkout (the same from
// src/ and from dist/). On by default (config detection.pack).
import { fileURLToPath } from 'node:url';

export const PACK_RULESET = 'logwarden';
export const PACK_DIR = fileURLToPath(new URL('../../rules/logwarden/', import.meta.url));

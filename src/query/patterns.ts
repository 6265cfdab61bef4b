// Turning user text into the patterns ClickHouse matches message and keyword columns with. The
// results are always bound as parameters, never spliced into SQL; the escaping here is about the
// pattern languages (LIKE, RE2), not about SQL.

import type { TermPart } from './ast.ts';

/**
 * Splits like the message column's text index (tokenizer splitByNonAlpha): tokens are runs of ASCII
 * letters and digits and of any non-ASCII characters; every other ASCII character separates.
 */
const SEPARATORS = /[\x00-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]+/;

export function textTokens(text: string): string[] {
  return text.split(SEPARATORS).filter((token) => token !== '');
}

/**
 * Tokens the index can look up case-insensitively. Its preprocessor is lower(), which folds ASCII
 * only, so a token with non-ASCII letters (CAFÉ vs café) must not be required from the index.
 */
export function indexableTokens(text: string): string[] {
  return textTokens(text).filter((token) => /^[0-9A-Za-z]+$/.test(token));
}

function isTokenChar(ch: string | undefined): boolean {
  return ch !== undefined && !SEPARATORS.test(ch);
}

const BOUNDARY = '[\\x{00}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7F}]';

/**
 * An RE2 pattern matching the text case-insensitively where it starts and ends on token boundaries:
 * `10.0.0.1` matches in "from 10.0.0.1 port" but not in "10.0.0.11". Every ASCII non-alphanumeric
 * is written as \x{..}, which RE2 reads literally whatever the character.
 */
export function tokenBoundedRegex(text: string): string {
  const left = isTokenChar(text[0]) ? `(?:^|${BOUNDARY})` : '';
  const right = isTokenChar(text[text.length - 1]) ? `(?:$|${BOUNDARY})` : '';
  return `(?i)${left}${escapeRegex(text)}${right}`;
}

function escapeRegex(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code < 0x80 && !/[0-9A-Za-z]/.test(ch) ? `\\x{${code.toString(16).padStart(2, '0')}}` : ch;
  }
  return out;
}

/**
 * A LIKE pattern (case-sensitive matches only): literal text with \, % and _ escaped, `*` → %,
 * `?` → _. Anchored for keyword fields (the whole value matches); unanchored for free text.
 */
export function likePattern(parts: readonly TermPart[], anchored: boolean): string {
  const body = parts.map((part) => (part.kind === 'text' ? part.text.replace(/[\\%_]/g, '\\$&') : part.kind === 'anyRun' ? '%' : '_')).join('');
  if (anchored) return body;
  const prefix = parts[0]?.kind === 'anyRun' ? '' : '%';
  const suffix = parts[parts.length - 1]?.kind === 'anyRun' ? '' : '%';
  return `${prefix}${body}${suffix}`;
}

/**
 * The case-insensitive form of a wildcard pattern, as RE2: `(?is)`, literal text escaped, `*` →
 * `.*`, `?` → `.` (one character, newlines included). Not ILIKE: ClickHouse's ILIKE folds case
 * per character in its own way ('staging' ILIKE '%ſ%' is false, and 'Kelvin' ILIKE '%K%' with the
 * Kelvin sign is false while 'kelvin' is true), whereas RE2's `(?i)` and JavaScript's `iu` both
 * use Unicode simple case folding, the one rule every case-insensitive match follows
 * (docs/query-language.md, "Letter case").
 */
export function foldedRegex(parts: readonly TermPart[], anchored: boolean): string {
  // With (?s), a `*` at either end constrains nothing: drop it, and the anchor on that side.
  const first = parts[0]?.kind === 'anyRun';
  const rest = first ? parts.slice(1) : parts;
  const last = rest.length > 0 && rest[rest.length - 1]!.kind === 'anyRun';
  const inner = last ? rest.slice(0, -1) : rest;
  const body = inner.map((part) => (part.kind === 'text' ? escapeRegex(part.text) : part.kind === 'anyRun' ? '.*' : '.')).join('');
  if (!anchored) return `(?is)${body}`;
  const open = first ? '' : '^';
  const close = last || (first && inner.length === 0) ? '' : '$';
  return `(?is)${open}${body}${close}`;
}

// Rewriting free text for a masked caller: in one pass over the text, the record's own masked
// values (any case, as whole words), the dictionary's host names (whole words) and organisation
// names (anywhere, also inside longer words), e-mail addresses and every IPv4 and IPv6 address are
// replaced — values by what their field shows (pseudonym, network, `[redacted]`), addresses by
// their network. One pass, so a replacement is never rewritten again. Pure.
import { isIPv4, isIPv6 } from 'node:net';
import { generaliseAddress } from './generalise.ts';

export const REDACTED = '[redacted]';

/** What to replace in a text: values (lower case → replacement) and the dictionary's patterns. */
export interface RewriteContext {
  readonly values: ReadonlyMap<string, string>;
  readonly valuePattern: RegExp | undefined;
  readonly dictionary: readonly DictionaryPattern[];
  readonly pseudonym: (kind: string, value: string) => string;
}

export interface DictionaryPattern {
  readonly kind: 'host' | 'org';
  readonly pattern: RegExp;
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const escape = (text: string): string => text.replace(SYNTAX, '\\$&');
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';

/** One case-insensitive pattern for all the texts, longest first; whole words unless `anywhere`. */
export function wordsPattern(texts: Iterable<string>, anywhere = false): RegExp | undefined {
  const sorted = [...new Set(texts)].filter((text) => text.length > 0).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return undefined;
  const alternatives = sorted.map(escape).join('|');
  return new RegExp(anywhere ? `(?:${alternatives})` : `${NOT_AFTER_WORD}(?:${alternatives})${NOT_BEFORE_WORD}`, 'giu');
}

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})(?:%[\w.-]+)?(?![\w:])/gi;
// Each starts only where a run of its characters starts, so a long run that is no address is scanned once, not once per position.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * User names a message names without a parser having read them into a field: `user=bob`,
 * `acct="bob"`, `USER=root`, `… for user bob`, `invalid user bob`. Numbers (uids) and the
 * placeholders `-`/`?` are left; the key stays, the name becomes the user's pseudonym.
 */
const KEYED_USER = /(?<![\p{L}\p{N}_])(?:(?:user|username|user_name|login|acct|account|ruser|luser|logname|auid|suid|euid)=["']?|(?:for|invalid|by|of) user )([^\s"',;()[\]{}=]+)/dgiu;
const NOT_A_NAME = /^(?:\d+|[-?]|\(?unknown\)?|\(?null\)?|unset)$/i;

export function rewriteText(text: string, context: RewriteContext): string {
  if (text === '') return text;
  const found: Replacement[] = [];
  const lookup = (match: string): string => context.values.get(match.toLowerCase()) ?? REDACTED;
  collect(found, text, context.valuePattern, lookup);
  for (const { kind, pattern } of context.dictionary) collect(found, text, pattern, (match) => context.pseudonym(kind, match));
  collect(found, text, EMAIL, (match) => context.pseudonym('email', match.toLowerCase()));
  collectKeyedUsers(found, text, context);
  collect(found, text, IPV4, (match) => (isIPv4(match) ? generaliseAddress(match) : undefined));
  collect(found, text, IPV6, (match) => (isIPv6(match.split('%')[0] ?? '') ? generaliseAddress(match) : undefined));
  return apply(text, found);
}

function collect(found: Replacement[], text: string, pattern: RegExp | undefined, replace: (match: string) => string | undefined): void {
  if (pattern === undefined) return;
  for (const match of text.matchAll(pattern)) {
    const replacement = replace(match[0]);
    if (replacement !== undefined) found.push({ start: match.index, end: match.index + match[0].length, text: replacement });
  }
}

function collectKeyedUsers(found: Replacement[], text: string, context: RewriteContext): void {
  for (const match of text.matchAll(KEYED_USER)) {
    const name = match[1];
    const at = match.indices?.[1];
    if (name === undefined || at === undefined || NOT_A_NAME.test(name)) continue;
    found.push({ start: at[0], end: at[1], text: context.values.get(name.toLowerCase()) ?? context.pseudonym('user', name) });
  }
}

/** The text with the replacements that do not overlap an earlier (or, at the same start, longer) one. */
function apply(text: string, found: Replacement[]): string {
  if (found.length === 0) return text;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const replacement of found) {
    if (replacement.start < at) continue;
    out += text.slice(at, replacement.start) + replacement.text;
    at = replacement.end;
  }
  return out + text.slice(at);
}

// The JavaScript backend: typed predicate → a function that tells whether one event matches, for
// detection on the stream. It must agree with the SQL backend row for row (the differential test,
// match.test.ts, holds them equal against the real engine), so each case reproduces what the
// engine does with the stored row: absent values read as the column's default ('' for strings, 0
// for numbers and times, false for bools, NULL for Nullable columns), text matching follows the
// message index's tokens, and patterns are the same LIKE and RE2 patterns the SQL carries. Pure.

import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import type { FieldDef } from '../schema/fields.ts';
import type { QueryNode, TermPart } from './ast.ts';
import { fieldError } from './errors.ts';
import { isRe2Unpaired } from './case-fold.ts';
import { indexableTokens, textTokens } from './patterns.ts';
import type { FieldSel, Predicate } from './predicate.ts';
import { isArrayField, isNullable } from './predicate.ts';
import { toJsRegExp } from './regex-subset.ts';
import { resolveQuery } from './semantics.ts';
import { substringParts } from './sql-backend.ts';

export type EventMatcher = (event: LogEvent) => boolean;

export interface MatcherOptions {
  /** Epoch milliseconds that `now` in the query means. */
  readonly now: number;
  /** The query's text, for error details. */
  readonly query?: string;
  /** The field registry (default: the store's). */
  readonly fields?: readonly FieldDef[];
}

/** Compile a parsed query to a matcher. Throws the same LogwardenErrors the SQL compiler does. */
export function compileMatcher(ast: QueryNode, opts: MatcherOptions): EventMatcher {
  return predicateMatcher(resolveQuery(ast, opts));
}

export function predicateMatcher(p: Predicate): EventMatcher {
  switch (p.op) {
    case 'const':
      return () => p.value;
    case 'and': {
      const children = p.children.map(predicateMatcher);
      return (event) => children.every((child) => child(event));
    }
    case 'or': {
      const children = p.children.map(predicateMatcher);
      return (event) => children.some((child) => child(event));
    }
    case 'not': {
      const child = predicateMatcher(p.child);
      return (event) => !child(event);
    }
    case 'nonEmpty':
      return (event) => {
        const value = read(event, p.field);
        return Array.isArray(value) ? value.length > 0 : value !== '';
      };
    case 'notNull':
      return (event) => read(event, p.field) !== null;
    case 'fieldEquals':
      return fieldEqualsMatcher(p.field, p.other, p.cased);
    default: {
      const test = valueTest(p);
      if (isArrayField(p.field.def)) return (event) => (read(event, p.field) as unknown[]).some(test);
      return (event) => test(read(event, p.field));
    }
  }
}

type ValueTest = (value: unknown) => boolean;

function valueTest(p: Exclude<Predicate, { op: 'const' | 'and' | 'or' | 'not' | 'nonEmpty' | 'notNull' | 'fieldEquals' }>): ValueTest {
  switch (p.op) {
    case 'tokens':
      return tokensTest(p.text);
    case 'like':
      return regexTest(likeRegExp(p.parts, p.anchored, p.cased));
    case 'substring':
      if (p.at === 'equals' && p.cased) return (value) => value === p.value;
      return regexTest(likeRegExp(substringParts(p.at, p.value), true, p.cased));
    case 'compare':
      return compareTest(p.cmp, p.value);
    case 'bool':
      return (value) => value === p.value;
    case 'ipRange':
      return ipRangeTest(p.range);
    case 'regex':
      return regexTest(toJsRegExp(p.pattern, p.cased, (message) => fieldError('', 0, message)));
  }
}

/**
 * Two fields' stored values equal, as the SQL backend compares them: integers when both are
 * present (NULL equals nothing), strings whole, case-insensitively through the same pattern a
 * constant value gets, built from the other field's value.
 */
function fieldEqualsMatcher(field: FieldSel, other: FieldSel, cased: boolean): EventMatcher {
  if (field.def.kind === 'int') {
    return (event) => {
      const a = read(event, field);
      const b = read(event, other);
      return a !== null && b !== null && String(a) === String(b);
    };
  }
  let last: { readonly text: string; readonly re: RegExp } | undefined;
  const folded = (text: string): RegExp => {
    if (last?.text !== text) last = { text, re: likeRegExp([{ kind: 'text', text }], true, false) };
    return last.re;
  };
  return (event) => {
    const a = read(event, field);
    const b = read(event, other);
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    return cased ? a === b : folded(b).test(a);
  };
}

/** The stored value the engine would compare: the event's, or the column's default when absent. */
function read(event: LogEvent, field: FieldSel): unknown {
  const value = event[field.def.name] as unknown;
  if (field.key !== undefined) return (value as Readonly<Record<string, string>> | undefined)?.[field.key] ?? '';
  if (isArrayField(field.def)) return Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  if (value !== undefined && value !== null) return value;
  if (isNullable(field.def)) return null;
  const kind = field.def.kind;
  return kind === 'int' || kind === 'time' ? 0 : kind === 'bool' ? false : '';
}

function regexTest(re: RegExp): ValueTest {
  return (value) => typeof value === 'string' && re.test(value);
}

const BOUNDARY = '[\\u{00}-\\u{2F}\\u{3A}-\\u{40}\\u{5B}-\\u{60}\\u{7B}-\\u{7F}]';
/** A literal character; one RE2 does not case-fold is kept case-sensitive (case-fold.ts). */
const escapeChar = (ch: string): string => {
  const code = ch.codePointAt(0)!;
  if (/^[0-9A-Za-z]$/.test(ch)) return ch;
  if (code < 0x80) return `\\u{${code.toString(16)}}`;
  return isRe2Unpaired(code) ? `(?-i:${ch})` : ch;
};
const escapeText = (text: string): string => [...text].map(escapeChar).join('');
const lowerAscii = (text: string): string => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/**
 * The SQL backend's hasAllTokens (the index lowers ASCII only) and, unless the text is one plain
 * word, its case-insensitive RE2 match on token boundaries.
 */
function tokensTest(text: string): ValueTest {
  const tokens = textTokens(text);
  const needles = indexableTokens(text).map(lowerAscii);
  const hasTokens = (value: string): boolean => {
    const present = new Set(textTokens(lowerAscii(value)));
    return needles.every((needle) => present.has(needle));
  };
  if (tokens.length === 1 && needles.length === 1 && tokens[0] === text) return (value) => typeof value === 'string' && hasTokens(value);
  const left = /^[^\x00-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]/.test(text) ? `(?:^|${BOUNDARY})` : '';
  const right = /[^\x00-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]$/u.test(text) ? `(?:$|${BOUNDARY})` : '';
  const re = new RegExp(`${left}${escapeText(text)}${right}`, 'iu');
  return (value) => typeof value === 'string' && hasTokens(value) && re.test(value);
}

/**
 * LIKE, or case-insensitively the SQL's RE2 `(?is)` pattern (patterns.ts foldedRegex): `*` any run of
 * characters (newlines too), `?` exactly one character. The `iu` flags fold case by Unicode simple
 * case folding, as RE2's (?i) does.
 */
function likeRegExp(parts: readonly TermPart[], anchored: boolean, cased: boolean): RegExp {
  const body = parts.map((part) => (part.kind === 'text' ? escapeText(part.text) : part.kind === 'anyRun' ? '.*' : '.')).join('');
  return new RegExp(anchored ? `^${body}$` : body, cased ? 'su' : 'siu');
}

function compareTest(cmp: string, bound: number | string): ValueTest {
  const big = BigInt(bound);
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    const v = BigInt(Math.trunc(value));
    return cmp === '=' ? v === big : cmp === '>' ? v > big : cmp === '>=' ? v >= big : cmp === '<' ? v < big : v <= big;
  };
}

/** Same family only, as isIPAddressInRange; a stored non-address never matches. */
function ipRangeTest(range: string): ValueTest {
  const slash = range.indexOf('/');
  const network = range.slice(0, slash);
  const family = isIPv4(network) ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(network, Number(range.slice(slash + 1)), family);
  return (value) => {
    if (typeof value !== 'string') return false;
    const valueFamily = isIPv4(value) ? 'ipv4' : isIPv6(value) ? 'ipv6' : undefined;
    return valueFamily === family && list.check(value, family);
  };
}

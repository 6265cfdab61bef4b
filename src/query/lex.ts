// The query language's lexer (see parse.ts for the grammar). Pure.

import type { Bound, CompareOp, CompareValue, RangeValue, TermPart } from './ast.ts';
import { isMatchAnything, literalText } from './ast.ts';
import { describeSource, fieldError, syntaxError } from './errors.ts';

// ---------------------------------------------------------------------------------------------
// Lexer. What a character means depends on where it is (a colon ends a field name but is part of
// an IPv6 value; `[` opens a range only after `field:`), so the parser asks for the next token in
// one of three modes:
//   clause: the top level: operators, phrases, words, `name:` field prefixes
//   group:  inside `field:( … )`: operators, phrases, values (colons, ranges, comparisons)
//   value:  right after `field:`: one value; `-` and `!` are ordinary characters there
// ---------------------------------------------------------------------------------------------

export type LexMode = 'clause' | 'group' | 'value';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Token =
  | (Span & { readonly kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'eof' })
  | (Span & { readonly kind: 'phrase'; readonly text: string })
  | (Span & { readonly kind: 'word'; readonly parts: readonly TermPart[] })
  | (Span & { readonly kind: 'field'; readonly name: string })
  | (Span & { readonly kind: 'range'; readonly value: RangeValue })
  | (Span & { readonly kind: 'compare'; readonly value: CompareValue });

export type ValueToken = Extract<Token, { kind: 'phrase' | 'word' | 'range' | 'compare' }>;

export function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

export function isValueStop(ch: string): boolean {
  return isWhitespace(ch) || ch === '(' || ch === ')' || ch === '"';
}

export function isClauseStop(ch: string): boolean {
  return isValueStop(ch) || ch === ':';
}

export function isBoundStop(ch: string): boolean {
  return isValueStop(ch) || ch === '[' || ch === ']' || ch === '{' || ch === '}';
}

export function skipWhitespace(src: string, pos: number): number {
  while (isWhitespace(src[pos])) pos++;
  return pos;
}

/** `end of query`, or the run of non-blank text at pos, for "found …" in messages. */
export function describeAt(src: string, pos: number): string {
  let end = pos;
  while (end < src.length && !isWhitespace(src[end])) end++;
  return describeSource(src, pos, end);
}

export function lexToken(src: string, pos: number, mode: LexMode): Token {
  const start = skipWhitespace(src, pos);
  const ch = src[start];
  if (ch === undefined) return { kind: 'eof', start, end: start };
  if (ch === '(') return { kind: 'lparen', start, end: start + 1 };
  if (ch === ')') return { kind: 'rparen', start, end: start + 1 };
  if (ch === '"') {
    const phrase = scanPhrase(src, start);
    return { kind: 'phrase', start, end: phrase.end, text: phrase.text };
  }
  const operator = lexSymbolOperator(src, start, mode);
  if (operator) return operator;
  if (mode !== 'clause' && (ch === '[' || ch === '{')) return scanRange(src, start);
  if (mode !== 'clause' && (ch === '>' || ch === '<')) return scanCompare(src, start);
  return lexWord(src, start, mode);
}

/** `&&`, `||`, and (outside a single value) `!` and a leading `-`. */
export function lexSymbolOperator(src: string, start: number, mode: LexMode): Token | undefined {
  if (src.startsWith('&&', start)) return { kind: 'and', start, end: start + 2 };
  if (src.startsWith('||', start)) return { kind: 'or', start, end: start + 2 };
  if (mode === 'value') return undefined;
  if (src[start] === '!') return { kind: 'not', start, end: start + 1 };
  if (src[start] !== '-') return undefined;
  // `-` negates only when glued to its clause, as in Lucene. Otherwise it is text: a lone dash, or
  // `--verbose` and `-->` pasted from a log line, are searched for rather than rejected.
  const next = src[start + 1];
  if (next === undefined || isWhitespace(next) || next === '-' || next === ')') return undefined;
  return { kind: 'not', start, end: start + 1 };
}

export function lexWord(src: string, start: number, mode: LexMode): Token {
  const scan = scanBare(src, start, mode === 'clause' ? isClauseStop : isValueStop);
  if (mode === 'clause' && src[scan.end] === ':') return fieldToken(src, start, scan);
  const keyword = scan.escaped ? undefined : KEYWORDS.get(literalText(scan.parts) ?? '');
  if (keyword) return { kind: keyword, start, end: scan.end };
  return { kind: 'word', start, end: scan.end, parts: scan.parts };
}

// Upper case only, as in Lucene: `and`/`or`/`not` are ordinary words to search for. A Map, not an
// object literal, so that a word like `constructor` cannot hit an inherited property.
export const KEYWORDS: ReadonlyMap<string, 'and' | 'or' | 'not'> = new Map([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
]);

export function fieldToken(src: string, start: number, scan: BareScan): Token {
  const name = literalText(scan.parts);
  if (name === undefined) {
    throw fieldError(src, start, `wildcards are not supported in field names (at ${start}); escape a literal * or ? with \\`);
  }
  if (name === '') {
    throw syntaxError(src, start, `expected a field name before ":" at ${start}`);
  }
  return { kind: 'field', start, end: scan.end + 1, name };
}

export interface BareScan {
  readonly parts: TermPart[];
  readonly escaped: boolean;
  readonly end: number;
}

/** An unquoted run of characters up to a stop character; `\x` makes x literal, `*` `?` are wildcards. */
export function scanBare(src: string, start: number, isStop: (ch: string) => boolean): BareScan {
  const parts: TermPart[] = [];
  let text = '';
  let escaped = false;
  let pos = start;
  while (pos < src.length) {
    const ch = src[pos]!;
    if (ch === '\\') {
      const codePoint = src.codePointAt(pos + 1);
      if (codePoint === undefined) {
        throw syntaxError(src, pos + 1, `expected a character after "\\" at ${pos}, found end of query at ${pos + 1}`);
      }
      const literal = String.fromCodePoint(codePoint);
      text += literal;
      pos += 1 + literal.length;
      escaped = true;
    } else if (isStop(ch)) {
      break;
    } else if (ch === '*' || ch === '?') {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: ch === '*' ? 'anyRun' : 'anyChar' });
      pos++;
    } else {
      text += ch;
      pos++;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return { parts, escaped, end: pos };
}

/** A quoted phrase starting at the `"` at start. Only \" and \\ are escapes, so Windows paths survive. */
export function scanPhrase(src: string, start: number): { text: string; end: number } {
  let text = '';
  let pos = start + 1;
  while (pos < src.length) {
    const ch = src[pos]!;
    if (ch === '"') return { text, end: pos + 1 };
    const next = src[pos + 1];
    if (ch === '\\' && (next === '"' || next === '\\')) {
      text += next;
      pos += 2;
    } else {
      text += ch;
      pos++;
    }
  }
  throw syntaxError(src, src.length, `expected a closing quote for the phrase opened at ${start}, found end of query at ${src.length}`);
}

export interface BoundScan {
  /** null for `*`, an open end. */
  readonly bound: Bound | null;
  readonly end: number;
  readonly bareKeyword: boolean;
}

export function scanBound(src: string, pos: number, expected: string, isStop: (ch: string) => boolean): BoundScan {
  if (src[pos] === '"') {
    const phrase = scanPhrase(src, pos);
    return { bound: { text: phrase.text, position: pos }, end: phrase.end, bareKeyword: false };
  }
  const scan = scanBare(src, pos, isStop);
  if (scan.end === pos) throw syntaxError(src, pos, `expected ${expected}, found ${describeAt(src, pos)} at ${pos}`);
  if (!scan.escaped && isMatchAnything(scan.parts)) return { bound: null, end: scan.end, bareKeyword: false };
  const text = scan.parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'anyRun' ? '*' : '?')).join('');
  return { bound: { text, position: pos }, end: scan.end, bareKeyword: !scan.escaped && text === 'TO' };
}

/** `[a TO b]`, `{a TO b}` or a mix, starting at the opening bracket. */
export function scanRange(src: string, start: number): Token {
  const open = src[start]!;
  const lower = scanBound(src, skipWhitespace(src, start + 1), `a lower bound after "${open}" at ${start}`, isBoundStop);
  if (lower.bareKeyword) {
    throw syntaxError(src, lower.bound!.position, `expected a lower bound after "${open}" at ${start}, found "TO" at ${lower.bound!.position}`);
  }
  const toAt = skipWhitespace(src, lower.end);
  const toFollowedBy = src[toAt + 2];
  if (!src.startsWith('TO', toAt) || !(toFollowedBy === undefined || isBoundStop(toFollowedBy))) {
    throw syntaxError(src, toAt, `expected "TO" in the range opened at ${start}, found ${describeAt(src, toAt)} at ${toAt}`);
  }
  const upper = scanBound(src, skipWhitespace(src, toAt + 2), `an upper bound after "TO" at ${toAt}`, isBoundStop);
  const closeAt = skipWhitespace(src, upper.end);
  const close = src[closeAt];
  if (close !== ']' && close !== '}') {
    throw syntaxError(src, closeAt, `expected "]" or "}" to close "${open}" at ${start}, found ${describeAt(src, closeAt)} at ${closeAt}`);
  }
  const value: RangeValue = {
    kind: 'range',
    lower: lower.bound,
    upper: upper.bound,
    includeLower: open === '[',
    includeUpper: close === ']',
    position: start,
  };
  return { kind: 'range', start, end: closeAt + 1, value };
}

/** `>v`, `>=v`, `<v`, `<=v`, starting at the operator. */
export function scanCompare(src: string, start: number): Token {
  const op: CompareOp = src[start + 1] === '=' ? (src[start] === '>' ? '>=' : '<=') : src[start] === '>' ? '>' : '<';
  const boundAt = skipWhitespace(src, start + op.length);
  const scan = scanBound(src, boundAt, `a value after "${op}" at ${start}`, isValueStop);
  if (scan.bound === null) {
    throw syntaxError(src, boundAt, `expected a value after "${op}" at ${start}, found "*" at ${boundAt}`);
  }
  return { kind: 'compare', start, end: scan.end, value: { kind: 'compare', op, bound: scan.bound, position: start } };
}

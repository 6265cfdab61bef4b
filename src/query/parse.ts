// The query language parser: text → syntax tree (ast.ts). Pure: no registry lookups, no I/O.
// docs/query-language.md is the user-facing description; this block is the implementer's summary.
//
//   failed                 free text: events whose message contains the word (case-insensitive)
//   10.0.0.1               a term with punctuation: the same characters, on whole-token boundaries
//   "failed password"      phrase: that exact text (case-insensitive), on whole-token boundaries;
//                          inside quotes \" is a quote and \\ a backslash; other backslashes are literal
//   fail*  ad?in           wildcards in unquoted text: * any run, ? one character; a bare * matches all
//   field:value            a field (ECS name or alias); field:"quoted value"; field:val*
//   labels.KEY:value       a key of the labels map
//   field:*                the field has a value (non-empty, not null)
//   field:>5  >=  <  <=    comparisons (int and time fields)
//   field:[a TO b]         inclusive range; {a TO b} exclusive; [a TO b} mixed; * is an open end
//   field:(a OR b -c)      a group whose bare values all apply to the field
//   AND OR NOT && || !     operators (upper case only); -clause means NOT clause; adjacent clauses
//                          are ANDed; ( ) group; precedence NOT > AND > OR; NOT NOT x is x.
//                          A dash not directly followed by a clause (`a - b`, `--x`) is text.
//   \x                     outside quotes, a backslash makes the next character literal:
//                          \* is a star, \: keeps a colon from starting a field, \- a leading dash
//
// Words stop at whitespace, ( ) and ". In a word before the first unescaped colon, the colon ends a
// field name (so `http://x` is the field `http`; quote it to search for it). After `field:` the value
// may contain colons (IPv6 addresses, times). Inside a field group `-` and `!` are NOT, as at the top.
//
// Errors are LW_QUERY_SYNTAX with details { position, query } (0-based offset in UTF-16 code units,
// i.e. a JavaScript string index); hostile sizes are LW_QUERY_LIMIT (see QUERY_LIMITS).

import type {
  Bound,
  CompareOp,
  CompareValue,
  FieldRef,
  MatchValue,
  QueryNode,
  RangeValue,
  TermPart,
} from './ast.ts';
import { isMatchAnything, literalText } from './ast.ts';
import { QUERY_LIMITS, describeSource, fieldError, limitError, syntaxError } from './errors.ts';

/** Parse a query into its syntax tree. Throws LogwardenError (LW_QUERY_SYNTAX / LW_QUERY_LIMIT). */
export function parseQuery(query: string): QueryNode {
  if (query.length > QUERY_LIMITS.maxLength) {
    throw limitError(
      query,
      QUERY_LIMITS.maxLength,
      `query is ${query.length} characters long; the limit is ${QUERY_LIMITS.maxLength}`,
      QUERY_LIMITS.maxLength,
    );
  }
  return new Parser(query).parse();
}

const MATCH_ALL: QueryNode = { type: 'all' };

// ---------------------------------------------------------------------------------------------
// Lexer. What a character means depends on where it is (a colon ends a field name but is part of
// an IPv6 value; `[` opens a range only after `field:`), so the parser asks for the next token in
// one of three modes:
//   clause: the top level: operators, phrases, words, `name:` field prefixes
//   group:  inside `field:( … )`: operators, phrases, values (colons, ranges, comparisons)
//   value:  right after `field:`: one value; `-` and `!` are ordinary characters there
// ---------------------------------------------------------------------------------------------

type LexMode = 'clause' | 'group' | 'value';

interface Span {
  readonly start: number;
  readonly end: number;
}

type Token =
  | (Span & { readonly kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'eof' })
  | (Span & { readonly kind: 'phrase'; readonly text: string })
  | (Span & { readonly kind: 'word'; readonly parts: readonly TermPart[] })
  | (Span & { readonly kind: 'field'; readonly name: string })
  | (Span & { readonly kind: 'range'; readonly value: RangeValue })
  | (Span & { readonly kind: 'compare'; readonly value: CompareValue });

type ValueToken = Extract<Token, { kind: 'phrase' | 'word' | 'range' | 'compare' }>;

function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

function isValueStop(ch: string): boolean {
  return isWhitespace(ch) || ch === '(' || ch === ')' || ch === '"';
}

function isClauseStop(ch: string): boolean {
  return isValueStop(ch) || ch === ':';
}

function isBoundStop(ch: string): boolean {
  return isValueStop(ch) || ch === '[' || ch === ']' || ch === '{' || ch === '}';
}

function skipWhitespace(src: string, pos: number): number {
  while (isWhitespace(src[pos])) pos++;
  return pos;
}

/** `end of query`, or the run of non-blank text at pos, for "found …" in messages. */
function describeAt(src: string, pos: number): string {
  let end = pos;
  while (end < src.length && !isWhitespace(src[end])) end++;
  return describeSource(src, pos, end);
}

function lexToken(src: string, pos: number, mode: LexMode): Token {
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
function lexSymbolOperator(src: string, start: number, mode: LexMode): Token | undefined {
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

function lexWord(src: string, start: number, mode: LexMode): Token {
  const scan = scanBare(src, start, mode === 'clause' ? isClauseStop : isValueStop);
  if (mode === 'clause' && src[scan.end] === ':') return fieldToken(src, start, scan);
  const keyword = scan.escaped ? undefined : KEYWORDS.get(literalText(scan.parts) ?? '');
  if (keyword) return { kind: keyword, start, end: scan.end };
  return { kind: 'word', start, end: scan.end, parts: scan.parts };
}

// Upper case only, as in Lucene: `and`/`or`/`not` are ordinary words to search for. A Map, not an
// object literal, so that a word like `constructor` cannot hit an inherited property.
const KEYWORDS: ReadonlyMap<string, 'and' | 'or' | 'not'> = new Map([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
]);

function fieldToken(src: string, start: number, scan: BareScan): Token {
  const name = literalText(scan.parts);
  if (name === undefined) {
    throw fieldError(src, start, `wildcards are not supported in field names (at ${start}); escape a literal * or ? with \\`);
  }
  if (name === '') {
    throw syntaxError(src, start, `expected a field name before ":" at ${start}`);
  }
  return { kind: 'field', start, end: scan.end + 1, name };
}

interface BareScan {
  readonly parts: TermPart[];
  readonly escaped: boolean;
  readonly end: number;
}

/** An unquoted run of characters up to a stop character; `\x` makes x literal, `*` `?` are wildcards. */
function scanBare(src: string, start: number, isStop: (ch: string) => boolean): BareScan {
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
function scanPhrase(src: string, start: number): { text: string; end: number } {
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
  throw syntaxError(
    src,
    src.length,
    `expected a closing quote for the phrase opened at ${start}, found end of query at ${src.length}`,
  );
}

interface BoundScan {
  /** null for `*`, an open end. */
  readonly bound: Bound | null;
  readonly end: number;
  readonly bareKeyword: boolean;
}

function scanBound(src: string, pos: number, expected: string, isStop: (ch: string) => boolean): BoundScan {
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
function scanRange(src: string, start: number): Token {
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
    throw syntaxError(
      src,
      closeAt,
      `expected "]" or "}" to close "${open}" at ${start}, found ${describeAt(src, closeAt)} at ${closeAt}`,
    );
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
function scanCompare(src: string, start: number): Token {
  const op: CompareOp = src[start + 1] === '=' ? (src[start] === '>' ? '>=' : '<=') : src[start] === '>' ? '>' : '<';
  const boundAt = skipWhitespace(src, start + op.length);
  const scan = scanBound(src, boundAt, `a value after "${op}" at ${start}`, isValueStop);
  if (scan.bound === null) {
    throw syntaxError(src, boundAt, `expected a value after "${op}" at ${start}, found "*" at ${boundAt}`);
  }
  return { kind: 'compare', start, end: scan.end, value: { kind: 'compare', op, bound: scan.bound, position: start } };
}

// ---------------------------------------------------------------------------------------------
// Recursive descent:  or := and (OR and)* ;  and := unary ((AND)? unary)* ;
//                     unary := (NOT | ! | -)* primary ;  primary := ( or ) | clause
// ---------------------------------------------------------------------------------------------

function startsClause(token: Token): boolean {
  return token.kind !== 'and' && token.kind !== 'or' && token.kind !== 'rparen' && token.kind !== 'eof';
}

function isValueToken(token: Token): token is ValueToken {
  return token.kind === 'phrase' || token.kind === 'word' || token.kind === 'range' || token.kind === 'compare';
}

class Parser {
  private readonly src: string;
  private pos = 0;
  private depth = 0;
  private clauses = 0;
  /** Set inside `field:( … )`: bare values there belong to this field. */
  private groupField: FieldRef | null = null;
  private lookahead: { pos: number; mode: LexMode; token: Token } | null = null;

  constructor(src: string) {
    this.src = src;
  }

  parse(): QueryNode {
    if (this.peek().kind === 'eof') return MATCH_ALL;
    const node = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'eof') {
      throw syntaxError(this.src, token.start, `unexpected ${this.describe(token)} at ${token.start}: there is no "(" to close`);
    }
    return node;
  }

  private mode(): LexMode {
    return this.groupField ? 'group' : 'clause';
  }

  private peek(): Token {
    const mode = this.mode();
    const cached = this.lookahead;
    if (cached && cached.pos === this.pos && cached.mode === mode) return cached.token;
    const token = lexToken(this.src, this.pos, mode);
    this.lookahead = { pos: this.pos, mode, token };
    return token;
  }

  private next(): Token {
    const token = this.peek();
    this.pos = token.end;
    return token;
  }

  private describe(token: Token): string {
    return describeSource(this.src, token.start, token.end);
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek().kind === 'or') {
      this.expectClauseAfter(this.next());
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'and') this.expectClauseAfter(this.next());
      else if (!startsClause(token)) break;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private parseUnary(): QueryNode {
    // A loop, not recursion: a query of 8000 dashes must not cost 8000 stack frames.
    let negations = 0;
    while (this.peek().kind === 'not') {
      this.expectClauseAfter(this.next());
      negations++;
    }
    const node = this.parsePrimary();
    return negations % 2 === 1 ? { type: 'not', child: node } : node;
  }

  private expectClauseAfter(operator: Token): void {
    const token = this.peek();
    if (startsClause(token)) return;
    throw syntaxError(
      this.src,
      token.start,
      `expected a clause after ${this.describe(operator)} at ${operator.start}, found ${this.describe(token)} at ${token.start}`,
    );
  }

  private parsePrimary(): QueryNode {
    const token = this.next();
    if (token.kind === 'lparen') return this.parseGroup(token, this.groupField);
    if (token.kind === 'field') return this.parseFieldValue(token);
    if (isValueToken(token)) return this.leaf(token, this.groupField);
    throw syntaxError(this.src, token.start, `expected a clause, found ${this.describe(token)} at ${token.start}`);
  }

  private parseGroup(open: Token, field: FieldRef | null): QueryNode {
    if (this.depth >= QUERY_LIMITS.maxDepth) {
      throw limitError(
        this.src,
        open.start,
        `query nests groups deeper than ${QUERY_LIMITS.maxDepth} levels at ${open.start}`,
        QUERY_LIMITS.maxDepth,
      );
    }
    const outerField = this.groupField;
    this.depth++;
    this.groupField = field;
    const node = this.parseOr();
    const close = this.next();
    if (close.kind !== 'rparen') {
      throw syntaxError(
        this.src,
        close.start,
        `expected ")" to close "(" at ${open.start}, found ${this.describe(close)} at ${close.start}`,
      );
    }
    this.groupField = outerField;
    this.depth--;
    return node;
  }

  private parseFieldValue(fieldToken: Extract<Token, { kind: 'field' }>): QueryNode {
    const field: FieldRef = { name: fieldToken.name, position: fieldToken.start };
    const token = lexToken(this.src, this.pos, 'value');
    this.pos = token.end;
    if (token.kind === 'lparen') return this.parseGroup(token, field);
    if (isValueToken(token)) return this.leaf(token, field);
    const prefix = describeSource(this.src, fieldToken.start, fieldToken.end);
    throw syntaxError(
      this.src,
      token.start,
      `expected a value after ${prefix} at ${fieldToken.start}, found ${this.describe(token)} at ${token.start}`,
    );
  }

  private leaf(token: ValueToken, field: FieldRef | null): QueryNode {
    this.clauses++;
    if (this.clauses > QUERY_LIMITS.maxClauses) {
      throw limitError(
        this.src,
        token.start,
        `query has more than ${QUERY_LIMITS.maxClauses} clauses (at ${token.start})`,
        QUERY_LIMITS.maxClauses,
      );
    }
    const value = toMatchValue(token, field !== null);
    return value ? { type: 'match', field, value } : MATCH_ALL;
  }
}

/** The value a token stands for; undefined for a bare free-text `*`, which matches everything. */
function toMatchValue(token: ValueToken, hasField: boolean): MatchValue | undefined {
  switch (token.kind) {
    case 'phrase':
      return { kind: 'phrase', text: token.text, position: token.start };
    case 'range':
    case 'compare':
      return token.value;
    case 'word':
      if (!isMatchAnything(token.parts)) return { kind: 'term', parts: token.parts, position: token.start };
      return hasField ? { kind: 'exists', position: token.start } : undefined;
  }
}

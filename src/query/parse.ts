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

import type { FieldRef, MatchValue, QueryNode } from './ast.ts';
import { isMatchAnything } from './ast.ts';
import { QUERY_LIMITS, describeSource, limitError, syntaxError } from './errors.ts';
import { lexToken, type LexMode, type Token, type ValueToken } from './lex.ts';

/** Parse a query into its syntax tree. Throws LogwardenError (LW_QUERY_SYNTAX / LW_QUERY_LIMIT). */
export function parseQuery(query: string): QueryNode {
  if (query.length > QUERY_LIMITS.maxLength) {
    throw limitError(query, QUERY_LIMITS.maxLength, `query is ${query.length} characters long; the limit is ${QUERY_LIMITS.maxLength}`, QUERY_LIMITS.maxLength);
  }
  return new Parser(query).parse();
}

const MATCH_ALL: QueryNode = { type: 'all' };

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
    throw syntaxError(this.src, token.start, `expected a clause after ${this.describe(operator)} at ${operator.start}, found ${this.describe(token)} at ${token.start}`);
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
      throw limitError(this.src, open.start, `query nests groups deeper than ${QUERY_LIMITS.maxDepth} levels at ${open.start}`, QUERY_LIMITS.maxDepth);
    }
    const outerField = this.groupField;
    this.depth++;
    this.groupField = field;
    const node = this.parseOr();
    const close = this.next();
    if (close.kind !== 'rparen') {
      throw syntaxError(this.src, close.start, `expected ")" to close "(" at ${open.start}, found ${this.describe(close)} at ${close.start}`);
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
    throw syntaxError(this.src, token.start, `expected a value after ${prefix} at ${fieldToken.start}, found ${this.describe(token)} at ${token.start}`);
  }

  private leaf(token: ValueToken, field: FieldRef | null): QueryNode {
    this.clauses++;
    if (this.clauses > QUERY_LIMITS.maxClauses) {
      throw limitError(this.src, token.start, `query has more than ${QUERY_LIMITS.maxClauses} clauses (at ${token.start})`, QUERY_LIMITS.maxClauses);
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

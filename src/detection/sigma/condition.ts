// Sigma's condition expressions: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `any of`
// (the same as `1 of`), `1 of them`, `all of them`, over a rule's search identifiers. Precedence,
// least binding first: or, and, not, `x of`, parentheses. Operators are case-insensitive,
// identifiers are not. `them` and a pattern leave out identifiers starting with `_` (the
// specification's convention), unless the pattern itself starts with `_`. Pure.
import type { Condition } from '../rule.ts';
import { SigmaRuleError } from './errors.ts';

interface Token {
  readonly text: string;
  readonly at: number;
}

const TOKEN = /\s*(\(|\)|[^\s()]+)/y;
/** Any word but an operator character: YAML keys may hold letters of any script, dots, dashes. */
const IDENTIFIER = /^[^|&!=<>"',]+$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any']);
/** Nesting (parentheses and `not`) beyond this is no real rule, and would only exhaust the stack. */
const MAX_DEPTH = 64;

/** Parse a condition; `searches` are the rule's identifiers, for `them` and wildcards. Throws SigmaRuleError. */
export function parseCondition(text: string, searches: readonly string[]): Condition {
  return new Parser(text, searches).parse();
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) tokens.push({ text: m[1]!, at: m.index + m[0].length - m[1]!.length });
  return tokens;
}

class Parser {
  readonly #text: string;
  readonly #searches: readonly string[];
  readonly #tokens: Token[];
  #i = 0;
  #depth = 0;

  constructor(text: string, searches: readonly string[]) {
    this.#text = text;
    this.#searches = searches;
    this.#tokens = tokenize(text);
  }

  parse(): Condition {
    if (this.#tokens.length === 0) throw this.#error('is empty', this.#text.length);
    const condition = this.#or();
    const rest = this.#peek();
    if (rest !== undefined)
      throw this.#error(
        rest.text === '|' ? 'uses an aggregation ("|"), which Sigma v2 writes as a correlation rule' : `has ${JSON.stringify(rest.text)} where an operator or the end belongs`,
        rest.at,
      );
    return condition;
  }

  #error(what: string, at: number): SigmaRuleError {
    return new SigmaRuleError(`condition ${JSON.stringify(this.#text)} ${what} (at ${at})`);
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#i];
  }

  #keyword(word: string): boolean {
    const token = this.#peek();
    if (token?.text.toLowerCase() !== word) return false;
    this.#i++;
    return true;
  }

  #or(): Condition {
    const children = [this.#and()];
    while (this.#keyword('or')) children.push(this.#and());
    return children.length === 1 ? children[0]! : { op: 'or', children };
  }

  #and(): Condition {
    const children = [this.#not()];
    while (this.#keyword('and')) children.push(this.#not());
    return children.length === 1 ? children[0]! : { op: 'and', children };
  }

  #not(): Condition {
    const token = this.#peek();
    if (!this.#keyword('not')) return this.#primary();
    return { op: 'not', child: this.#nested(token!, () => this.#not()) };
  }

  #nested(token: Token, parse: () => Condition): Condition {
    if (++this.#depth > MAX_DEPTH) throw this.#error(`nests deeper than ${MAX_DEPTH} levels`, token.at);
    const inner = parse();
    this.#depth--;
    return inner;
  }

  #primary(): Condition {
    const token = this.#peek();
    if (token === undefined) throw this.#error('ends where a search identifier belongs', this.#text.length);
    const word = token.text.toLowerCase();
    if (token.text === '(') return this.#group(token);
    if (/^\d+$/.test(word) || word === 'all' || word === 'any') return this.#quantified(token);
    if (KEYWORDS.has(word) || !IDENTIFIER.test(token.text)) throw this.#error(`has ${JSON.stringify(token.text)} where a search identifier belongs`, token.at);
    if (token.text.includes('*')) throw this.#error(`uses the pattern ${JSON.stringify(token.text)} without "1 of" or "all of"`, token.at);
    if (!this.#searches.includes(token.text)) throw this.#error(`names ${JSON.stringify(token.text)}, which is no search identifier of the rule`, token.at);
    this.#i++;
    return { op: 'search', name: token.text };
  }

  #group(open: Token): Condition {
    this.#i++;
    const inner = this.#nested(open, () => this.#or());
    const close = this.#peek();
    if (close?.text !== ')') throw this.#error(`has a "(" without its ")"`, open.at);
    this.#i++;
    return inner;
  }

  /** `1 of x`, `all of x`, `any of x`, with x `them` or an identifier pattern. */
  #quantified(token: Token): Condition {
    const word = token.text.toLowerCase();
    if (/^\d+$/.test(word) && word !== '1') throw this.#error(`says "${word} of"; Sigma defines only "1 of" and "all of"`, token.at);
    this.#i++;
    if (!this.#keyword('of')) throw this.#error(`has "${token.text}" without "of" after it`, token.at);
    const target = this.#peek();
    if (target === undefined || target.text === '(' || target.text === ')') throw this.#error(`ends "${token.text} of" without "them" or a search identifier pattern`, target?.at ?? this.#text.length);
    this.#i++;
    const names = this.#expand(target);
    const children = names.map((name): Condition => ({ op: 'search', name }));
    if (children.length === 1) return children[0]!;
    return { op: word === 'all' ? 'and' : 'or', children };
  }

  #expand(target: Token): string[] {
    const isThem = target.text.toLowerCase() === 'them';
    if (!isThem && !IDENTIFIER.test(target.text)) throw this.#error(`has ${JSON.stringify(target.text)} where "them" or a search identifier pattern belongs`, target.at);
    const pattern = isThem ? /^/ : new RegExp(`^${target.text.replace(/[\\^$.+?()[\]{}|]/g, '\\$&').replaceAll('*', '.*')}$`, 'u');
    const withUnderscore = !isThem && target.text.startsWith('_');
    const names = this.#searches.filter((name) => pattern.test(name) && (withUnderscore || !name.startsWith('_')));
    if (names.length === 0)
      throw this.#error(isThem ? 'says "them" but the rule has no search identifiers' : `has the pattern ${JSON.stringify(target.text)}, which matches no search identifier`, target.at);
    return names;
  }
}

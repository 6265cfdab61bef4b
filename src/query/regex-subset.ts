// The regular expressions both backends agree on. The SQL backend hands the pattern to ClickHouse's
// match() (RE2); the JavaScript matcher needs a RegExp that matches exactly the same strings. This
// file accepts the subset of RE2 whose meaning JavaScript (with the `u` flag) can reproduce, and
// translates it; everything else is refused with a message naming the construct. Pure.
//
// Accepted: literals (any character; ASCII punctuation escaped with `\`), `.` (any character but
// \n, as in RE2), classes `[a-z]`, `[^…]`, `^` `$`, groups `(…)` `(?:…)`, `|`, the quantifiers
// `* + ? {n} {n,} {n,m}` (n, m ≤ 100) and their lazy forms, `\d \D \s \S`, `\n \t \r \f \v`,
// `\xHH` `\x{H…}`, and `\w \W \b \B` in case-sensitive patterns. Refused: back-references (RE2 has
// none), lookaround and named groups (RE2 has none / other syntax), inline flags (the node's `cased`
// says it), `\p{…}`, `\A \z \Q…\E \C`, POSIX classes `[[:alpha:]]`, a `{` that is not a repetition,
// and `\w \b` under case-insensitive matching (JavaScript folds ſ and K into them, RE2 does not).

export type RegexFailure = (message: string) => Error;

const MAX_PATTERN_LENGTH = 1000;
const MAX_REPEAT = 100;
const SPACE = '\\t\\n\\f\\r ';

/** Throws the failure's error unless the pattern is in the subset. */
export function checkRegex(pattern: string, cased: boolean, fail: RegexFailure): void {
  toJsRegExp(pattern, cased, fail);
}

/** The JavaScript RegExp matching what RE2 matches with this pattern (unanchored). */
export function toJsRegExp(pattern: string, cased: boolean, fail: RegexFailure): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) throw fail(`a regular expression may be at most ${MAX_PATTERN_LENGTH} characters`);
  const source = new Translator(pattern, cased, fail).run();
  try {
    return new RegExp(source, cased ? 'u' : 'iu');
  } catch (error) {
    throw fail(`not a valid regular expression: ${(error as Error).message}`);
  }
}

const hex = (code: number): string => `\\u{${code.toString(16)}}`;
const isAsciiPunct = (ch: string): boolean => /^[\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]$/.test(ch);

class Translator {
  #i = 0;
  readonly #p: string;
  readonly #cased: boolean;
  readonly #fail: RegexFailure;

  constructor(pattern: string, cased: boolean, fail: RegexFailure) {
    this.#p = pattern;
    this.#cased = cased;
    this.#fail = fail;
  }

  run(): string {
    let out = '';
    while (this.#i < this.#p.length) out += this.#outside();
    return out;
  }

  #refuse(what: string): never {
    throw this.#fail(`${what} (at ${this.#i}) is not in the supported regular expression subset`);
  }

  #outside(): string {
    const ch = [...this.#p.slice(this.#i, this.#i + 2)][0]!;
    this.#i += ch.length;
    switch (ch) {
      case '\\':
        return this.#escape(false);
      case '[':
        return this.#class();
      case '(':
        if (this.#p[this.#i] === '?') {
          if (this.#p[this.#i + 1] !== ':') this.#refuse('a group with (? other than (?:');
          this.#i += 2;
          return '(?:';
        }
        return '(';
      case '.':
        return '[^\\n]';
      case '{':
        return this.#repeat();
      case '}':
      case ']':
        return hex(ch.charCodeAt(0));
      default:
        return ch;
    }
  }

  #repeat(): string {
    const m = /^(\d{1,3})(,(\d{0,3}))?\}/.exec(this.#p.slice(this.#i));
    if (!m) this.#refuse('a "{" that is not a repetition {n}, {n,} or {n,m} (write \\{ for the character)');
    const low = Number(m[1]);
    const high = m[3] === undefined || m[3] === '' ? low : Number(m[3]);
    if (low > MAX_REPEAT || high > MAX_REPEAT) this.#refuse(`a repetition count above ${MAX_REPEAT}`);
    if (m[3] !== undefined && m[3] !== '' && high < low) this.#refuse('a repetition {n,m} with m < n');
    this.#i += m[0].length;
    return `{${m[0]}`;
  }

  /** After a backslash; inside a class `\S` has no translation. */
  #escape(inClass: boolean): string {
    const ch = this.#p[this.#i];
    if (ch === undefined) this.#refuse('a trailing backslash');
    this.#i += 1;
    if (isAsciiPunct(ch)) return hex(ch.charCodeAt(0));
    if ('dDntrfv'.includes(ch)) return `\\${ch}`;
    if (ch === 's') return inClass ? SPACE : `[${SPACE}]`;
    if (ch === 'S' && !inClass) return `[^${SPACE}]`;
    if ('wWbB'.includes(ch) && this.#cased && !(inClass && 'bB'.includes(ch))) return `\\${ch}`;
    if (ch === 'x') return this.#hexEscape();
    return this.#refuse(`the escape \\${ch}`);
  }

  #hexEscape(): string {
    const m = /^(?:([0-9A-Fa-f]{2})|\{([0-9A-Fa-f]{1,6})\})/.exec(this.#p.slice(this.#i));
    if (!m) this.#refuse('a \\x escape that is not \\xHH or \\x{H…}');
    const code = parseInt(m[1] ?? m[2]!, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.#refuse('a \\x escape outside Unicode scalar values');
    this.#i += m[0].length;
    return hex(code);
  }

  #class(): string {
    let out = '[';
    if (this.#p[this.#i] === '^') {
      out += '^';
      this.#i += 1;
    }
    if (this.#p[this.#i] === ']') this.#refuse('a class starting with "]" (write \\] for the character)');
    for (;;) {
      const ch = [...this.#p.slice(this.#i, this.#i + 2)][0];
      if (ch === undefined) return this.#refuse('a class without its closing "]"');
      this.#i += ch.length;
      if (ch === ']') return `${out}]`;
      if (ch === '[') this.#refuse('"[" inside a class (POSIX classes are not supported; write \\[ for the character)');
      out += ch === '\\' ? this.#escape(true) : ch === '-' || !isAsciiPunct(ch) ? ch : hex(ch.charCodeAt(0));
    }
  }
}

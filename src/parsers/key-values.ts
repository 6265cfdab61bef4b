// The one key=value reader of the content parsers: auditd records, LEEF attributes and logfmt lines
// are all `key=value` pairs between separators, with values bare or quoted. One scanner reads them
// all, in a single pass with indexOf (no regular expression, so no backtracking: the time is linear
// in the text whatever it holds). CEF extensions are the odd one out — their values are unquoted and
// may hold spaces, a value ending where the next ` key=` begins — and are read by cefExtension below.

export interface KeyValueOptions {
  /** What separates pairs: ' ' (logfmt, auditd; runs of it count as one) or one character such as LEEF's tab or `^`. */
  readonly separator?: string;
  /** Values may be in double quotes (logfmt, auditd). Default true. */
  readonly doubleQuotes?: boolean;
  /** Values may be in single quotes (auditd's `msg='…'`). Default false. */
  readonly singleQuotes?: boolean;
  /** Backslash escapes (`\"`, `\\`, `\n`, `\t`, `\r`) inside quotes (logfmt). Default false. */
  readonly escapes?: boolean;
  /**
   * Strict (logfmt): every word must be a pair with a non-empty key and a well-closed quote, else
   * the whole text is not key=value text (undefined). Lenient (auditd, LEEF): words that are not
   * pairs are skipped and an unclosed quote runs to the end.
   */
  readonly strict?: boolean;
}

/** One pair as written; `quoted` tells a quoted value from a bare one (auditd reads bare values as hex). */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  readonly quoted: boolean;
}

/** The pairs of `text` in order (a key may repeat), or undefined when `strict` and the text is not all pairs. */
export function readKeyValues(text: string, options: KeyValueOptions = {}): KeyValue[] | undefined {
  const separator = options.separator ?? ' ';
  const strict = options.strict ?? false;
  const pairs: KeyValue[] = [];
  let index = 0;
  let equals = -1; // the next '=' at or after index, kept between words so no stretch is searched twice
  while (index < text.length) {
    if (text[index] === separator) {
      index++;
      continue;
    }
    const wordEnd = endOf(text, separator, index);
    if (equals < index && equals !== -2) equals = text.indexOf('=', index);
    if (equals === -1) equals = -2; // none left
    if (equals === -2 || equals >= wordEnd || equals === index) {
      if (strict) return undefined;
      index = wordEnd + 1; // not a pair: skipped
      continue;
    }
    const key = text.slice(index, equals);
    const quote = text[equals + 1];
    if ((quote === '"' && options.doubleQuotes !== false) || (quote === "'" && options.singleQuotes === true)) {
      const closed = readQuoted(text, equals + 2, quote, options.escapes === true);
      if (closed === undefined || (closed.end < text.length && text[closed.end] !== separator)) {
        if (strict) return undefined;
        const end = closed === undefined ? text.length : endOf(text, separator, closed.end);
        pairs.push({ key, value: closed === undefined ? text.slice(equals + 2) : closed.value, quoted: true });
        index = end + 1;
        continue;
      }
      pairs.push({ key, value: closed.value, quoted: true });
      index = closed.end + 1;
      continue;
    }
    pairs.push({ key, value: text.slice(equals + 1, wordEnd), quoted: false });
    index = wordEnd + 1;
  }
  return pairs;
}

/** The pairs as a map, the first of a repeated key winning. */
export function keyValueMap(pairs: readonly KeyValue[]): Map<string, KeyValue> {
  const map = new Map<string, KeyValue>();
  for (const pair of pairs) if (!map.has(pair.key)) map.set(pair.key, pair);
  return map;
}

function endOf(text: string, separator: string, from: number): number {
  const end = text.indexOf(separator, from);
  return end < 0 ? text.length : end;
}

const ESCAPED: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

/** The quoted value starting at `from` (just after the opening quote) and the index after its closing quote. */
function readQuoted(text: string, from: number, quote: string, escapes: boolean): { value: string; end: number } | undefined {
  if (!escapes) {
    const close = text.indexOf(quote, from);
    return close < 0 ? undefined : { value: text.slice(from, close), end: close + 1 };
  }
  let value = '';
  let start = from;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (char === quote) return { value: value + text.slice(start, index), end: index + 1 };
    if (char !== '\\') continue;
    const next = text[index + 1];
    if (next === undefined) return undefined;
    value += text.slice(start, index) + (ESCAPED[next] ?? (next === quote || next === '\\' ? next : `\\${next}`));
    index++;
    start = index + 1;
  }
  return undefined;
}

/**
 * A CEF extension (`key=value key2=value with spaces`): a value runs to the space before the next
 * unescaped `key=`; `\=`, `\\`, `\n` and `\r` are unescaped. Keys are letters, digits, `_`, `.`,
 * `[` and `]` (the spec's names and vendors' custom ones). Linear: one pass over the `=` signs.
 */
export function cefExtension(text: string): KeyValue[] {
  const starts: { key: string; keyStart: number; valueStart: number }[] = [];
  let from = 0;
  for (;;) {
    const equals = text.indexOf('=', from);
    if (equals < 0) break;
    from = equals + 1;
    if (isEscaped(text, equals)) continue;
    const keyStart = keyStartBefore(text, equals);
    if (keyStart === undefined) continue;
    starts.push({ key: text.slice(keyStart, equals), keyStart, valueStart: equals + 1 });
  }
  const pairs: KeyValue[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as (typeof starts)[number];
    const end = i + 1 < starts.length ? (starts[i + 1] as (typeof starts)[number]).keyStart - 1 : text.length;
    pairs.push({ key: start.key, value: unescapeCef(text.slice(start.valueStart, Math.max(end, start.valueStart)).trim()), quoted: false });
  }
  return pairs;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Letters, digits, `_`, `.`, `[` and `]`. */
function isCefKeyChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 93 && code !== 92) || (code >= 97 && code <= 122) || code === 95 || code === 46;
}

/** Where the key that ends at `equals` starts: after a space or at the start, with at least one key character. */
function keyStartBefore(text: string, equals: number): number | undefined {
  let start = equals;
  while (start > 0 && equals - start < 64 && isCefKeyChar(text.charCodeAt(start - 1))) start--;
  if (start === equals) return undefined;
  return start === 0 || text[start - 1] === ' ' ? start : undefined;
}

function unescapeCef(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([\\=nr])/g, (_, char: string) => (char === 'n' ? '\n' : char === 'r' ? '\r' : char));
}

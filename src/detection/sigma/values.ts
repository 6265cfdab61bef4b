// Sigma string values: wildcards and escapes as the specification defines them, and the
// transformation modifiers that turn one value into others (expand, windash, the UTF-16 encodings,
// base64, base64offset). A value travels as text until an encoding makes bytes of it; the compiler
// (search.ts) turns the final texts into wildcard patterns. Pure.
import type { TermPart } from '../../query/ast.ts';
import { SigmaRuleError } from './errors.ts';

/**
 * A value in the middle of its transformations: Sigma text (escapes still in it) or bytes from a
 * UTF-16 encoding, which only base64 or base64offset may follow. `encoded` marks base64 output,
 * whose letter case is part of the data and so is matched case-sensitively (docs/detection.md).
 */
export type SigmaValue = { readonly kind: 'text'; readonly text: string; readonly encoded: boolean } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

export const textValue = (text: string): SigmaValue => ({ kind: 'text', text, encoded: false });

/**
 * The spec's escaping: `\*`, `\?` and `\\` stand for the plain character; a backslash before any
 * other character (or at the end) is itself; unescaped `*` is any run of characters and `?` exactly
 * one. So `\\*` is a backslash then a wildcard, and `\\\\` two backslashes.
 */
export function parseWildcards(raw: string): TermPart[] {
  const parts: TermPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const next = raw[i + 1];
    if (ch === '\\' && (next === '*' || next === '?' || next === '\\')) {
      text += next;
      i++;
    } else if (ch === '*' || ch === '?') {
      flush();
      parts.push(ch === '*' ? { kind: 'anyRun' } : { kind: 'anyChar' });
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/** The plain text of a value that must not hold wildcards (what an encoding is applied to). */
export function plainText(raw: string, what: string): string {
  const parts = parseWildcards(raw);
  if (parts.some((part) => part.kind !== 'text')) throw new SigmaRuleError(`${what} cannot apply to a value with wildcards (${JSON.stringify(raw)}); escape them as \\* and \\?`);
  return parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

/** Sigma text back from plain text: the characters the wildcard syntax reads escaped. */
export function escapeText(text: string): string {
  return text.replace(/[*?\\]/g, '\\$&');
}

// An escaped backslash is skipped whole, so that in `\\%name%` the placeholder still counts.
const MAX_EXPANSIONS = 1000;
const PLACEHOLDER = /\\\\|\\%|%([^%\s]+)%/g;

/**
 * `expand`: each `%name%` replaced by each of the placeholder's values (every combination when a
 * value holds several); `\%` is a plain percent sign. The values are Sigma text themselves, so a
 * placeholder may stand for a pattern such as `srv*`.
 */
export function expandPlaceholders(raw: string, placeholders: Readonly<Record<string, readonly string[]>>): string[] {
  let results = [''];
  let last = 0;
  for (const m of raw.matchAll(PLACEHOLDER)) {
    const before = raw.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === undefined) {
      // `\\` stays for the wildcard syntax to read; `\%` is a plain percent sign.
      const plain = m[0] === '\\%' ? '%' : m[0];
      results = results.map((r) => `${r}${before}${plain}`);
      continue;
    }
    const values = Object.hasOwn(placeholders, m[1]) ? placeholders[m[1]] : undefined;
    if (values === undefined) throw new SigmaRuleError(`undefined placeholder %${m[1]}%`);
    if (values.length === 0) throw new SigmaRuleError(`placeholder %${m[1]}% has no values`);
    results = results.flatMap((r) => values.map((v) => `${r}${before}${v}`));
    if (results.length > MAX_EXPANSIONS) throw new SigmaRuleError(`expand turns ${JSON.stringify(raw)} into more than ${MAX_EXPANSIONS} values`);
  }
  return results.map((r) => `${r}${raw.slice(last)}`);
}

/** The characters `windash` treats as one: hyphen-minus, slash, en dash, em dash, horizontal bar. */
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;
/** More dashes than this in one value (5^4 = 625 variants) make the rule too large to run. */
const MAX_WINDASH = 4;

/**
 * `windash`: every combination of the five dash characters at every place one of them stands (the
 * specification's "all possible permutations"; pySigma replaces only a dash that starts a word).
 */
export function windash(raw: string): string[] {
  const pieces = raw.split(/[-/\u2013\u2014\u2015]/);
  if (pieces.length - 1 > MAX_WINDASH) throw new SigmaRuleError(`windash on a value with ${pieces.length - 1} dashes (at most ${MAX_WINDASH}) gives too many variants`);
  let results = [pieces[0]!];
  for (const piece of pieces.slice(1)) results = results.flatMap((r) => WINDASH_CHARS.map((dash) => `${r}${dash}${piece}`));
  return results;
}

export type Utf16Encoding = 'utf16le' | 'utf16be' | 'utf16';

/** The text as UTF-16 bytes: little-endian, big-endian, or little-endian after its byte order mark FF FE. */
export function utf16(text: string, encoding: Utf16Encoding): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le') return new Uint8Array(le);
  if (encoding === 'utf16') return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
  const be = Buffer.from(le);
  for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
  return new Uint8Array(be);
}

/** The bytes a value stands for before base64: UTF-8 of its plain text, or an encoding's bytes. */
export function valueBytes(value: SigmaValue, what: string): Uint8Array {
  return value.kind === 'bytes' ? value.bytes : new Uint8Array(Buffer.from(plainText(value.text, what), 'utf8'));
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * `base64offset`: the bytes may sit at any offset of a longer encoded text, so there are three
 * encodings — after 0, 1 or 2 unknown bytes. Each keeps only the characters its bytes alone
 * decide: after k leading bytes the first 0, 2 or 3 characters also carry theirs; at the end, a
 * final group of one byte leaves one decided character (drop 3: one character and "=="), of two
 * bytes two (drop 2: one character and "="). A variant left empty is dropped.
 */
export function base64Offsets(bytes: Uint8Array): string[] {
  const leading = [0, 2, 3];
  const trailing = [0, 3, 2];
  const variants: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = base64(new Uint8Array([...new Uint8Array(shift), ...bytes]));
    const variant = encoded.slice(leading[shift], encoded.length - trailing[(shift + bytes.length) % 3]!);
    if (variant !== '' && !variants.includes(variant)) variants.push(variant);
  }
  if (variants.length === 0) throw new SigmaRuleError('base64offset needs a non-empty value');
  return variants;
}

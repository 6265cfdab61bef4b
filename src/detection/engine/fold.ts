// The one folding rule of the prefilter. Case-insensitive matching is Unicode simple case folding
// (src/query/case-fold.ts); the prefilter does not reproduce it, it only needs a cheap mapping under
// which "the value can match" implies "the folded value contains the folded literal". Literals are
// therefore cut down to their ASCII-like characters — ASCII, plus ſ (U+017F) and the Kelvin sign
// (U+212A), the only non-ASCII characters whose case folds to an ASCII letter (fold.test.ts checks
// every code point) — and text is folded per character: ASCII lowered, ſ → s, K → k, anything else
// left out of every literal. Pure.

/** ASCII lowered; ſ and the Kelvin sign to the ASCII letters they fold with; anything else unchanged. */
export function foldChar(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code === 0x17f) return 0x73;
  if (code === 0x212a) return 0x6b;
  return code;
}

/** Whether the character's whole case class folds, under foldChar, to one ASCII character. */
export function isAsciiLike(code: number): boolean {
  return code < 0x80 || code === 0x17f || code === 0x212a;
}

/**
 * A value's key for the exact-value index: equal for any two strings a case-insensitive equality
 * of an ASCII-like literal accepts, and a plain function of the string otherwise (so a cased
 * equality's key is the literal's key).
 */
export function foldKey(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = foldChar(code);
    if (folded === code) continue;
    out += text.slice(start, i) + String.fromCharCode(folded);
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/**
 * The longest run of characters of the literal that the needle scan can look for: ASCII-like ones
 * (for a case-sensitive literal too, which is only scanned more loosely than it matches), folded.
 * Empty when none: the literal cannot be indexed.
 */
export function longestAsciiRun(literal: string): string {
  let best = '';
  let run = '';
  for (let i = 0; i < literal.length; i++) {
    const code = literal.charCodeAt(i);
    if (isAsciiLike(code)) {
      run += String.fromCharCode(foldChar(code));
      if (run.length > best.length) best = run;
    } else run = '';
  }
  return best;
}

/** Whether every character of the text is ASCII-like (its case-insensitive equality has one key). */
export function isAsciiLikeText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isAsciiLike(text.charCodeAt(i))) return false;
  return true;
}

// The `re` modifier and its flags. Both backends run the same RE2 subset (src/query/regex-subset.ts),
// which takes no inline flags: the node's `cased` carries `i`, and `s` and `m` are written into the
// pattern with constructs the subset has — `.` as `(?:.|\n)` for `s`; for `m`, `^` as `(?:^|\n)`
// and `$` as `(?:$|\n)`, which consume the newline instead of only looking at it. That is the same
// as long as nothing else in the match needs that newline: so under `m` an anchor is accepted only
// where nothing can precede `^` (the start of the pattern or of an alternative there) or follow
// `$`, and never inside a repeated group. Pure.
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import { checkRegex } from '../../query/regex-subset.ts';
import { SigmaRuleError } from './errors.ts';
import type { RegexFlags } from './modifiers.ts';

/** The regex predicate of `field|re[|i][|m][|s]: pattern`. Throws SigmaRuleError. */
export function regexPredicate(field: FieldSel, pattern: string, modifierFlags: RegexFlags): Predicate {
  const fail = (message: string): SigmaRuleError => new SigmaRuleError(`regex ${JSON.stringify(pattern)} on ${field.name}: ${message}`);
  const { body, flags } = leadingFlags(pattern, modifierFlags);
  let source = flags.s ? dotAll(body) : body;
  if (flags.m) source = multiline(source, fail);
  if (flags.i) source = foldedWordClass(source, fail);
  checkRegex(source, !flags.i, fail);
  return { op: 'regex', field, pattern: source, cased: !flags.i };
}

/**
 * Rules written for PCRE often open with inline flags, `(?i)` above all; at the very start they
 * mean the same as the sub-modifiers, so they are read as such. Inline flags elsewhere are refused.
 */
export function leadingFlags(pattern: string, flags: RegexFlags): { body: string; flags: RegexFlags } {
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  if (!m) return { body: pattern, flags };
  const inline = m[1]!;
  return { body: pattern.slice(m[0].length), flags: { i: flags.i || inline.includes('i'), m: flags.m || inline.includes('m'), s: flags.s || inline.includes('s') } };
}

const WORD = '0-9A-Za-z_';

/**
 * Case-insensitive `\w` as the class it names. The subset refuses `\w` under `i` because
 * JavaScript folds ſ and the Kelvin sign into it and RE2 does not; as a class, both paths fold the
 * same way (ſ matches, being an s), so the two agree again. `\W` inside a class has no such form.
 */
export function foldedWordClass(pattern: string, fail: (message: string) => Error): string {
  let out = '';
  for (const { text } of tokens(pattern)) {
    if (text === '\\w') out += `[${WORD}]`;
    else if (text === '\\W') out += `[^${WORD}]`;
    else if (text.startsWith('[')) out += classWithWord(text, fail);
    else out += text;
  }
  return out;
}

function classWithWord(text: string, fail: (message: string) => Error): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out += text[i];
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === 'W') throw fail('\\W inside a class is not supported with case-insensitive matching');
    out += next === 'w' ? WORD : `\\${next}`;
    i++;
  }
  return out;
}

/** Walks a pattern's characters, telling escapes and classes apart from the rest. */
function* tokens(pattern: string): Generator<{ readonly text: string; readonly plain: boolean; readonly index: number }> {
  let i = 0;
  while (i < pattern.length) {
    const start = i;
    if (pattern[i] === '\\') i += 2;
    else if (pattern[i] === '[') {
      i += pattern[i + 1] === '^' ? 2 : 1;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i += 1;
    } else i += 1;
    const text = pattern.slice(start, i);
    yield { text, plain: text.length === 1, index: start };
  }
}

/** `s`: the dot matches a newline too. */
export function dotAll(pattern: string): string {
  let out = '';
  for (const token of tokens(pattern)) out += token.plain && token.text === '.' ? '(?:.|\\n)' : token.text;
  return out;
}

const QUANTIFIER = /^[*+?{]/;

/** `m`: `^` and `$` at line starts and ends, where that rewriting is exact (see the file comment). */
export function multiline(pattern: string, fail: (message: string) => Error): string {
  let out = '';
  let atStart = true;
  const groups: { startsAtStart: boolean; anchored: boolean }[] = [];
  for (const { text, plain, index } of tokens(pattern)) {
    if (!plain) {
      out += text;
      atStart = false;
      continue;
    }
    if (text === '^' || text === '$') {
      if (text === '^' ? !atStart : !endsHere(pattern, index + 1, groups.length))
        throw fail(`with the m flag, ${text} is supported only where nothing in the pattern can ${text === '^' ? 'precede' : 'follow'} it`);
      for (const group of groups) group.anchored = true;
      out += text === '^' ? '(?:^|\\n)' : '(?:$|\\n)';
      continue;
    }
    if (text === '(') groups.push({ startsAtStart: atStart, anchored: false });
    else if (text === '|') atStart = groups.length === 0 ? true : groups[groups.length - 1]!.startsAtStart;
    else if (text === ')') {
      const group = groups.pop();
      if (group?.anchored && QUANTIFIER.test(pattern.slice(index + 1))) throw fail('with the m flag, ^ and $ may not stand in a repeated group');
      atStart = false;
    } else if (!(text === '?' && pattern[index - 1] === '(') && !(text === ':' && pattern.slice(index - 2, index) === '(?')) atStart = false;
    out += text;
  }
  return out;
}

/** After `$` at this depth: only closing parentheses to the end, or an alternative at the top. */
function endsHere(pattern: string, from: number, depth: number): boolean {
  const rest = pattern.slice(from);
  if (/^\)*$/.test(rest)) return true;
  return depth === 0 && rest.startsWith('|');
}

// What a per-program parser is: pure code that reads one normalised event's message (or, for JSON
// senders such as Winlogbeat, its fields and labels) and says which ECS fields it found. Parsers
// never write to the event themselves: recognise.ts applies what they return, under one set of rules
// (a value the event already has is never overwritten, values are checked against their fields,
// event.original is never touched), so every parser obeys them without repeating them.
import type { LogEvent } from '../schema/event.ts';

export interface ParseInput {
  /** The text the parser reads: the syslog MSG, or the JSON event's `message`. */
  readonly message: string;
  /** The lower-cased program: `log.syslog.appname`, else `process.name`; '' when neither is set. */
  readonly program: string;
  /** The event as normalised, read-only: JSON parsers read their fields and `labels` here. */
  readonly event: Readonly<LogEvent>;
}

export interface Parsed {
  /** The parser's rule that matched, e.g. `failed-password`: shown by `parse --explain` and in docs/parsers.md. */
  readonly rule: string;
  /**
   * ECS fields by registry name (src/schema/fields.ts). Numbers may be given as digit strings;
   * `related.ip` and `related.user` are filled from the address and user fields by recognise.ts.
   */
  readonly fields: LogEvent;
}

export interface Parser {
  /** Short and stable, e.g. `sshd`: the default `event.dataset` prefix and the metrics label. */
  readonly name: string;
  /** One line for docs/parsers.md: what it reads. */
  readonly description: string;
  /** `event.module` of what it recognises, e.g. `system`, `auditd`, `nginx`, `windows`. */
  readonly module: string;
  /** Lower-case programs whose messages it reads (syslog APP-NAME or TAG, or process.name). */
  readonly programs?: readonly string[];
  /**
   * For parsers chosen by content, not program (CEF, LEEF, JSON bodies, logfmt, Windows events): a
   * cheap test tried, in table order, when no parser of the event's program recognised it.
   */
  readonly detect?: (input: ParseInput) => boolean;
  /** Undefined when none of its rules matches: the event is then stored exactly as it came. */
  parse(input: ParseInput): Parsed | undefined;
}

/** One anchored pattern of a pattern parser and the fields its named groups give. */
export interface PatternRule {
  readonly name: string;
  /** A literal the message must contain before the pattern is tried: the cheap prefilter. */
  readonly needle?: string;
  readonly pattern: RegExp;
  /** Fields from the named groups (an absent group is undefined). */
  readonly fields: (groups: Readonly<Record<string, string | undefined>>, input: ParseInput) => LogEvent;
}

/** A parser that tries its rules in order; the first whose needle and pattern match wins. */
export function patternParser(definition: Omit<Parser, 'parse'> & { readonly rules: readonly PatternRule[] }): Parser {
  const { rules, ...parser } = definition;
  const compiled = rules.map((rule) => compileRule(rule));
  // The rules a message can match by its first character: those whose prefix starts with it and
  // those without a prefix, in rule order. A program's line is then checked against a few rules,
  // not all of them (sshd has 17).
  const unprefixed = compiled.filter((rule) => rule.prefix === '');
  const byFirstChar = new Map<number, CompiledRule[]>();
  for (const { prefix } of compiled) {
    const first = prefix.charCodeAt(0);
    if (prefix === '' || byFirstChar.has(first)) continue;
    byFirstChar.set(
      first,
      compiled.filter((rule) => rule.prefix === '' || rule.prefix.charCodeAt(0) === first),
    );
  }
  return {
    ...parser,
    parse(input) {
      const message = input.message;
      for (const { rule, prefix, needle } of (byFirstChar.size === 0 ? undefined : byFirstChar.get(message.charCodeAt(0))) ?? unprefixed) {
        if ((prefix !== '' && !message.startsWith(prefix)) || (needle !== undefined && !message.includes(needle))) continue;
        const match = rule.pattern.exec(message);
        if (match) return { rule: rule.name, fields: rule.fields(match.groups ?? {}, input) };
      }
      return undefined;
    },
  };
}

interface CompiledRule {
  readonly rule: PatternRule;
  /** What the message must start with for the pattern to match ('' when the pattern says nothing certain). */
  readonly prefix: string;
  /** The rule's needle, unless the prefix already contains it. */
  readonly needle: string | undefined;
}

/**
 * The checks before a rule's pattern runs. Most patterns start `^` and a literal (`^Accepted `,
 * `^pam_unix\(`): a message that does not start with it cannot match, and startsWith answers at
 * once where the needle's includes reads the whole line, for each of a program's rules.
 */
function compileRule(rule: PatternRule): CompiledRule {
  const prefix = literalPrefix(rule.pattern);
  const needle = rule.needle !== undefined && prefix.includes(rule.needle) ? undefined : rule.needle;
  return { rule, prefix, needle };
}

/** Characters an escape makes literal (`\.`, `\(`…); other escapes (`\d`, `\s`, `\x41`) end the prefix. */
const ESCAPED_LITERALS = new Set([...'^$\\.*+?()[]{}|/-']);
const SPECIAL = new Set([...'^$\\.*+?()[]{}|']);

/**
 * The literal text a pattern's every match starts with: after `^`, up to the first character that
 * is not plain text. Empty when that is not certain: a flag that changes what `^` or the letters
 * match, a `|` outside any group (the pattern could match without the prefix), no `^`. A literal
 * followed by a quantifier (`^ab?`) is left out, as it may be absent.
 */
export function literalPrefix(pattern: RegExp): string {
  const source = pattern.source;
  if (!source.startsWith('^') || /[gimsyv]/.test(pattern.flags) || hasTopLevelAlternative(source)) return '';
  let prefix = '';
  let i = 1;
  while (i < source.length) {
    const char = source[i] as string;
    let literal: string;
    let next: number;
    if (char === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined || !ESCAPED_LITERALS.has(escaped)) break;
      [literal, next] = [escaped, i + 2];
    } else if (SPECIAL.has(char)) break;
    else [literal, next] = [char, i + 1];
    if (/^[?*+{]/.test(source.slice(next))) break; // quantified: it may be absent or repeated
    prefix += literal;
    i = next;
  }
  return prefix;
}

/** A `|` outside any group and character class. */
function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

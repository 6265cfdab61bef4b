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
  const compiled = rules.map((rule) => ({ rule, atStart: needleStartsPattern(rule) }));
  return {
    ...parser,
    parse(input) {
      const message = input.message;
      for (const { rule, atStart } of compiled) {
        const needle = rule.needle;
        if (needle !== undefined && !(atStart ? message.startsWith(needle) : message.includes(needle))) continue;
        const match = rule.pattern.exec(message);
        if (match) return { rule: rule.name, fields: rule.fields(match.groups ?? {}, input) };
      }
      return undefined;
    },
  };
}

/**
 * Whether the pattern begins with `^` and then the needle, literally (`^Accepted ` and `Accepted `):
 * the needle can then only be at the start, and startsWith answers at once where includes reads
 * the whole line, for each of a program's rules that does not match. Only when that is certain: no
 * flag that changes what `^` or the letters match, no quantifier on the needle's last character,
 * no top-level `|` that would let the pattern match without it.
 */
function needleStartsPattern(rule: PatternRule): boolean {
  const { needle, pattern } = rule;
  if (needle === undefined || needle === '' || /[gimsyv]/.test(pattern.flags)) return false;
  const prefix = `^${needle.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`;
  const source = pattern.source;
  return source.startsWith(prefix) && !/^[?*+{]/.test(source.slice(prefix.length)) && !hasTopLevelAlternative(source);
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

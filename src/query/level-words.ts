// `log.level` words that mean the same level. Syslog events store the RFC 5424 names
// (`informational`, `warning`), OTLP events the syslog word where one fits, JSON senders whatever
// they write (`info`, `warn`); so `level:info` must find `informational` and `level:warning`
// must find a JSON `warn`. Resolved in semantics, before either backend, so SQL and the matcher
// cannot disagree. Only whole words expand; wildcards and other values match as written.

const GROUPS: readonly (readonly string[])[] = [
  ['emergency', 'emerg', 'panic'],
  ['critical', 'crit'],
  ['error', 'err'],
  ['warning', 'warn'],
  ['informational', 'info'],
];

const BY_WORD = new Map<string, readonly string[]>(GROUPS.flatMap((group) => group.map((word) => [word, group] as const)));

/** The field whose values the synonyms apply to. */
export const LEVEL_FIELD = 'log.level';

/**
 * The values a `log.level` query word stands for: the word first, then the other words of its
 * level. Keyword fields compare case-sensitively, and so does this: `level:Error` still finds
 * only `Error`. Undefined when the word has no synonyms, so the query stays exactly as before.
 */
export function levelWords(text: string): readonly string[] | undefined {
  const group = BY_WORD.get(text);
  if (!group) return undefined;
  return [text, ...group.filter((word) => word !== text)];
}

// logwarden's own API tokens must never reach the permanent, unerasable log (R-TAMPER-1 makes a
// stored secret impossible to remove; R-ACCESS-1 makes it a way in). A token pasted into a log
// line, a header a client logs, a JSON field or an OTLP attribute is replaced, before storage, by a
// marker that keeps only the token's first characters, enough to tell which token leaked and
// revoke it. Applied to every event of every protocol in one place (the write path), to every
// string field, label keys and values, and to the raw bytes kept in logwarden.original_base64.
import { isStringList, type LogEvent } from '../schema/event.ts';
import { flagEvent } from './parse-flag.ts';

/** A token as src/access/tokens.ts makes it: `lw_` and 32 random bytes in base64url (43 characters). */
const TOKEN = String.raw`lw_[A-Za-z0-9_-]{43}`;
/**
 * The same in JSON text, where any of its characters may be written as a `\u00XX` escape: the
 * verbatim JSON kept in event.original would otherwise keep a token its parsed fields lost.
 */
const ESCAPED_CHAR = String.raw`(?:[A-Za-z0-9_-]|\\u00[0-7][0-9A-Fa-f])`;
const ESCAPED_TOKEN = String.raw`(?:l|\\u006[Cc])(?:w|\\u0077)(?:_|\\u005[Ff])${ESCAPED_CHAR}{43}`;
/** In an event cut at the size limit, a token cut short at the end of a field is a secret too. */
const CUT_TOKEN = String.raw`lw_[A-Za-z0-9_-]{16,42}$`;
const PATTERNS = {
  plain: new RegExp(TOKEN, 'g'),
  cut: new RegExp(`${TOKEN}|${CUT_TOKEN}`, 'g'),
  json: new RegExp(ESCAPED_TOKEN, 'g'),
  jsonCut: new RegExp(`${ESCAPED_TOKEN}|${CUT_TOKEN}`, 'g'),
};
const PREFIX = 'lw_';
const ESCAPE = '\\u';

/** Characters after `lw_` kept in the marker: 36 bits, far too few to guess the other 220 from. */
export const TOKEN_HINT_CHARS = 6;

/**
 * The marker for a token. It neither starts nor ends with a base64url character and holds no
 * `lw_`, so no token can be formed from it and the text around it.
 */
export function redactionMarker(token: string): string {
  return `[lw-token-redacted:${hintOf(token)}]`;
}

function hintOf(token: string): string {
  return token.slice(PREFIX.length, PREFIX.length + TOKEN_HINT_CHARS);
}

export interface TextKind {
  /** The text was truncated: a token's beginning at its very end is replaced too. */
  readonly cut?: boolean;
  /** The text is JSON as sent: tokens written with `\u` escapes are replaced too. */
  readonly json?: boolean;
}

/** `text` with every token replaced by its marker; the same string when there is none. */
export function redactTokensInText(text: string, kind: TextKind = {}, found?: (token: string) => void): string {
  if (!text.includes(PREFIX) && !(kind.json === true && text.includes(ESCAPE))) return text; // the common case: no regex
  const pattern = kind.json === true ? (kind.cut === true ? PATTERNS.jsonCut : PATTERNS.json) : kind.cut === true ? PATTERNS.cut : PATTERNS.plain;
  return text.replace(pattern, (match) => {
    const token = match.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    found?.(token);
    return redactionMarker(token);
  });
}

/** What a redaction found: the fields it changed and the hints of the tokens it replaced. */
export interface Redaction {
  readonly fields: readonly string[];
  readonly hints: readonly string[];
}

/**
 * Replace tokens in every string of `event`, in place, and flag it (`secret_redacted`, or added to
 * the detail of an event already flagged). Returns what was done, or undefined when nothing was
 * found; `flagged` tells whether the event was flagged here for the first time.
 */
export function redactTokens(event: LogEvent): (Redaction & { readonly flagged: boolean }) | undefined {
  if (!mentionsPrefix(event) && !String(event['event.original'] ?? '').includes(ESCAPE)) return undefined; // no allocation, no regex
  const fields: string[] = [];
  const hints = new Set<string>();
  const cut = event['logwarden.truncated'] === true;
  const note = (name: string, before: string): string => {
    const after = redactTokensInText(before, { cut, json: name === 'event.original' }, (token) => hints.add(hintOf(token)));
    if (after !== before) fields.push(name);
    return after;
  };
  for (const name in event) {
    const value = event[name];
    if (typeof value === 'string') event[name] = name === 'logwarden.original_base64' ? redactBase64(value, (raw) => note(name, raw)) : note(name, value);
    else if (isStringList(value)) event[name] = value.map((text, index) => note(`${name}[${index}]`, text));
    else if (value !== null && typeof value === 'object') event[name] = redactMap(value, (where, text) => note(`${name} ${where}`, text));
  }
  if (fields.length === 0) return undefined;
  const list = [...hints].map((hint) => `lw_${hint}…`).join(', ');
  const detail = `logwarden API token(s) ${list} found in ${fields.join(', ')} and replaced by [lw-token-redacted:…] before storage; revoke them`;
  return { fields, hints: [...hints], flagged: flagEvent(event, 'secret_redacted', detail) };
}

/** A label map with tokens replaced in keys and values; `where` names them by the redacted key. */
function redactMap(map: Readonly<Record<string, string>>, redact: (where: string, text: string) => string): Readonly<Record<string, string>> {
  if (!mentionsPrefix(map)) return map;
  const out: Record<string, string> = {};
  for (const key in map) {
    const value = map[key] as string;
    let safeKey = key;
    if (key.includes(PREFIX)) {
      safeKey = redactTokensInText(key);
      if (safeKey !== key) redact(`key ${safeKey}`, key);
    }
    out[safeKey] = typeof value === 'string' && value.includes(PREFIX) ? redact(safeKey, value) : value;
  }
  return out;
}

/** Whether any string in `record` (keys of nested maps too) holds `lw_`; base64 is decoded to look. */
function mentionsPrefix(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string') {
      if (value.includes(PREFIX) || (key === 'logwarden.original_base64' && Buffer.from(value, 'base64').includes(PREFIX))) return true;
    } else if (Array.isArray(value)) {
      // Lists (event.category, related.ip…) by index: for-in would make a key string per item.
      for (const item of value as readonly unknown[]) if (String(item).includes(PREFIX)) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const inner in value) if (inner.includes(PREFIX) || String((value as Record<string, unknown>)[inner]).includes(PREFIX)) return true;
    }
  }
  return false;
}

/**
 * Tokens are ASCII, so in raw bytes read as latin1 (one character per byte, every byte kept) they
 * can be replaced without touching any other byte, however invalid the UTF-8 around them.
 */
function redactBase64(base64: string, redact: (raw: string) => string): string {
  const raw = Buffer.from(base64, 'base64').toString('latin1');
  if (!raw.includes(PREFIX)) return base64;
  const redacted = redact(raw);
  return redacted === raw ? base64 : Buffer.from(redacted, 'latin1').toString('base64');
}

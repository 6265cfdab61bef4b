// Syslog message parser: one message (already decoded from UTF-8) in RFC 5424 or RFC 3164 (BSD)
// form, auto-detected from what follows the PRI. Pure code: no I/O, and it never throws on any
// input; a message whose PRI is broken comes back as `{ ok: false, reason: 'invalid_syslog', detail }`
// where the detail names what was found, what was expected and the character offset (UTF-16 code
// units into `text`).
//
// Strictness differs by format on purpose:
// - RFC 5424 is a precise grammar, so once a message announces itself as 5424 (`<PRI>VERSION SP`)
//   every header field is checked and a violation (e.g. month 13, an over-long APP-NAME) is
//   recorded in `leniencies` (the normaliser flags it invalid_syslog): a sender claiming 5424 and
//   breaking it should be visible. The message is still read as far as it parses, so one bad
//   element does not lose the whole header (docs/normalisation.md, "Leniency").
// - RFC 3164 only describes what BSD senders were observed to do (§4.3.3 says a relay that cannot
//   make sense of what follows a valid PRI treats it as content), so after a valid PRI anything
//   goes: what cannot be parsed becomes the message.

import { dateTimeProblem, parseRfc3339, utcEpochMs, type DateTimeFields, type ParsedTime } from './syslog-time.ts';

export type SyslogFormat = 'rfc5424' | 'rfc3164';

export interface SyslogMessage {
  readonly format: SyslogFormat;
  /** 0..23, from PRI. */
  readonly facility: number;
  /** 0..7, from PRI. */
  readonly severity: number;
  /** RFC 5424 VERSION (1 today); undefined for RFC 3164. */
  readonly version?: number;
  /** Epoch ms (UTC); undefined for NILVALUE or when the message carries no usable timestamp. */
  readonly timestamp?: number;
  /** Whether the timestamp carried its own zone ('Z' or an offset); false for BSD timestamps. */
  readonly timestampHadZone: boolean;
  /** A BSD timestamp without a year: the year was chosen near receivedAt (see bsdEpochMs). */
  readonly timestampYearInferred?: boolean;
  readonly hostname?: string;
  /** RFC 5424 APP-NAME, or the RFC 3164 TAG. */
  readonly appName?: string;
  /** RFC 5424 PROCID, or the PID in an RFC 3164 `TAG[PID]:`. */
  readonly procId?: string;
  readonly msgId?: string;
  /** SD-ID → PARAM-NAME → value (unescaped). Undefined when the message has none. */
  readonly structuredData?: Record<string, Record<string, string>>;
  /** MSG, without a leading BOM and without the trailing line ending. */
  readonly message: string;
  /**
   * What the parser accepted although the message breaks its format (no PRI, a bad VERSION, a bad
   * SD escape, a repeated SD-ID, a header field it had to give up on), one description each, with
   * the offset. The normaliser flags such an event invalid_syslog. Undefined when there is none.
   */
  readonly leniencies?: readonly string[];
}

export type SyslogParse = { readonly ok: true; readonly msg: SyslogMessage } | { readonly ok: false; readonly reason: 'invalid_syslog'; readonly detail: string };

export interface SyslogParseOptions {
  /** When the message was received (epoch ms); supplies the year a BSD timestamp lacks. */
  readonly receivedAt: number;
  /**
   * Zone for timestamps that carry none (BSD form). The parser itself always reads such a wall
   * clock as UTC (timestampHadZone false); the pipeline's clock check (src/systems/clock-skew.ts)
   * reads it again in the zone of the event's system or listener, or in this default.
   */
  readonly defaultTimezone?: string;
}

export { FACILITY_NAMES, SEVERITY_NAMES, facilityName, severityName } from './syslog-names.ts';

export function parseSyslog(text: string, opts: SyslogParseOptions): SyslogParse {
  try {
    return { ok: true, msg: parseOrFail(stripTrailingLineEnding(text), opts) };
  } catch (err) {
    // Only our own syntax failures become results; anything else is a bug and must surface.
    if (err instanceof SyslogSyntaxError) return { ok: false, reason: 'invalid_syslog', detail: err.message };
    throw err;
  }
}

/** Remove one trailing "\n" or "\r\n" (what a line-oriented sender appends). */
export function stripTrailingLineEnding(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Internals. Parsing failures are thrown as SyslogSyntaxError (caught only in parseSyslog) so the
// grammar functions read like the grammar instead of threading error results through every call.

class SyslogSyntaxError extends Error {}

const MAX_PRI = 191; // facility 23 * 8 + severity 7
const NILVALUE = '-';
const BOM = '\uFEFF';

interface Pri {
  readonly facility: number;
  readonly severity: number;
  /** Offset just after '>'. */
  readonly end: number;
}

/** What a message without any PRI is read as: user.notice (facility 1, severity 5, RFC 3164 §4.3.3). */
const DEFAULT_PRI: Pri = { facility: 1, severity: 5, end: 0 };

function parseOrFail(text: string, opts: SyslogParseOptions): SyslogMessage {
  // No PRI at all (a sender writing plain lines): read as user.notice and flagged. A "<" that
  // starts a broken PRI stays an error, since that PRI is not absent but wrong.
  if (!text.startsWith('<')) return withLeniency(parseRfc3164(text, DEFAULT_PRI, opts), 'no PRI at offset 0; read as user.notice (facility 1, severity 5)');
  const pri = parsePri(text);
  const version = matchVersion(text, pri.end);
  if (version !== undefined) return parseRfc5424(text, pri, version);
  const badVersion = matchBadVersion(text, pri.end);
  const msg = parseRfc3164(text, pri, opts);
  if (badVersion === undefined) return msg;
  return withLeniency(msg, `VERSION ${JSON.stringify(badVersion)} at offset ${pri.end} is not a valid RFC 5424 VERSION (1-999, no leading zero); read as RFC 3164`);
}

/** `msg` with one more leniency recorded. */
function withLeniency(msg: SyslogMessage, leniency: string): SyslogMessage {
  return { ...msg, leniencies: [...(msg.leniencies ?? []), leniency] };
}

/** Quote what is at `offset` for an error detail: one character (code point), or end of input. */
function found(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  return JSON.stringify(String.fromCodePoint(text.codePointAt(offset) ?? 0));
}

function expected(what: string, text: string, offset: number): SyslogSyntaxError {
  return new SyslogSyntaxError(`expected ${what} at offset ${offset}, found ${found(text, offset)}`);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** PRI = "<" 1*3DIGIT ">", value 0..191, no leading zeros except "0" itself. */
function parsePri(text: string): Pri {
  if (text[0] !== '<') throw expected('"<" starting PRI', text, 0);
  let end = 1;
  while (isDigit(text[end])) end++;
  const digits = text.slice(1, end);
  if (digits.length === 0) throw expected('PRI digits after "<"', text, 1);
  if (digits.length > 3) throw new SyslogSyntaxError(`PRI "${digits}" at offset 1 has ${digits.length} digits; expected at most 3`);
  if (digits.length > 1 && digits.startsWith('0')) {
    throw new SyslogSyntaxError(`PRI "${digits}" at offset 1 has a leading zero; expected 0..191 without leading zeros`);
  }
  const value = Number(digits);
  if (value > MAX_PRI) throw new SyslogSyntaxError(`PRI ${value} at offset 1 is out of range; expected 0..${MAX_PRI}`);
  if (text[end] !== '>') throw expected('">" closing PRI', text, end);
  return { facility: Math.floor(value / 8), severity: value % 8, end: end + 1 };
}

/**
 * RFC 5424 is recognised by VERSION = NONZERO-DIGIT 0*2DIGIT followed by SP right after PRI. No
 * RFC 3164 header starts that way (BSD timestamps start with a month name, the ISO variant with a
 * four-digit year), so this cannot misclassify a well-formed BSD message.
 */
function matchVersion(text: string, offset: number): number | undefined {
  const m = /[1-9][0-9]{0,2} /y;
  m.lastIndex = offset;
  const hit = m.exec(text);
  return hit ? Number(hit[0].slice(0, -1)) : undefined;
}

/**
 * Digits after PRI that are not a VERSION ("0", "01", "1000") but are followed by what an RFC
 * 5424 header has next (a NILVALUE or an RFC 3339 date): a sender that meant 5424 and got the
 * VERSION wrong. "<0>1990 Oct 22 …" (RFC 3164 §5.4, content) does not match.
 */
function matchBadVersion(text: string, offset: number): string | undefined {
  const m = /([0-9]+) (?:- |\d{4}-\d{2}-\d{2}T)/y;
  m.lastIndex = offset;
  return m.exec(text)?.[1];
}

// ---------------------------------------------------------------------------------------------
// RFC 5424

/**
 * What a 5424 header parse collects. A bad token field (TIMESTAMP, HOSTNAME, …) is left out and
 * noted; a structural break (a missing SP, a broken SD element) stops the header, and the text
 * from the start of the element that broke becomes the message: what parsed is kept, and the
 * rest is flagged rather than the whole header lost.
 */
interface Header5424 {
  timestamp?: ParsedTime;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  structuredData?: Record<string, Record<string, string>>;
  message: string;
  readonly leniencies: string[];
}

function parseRfc5424(text: string, pri: Pri, version: number): SyslogMessage {
  const cursor = { pos: pri.end + String(version).length };
  const header: Header5424 = { message: '', leniencies: [] };
  let resumeAt = cursor.pos; // end of the last complete element: where the message starts if the header breaks
  try {
    expectSpace(text, cursor, 'SP after VERSION');
    header.timestamp = lenient(header, () => parseTimestampField(text, cursor));
    resumeAt = cursor.pos;
    parseRestOfHeader(text, cursor, header, (at) => (resumeAt = at));
    if (cursor.pos < text.length) {
      expectSpace(text, cursor, 'SP or end of message after STRUCTURED-DATA');
      header.message = stripBom(text.slice(cursor.pos));
    }
  } catch (err) {
    if (!(err instanceof SyslogSyntaxError)) throw err;
    header.leniencies.push(`${err.message}; the header stops there and the text from offset ${resumeAt} is the message`);
    const rest = text.slice(resumeAt);
    header.message = stripBom(rest.startsWith(' ') ? rest.slice(1) : rest);
  }
  return definedOnly({
    format: 'rfc5424',
    facility: pri.facility,
    severity: pri.severity,
    version,
    timestamp: header.timestamp?.epochMs,
    timestampHadZone: header.timestamp?.hadZone ?? false,
    hostname: header.hostname,
    appName: header.appName,
    procId: header.procId,
    msgId: header.msgId,
    structuredData: header.structuredData,
    message: header.message,
    leniencies: header.leniencies.length > 0 ? header.leniencies : undefined,
  });
}

/** HOSTNAME … STRUCTURED-DATA; `mark` is told where each complete element ends. */
function parseRestOfHeader(text: string, cursor: Cursor, header: Header5424, mark: (at: number) => void): void {
  const fields = [
    ['hostname', 'HOSTNAME', 255],
    ['appName', 'APP-NAME', 48],
    ['procId', 'PROCID', 128],
    ['msgId', 'MSGID', 32],
  ] as const;
  let after = 'TIMESTAMP';
  for (const [key, name, max] of fields) {
    expectSpace(text, cursor, `SP after ${after}`);
    header[key] = lenient(header, () => parseHeaderField(text, cursor, name, max));
    mark(cursor.pos);
    after = name;
  }
  expectSpace(text, cursor, 'SP after MSGID');
  parseStructuredData(text, cursor, header, mark);
}

/** Run a token field's parse; a bad token is noted and left out instead of ending the header. */
function lenient<T>(header: Header5424, parseField: () => T): T | undefined {
  try {
    return parseField();
  } catch (err) {
    if (!(err instanceof SyslogSyntaxError)) throw err;
    header.leniencies.push(`${err.message}; left out`);
    return undefined;
  }
}

/** Drop absent optional fields so a parse compares equal to a literal that simply omits them. */
function definedOnly<T extends object>(obj: T): T {
  const defined: Partial<T> = {};
  for (const key in obj) if (obj[key] !== undefined) defined[key] = obj[key]; // hot path: no entries() arrays
  return defined as T;
}

interface Cursor {
  pos: number;
}

function expectSpace(text: string, cursor: Cursor, what: string): void {
  if (text[cursor.pos] !== ' ') throw expected(what, text, cursor.pos);
  cursor.pos++;
}

/** The characters up to the next SP (or the end). */
function takeToken(text: string, cursor: Cursor): string {
  const space = text.indexOf(' ', cursor.pos);
  const end = space === -1 ? text.length : space;
  const token = text.slice(cursor.pos, end);
  cursor.pos = end;
  return token;
}

function isPrintUsAscii(code: number): boolean {
  return code >= 33 && code <= 126;
}

/** HOSTNAME / APP-NAME / PROCID / MSGID: NILVALUE or 1*max PRINTUSASCII. NILVALUE → undefined. */
function parseHeaderField(text: string, cursor: Cursor, name: string, max: number): string | undefined {
  const start = cursor.pos;
  const token = takeToken(text, cursor);
  if (token.length === 0) throw expected(`${name} (1-${max} printable US-ASCII characters or "-")`, text, start);
  for (let i = 0; i < token.length; i++) {
    if (!isPrintUsAscii(token.charCodeAt(i))) throw expected(`printable US-ASCII in ${name}`, text, start + i);
  }
  if (token.length > max) {
    throw new SyslogSyntaxError(`${name} at offset ${start} is ${token.length} characters long; expected at most ${max}`);
  }
  return token === NILVALUE ? undefined : token;
}

function parseTimestampField(text: string, cursor: Cursor): ParsedTime | undefined {
  const start = cursor.pos;
  const token = takeToken(text, cursor);
  if (token === NILVALUE) return undefined;
  const result = parseRfc3339(token, true);
  if (typeof result === 'string') throw new SyslogSyntaxError(`TIMESTAMP at offset ${start}: ${result}`);
  return result;
}

/**
 * STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT; SD-ELEMENT = "[" SD-ID *(SP SD-PARAM) "]".
 * Complete elements go into header.structuredData as they are read, so a later broken element
 * does not lose them. A repeated SD-ID (RFC 5424 §6.3.2 forbids it) is kept under `ID#2`, `ID#3`
 * … and noted; a repeated PARAM-NAME is legal, but a string map holds one value, so the first is kept.
 */
function parseStructuredData(text: string, cursor: Cursor, header: Header5424, mark: (at: number) => void): void {
  if (text[cursor.pos] === NILVALUE) {
    cursor.pos++;
    mark(cursor.pos);
    return;
  }
  if (text[cursor.pos] !== '[') throw expected('"[" or "-" starting STRUCTURED-DATA', text, cursor.pos);
  const data: Record<string, Record<string, string>> = {};
  const seen = new Set<string>(); // SD-IDs as written, apart from the keys made for repeats
  while (text[cursor.pos] === '[') {
    const start = cursor.pos;
    cursor.pos++;
    const id = parseSdName(text, cursor, 'SD-ID');
    const params = parseSdParams(text, cursor, header.leniencies);
    if (text[cursor.pos] !== ']') throw expected('SP or "]" in SD-ELEMENT', text, cursor.pos);
    cursor.pos++;
    const key = freeKey(data, id);
    if (key !== id)
      header.leniencies.push(`SD-ID ${JSON.stringify(id)} at offset ${start + 1} ${seen.has(id) ? 'repeats an earlier one' : 'is the name given to a repeated one'}; kept as ${JSON.stringify(key)}`);
    seen.add(id);
    setFirst(data, key, params);
    header.structuredData = data;
    mark(cursor.pos);
  }
}

/** `id`, or the first of `id#2`, `id#3` … not yet in `data`. */
function freeKey(data: Record<string, unknown>, id: string): string {
  if (!Object.hasOwn(data, id)) return id;
  let n = 2;
  while (Object.hasOwn(data, `${id}#${n}`)) n++;
  return `${id}#${n}`;
}

function parseSdParams(text: string, cursor: Cursor, leniencies: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  while (text[cursor.pos] === ' ') {
    cursor.pos++;
    const name = parseSdName(text, cursor, 'PARAM-NAME');
    if (text[cursor.pos] !== '=') throw expected('"=" after PARAM-NAME', text, cursor.pos);
    cursor.pos++;
    if (text[cursor.pos] !== '"') throw expected("'\"' opening PARAM-VALUE", text, cursor.pos);
    cursor.pos++;
    setFirst(params, name, parseParamValue(text, cursor, leniencies));
  }
  return params;
}

/** Own-property assignment that cannot hit `__proto__` and keeps the first value for a key. */
function setFirst<T>(target: Record<string, T>, key: string, value: T): void {
  if (Object.hasOwn(target, key)) return;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** SD-NAME = 1*32PRINTUSASCII except '=', SP, ']', '"'. */
function parseSdName(text: string, cursor: Cursor, what: string): string {
  const start = cursor.pos;
  while (cursor.pos < text.length && isSdNameChar(text.charCodeAt(cursor.pos))) cursor.pos++;
  const length = cursor.pos - start;
  if (length === 0) throw expected(`${what} (printable US-ASCII except '=', SP, ']', '"')`, text, start);
  if (length > 32) throw new SyslogSyntaxError(`${what} at offset ${start} is ${length} characters long; expected at most 32`);
  return text.slice(start, cursor.pos);
}

function isSdNameChar(code: number): boolean {
  return isPrintUsAscii(code) && code !== 0x3d /* = */ && code !== 0x5d /* ] */ && code !== 0x22; /* " */
}

/**
 * PARAM-VALUE up to the closing unescaped '"'. RFC 5424 §6.3.3: `\"`, `\\` and `\]` stand for the
 * escaped character; a backslash before anything else is kept as a literal backslash and noted
 * (the RFC requires those three to be escaped, so a sender writing `\t` has a bug). An unescaped
 * ']' is tolerated: inside quotes it cannot be mistaken for the element's end.
 */
function parseParamValue(text: string, cursor: Cursor, leniencies: string[]): string {
  const openedAt = cursor.pos - 1;
  let value = '';
  while (cursor.pos < text.length) {
    const ch = text[cursor.pos];
    if (ch === '"') {
      cursor.pos++;
      return value;
    }
    const next = text[cursor.pos + 1];
    if (ch === '\\' && (next === '"' || next === '\\' || next === ']')) {
      value += next;
      cursor.pos += 2;
    } else {
      if (ch === '\\') leniencies.push(`backslash at offset ${cursor.pos} escapes ${found(text, cursor.pos + 1)}, which is not '"', '\\' or ']'; kept as a literal backslash`);
      value += ch;
      cursor.pos++;
    }
  }
  throw expected(`'"' closing PARAM-VALUE opened at offset ${openedAt}`, text, cursor.pos);
}

function stripBom(message: string): string {
  return message.startsWith(BOM) ? message.slice(1) : message;
}

// ---------------------------------------------------------------------------------------------
// RFC 3164

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/**
 * `Mmm dd hh:mm:ss` with the day space-padded ("Nov  4"), zero-padded or (leniently) bare ("Nov 4"),
 * the month in any case ("NOV"), and optionally a year before the time (`Mar 7 2008 19:06:53`, as
 * Cisco devices send it with `service timestamps log datetime year`).
 */
const BSD_TIMESTAMP = /(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) (?: ?(\d)|(\d\d)) (?:(\d{4}) )?(\d\d):(\d\d):(\d\d)(?= |$)/iy;
/** rsyslog's "high precision" RFC 3164 variant puts an RFC 3339 timestamp where the BSD one goes. */
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T[^ ]*(?= |$)/y;
/** `TAG:` or `TAG[PID]:` (colon optional after [PID]), then SP or the end. */
const TAG = /([^\s[\]:]{1,48})(?:\[([^\]\s]*)\]:?|:)(?= |$)/y;
/**
 * A TAG with neither ':' nor '[PID]' (§4.1.3: a space may end it; rsyslog's default reading): a
 * word that starts with a letter and looks like a program name, followed by a message.
 */
const BARE_TAG = /([A-Za-z][\w./-]{0,47}) (?=\S)/y;
const DAY_MS = 86_400_000;

interface Rfc3164Timestamp {
  readonly epochMs: number;
  readonly hadZone: boolean;
  readonly yearInferred?: boolean;
  /** Offset just after the timestamp. */
  readonly end: number;
}

function parseRfc3164(text: string, pri: Pri, opts: SyslogParseOptions): SyslogMessage {
  const base = { format: 'rfc3164' as const, facility: pri.facility, severity: pri.severity, timestampHadZone: false };
  // Some senders put a space after PRI ("<13> Nov 24 …"); it is skipped when a timestamp follows.
  const start = text[pri.end] === ' ' ? pri.end + 1 : pri.end;
  const timestamp = matchTimestamp(text, start, opts) ?? (start === pri.end ? undefined : matchTimestamp(text, pri.end, opts));
  // RFC 3164 §4.3.2/§4.3.3: without a recognisable TIMESTAMP, everything after PRI is content.
  if (!timestamp) return { ...base, message: stripBom(text.slice(pri.end)) };
  const cursor = { pos: Math.min(timestamp.end + 1, text.length) };
  const hostname = takeHostname(text, cursor);
  const tag = matchTag(text, cursor);
  return definedOnly({
    ...base,
    timestamp: timestamp.epochMs,
    timestampHadZone: timestamp.hadZone,
    timestampYearInferred: timestamp.yearInferred,
    hostname,
    appName: tag?.appName,
    procId: tag?.procId,
    message: stripBom(text.slice(cursor.pos)),
  });
}

/**
 * Missing-hostname heuristic: many local senders (and `logger` when writing to /dev/log) omit
 * HOSTNAME, so the token after the timestamp may already be the TAG. A token that parses as a TAG
 * (it ends in ':' or has a '[PID]', neither of which occurs in a hostname or IP address, IPv6
 * included since a TAG name contains no ':') is taken as the TAG and the hostname left unset;
 * any other token is the HOSTNAME. A message like `Nov 24 12:00:00 hello world` therefore reads
 * "hello" as the hostname, which is what the RFC 3164 layout says.
 */
function takeHostname(text: string, cursor: Cursor): string | undefined {
  if (looksLikeTag(text, cursor.pos)) return undefined;
  const token = takeToken(text, cursor);
  if (cursor.pos < text.length) cursor.pos++; // the SP after HOSTNAME
  return token.length > 0 ? token : undefined;
}

function looksLikeTag(text: string, offset: number): boolean {
  TAG.lastIndex = offset;
  return TAG.test(text);
}

function matchTimestamp(text: string, offset: number, opts: SyslogParseOptions): Rfc3164Timestamp | undefined {
  return matchBsdTimestamp(text, offset, opts) ?? matchIsoTimestamp(text, offset);
}

function matchTag(text: string, cursor: Cursor): { appName: string; procId: string | undefined } | undefined {
  TAG.lastIndex = cursor.pos;
  const m = TAG.exec(text);
  if (!m) return matchBareTag(text, cursor);
  cursor.pos = Math.min(TAG.lastIndex + 1, text.length); // the SP after "TAG:"
  return { appName: m[1] ?? '', procId: m[2] === undefined || m[2] === '' ? undefined : m[2] };
}

function matchBareTag(text: string, cursor: Cursor): { appName: string; procId: undefined } | undefined {
  BARE_TAG.lastIndex = cursor.pos;
  const m = BARE_TAG.exec(text);
  if (!m) return undefined;
  cursor.pos = BARE_TAG.lastIndex;
  return { appName: m[1] ?? '', procId: undefined };
}

function matchBsdTimestamp(text: string, offset: number, opts: SyslogParseOptions): Rfc3164Timestamp | undefined {
  BSD_TIMESTAMP.lastIndex = offset;
  const m = BSD_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const fields = { month: MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1, day: Number(m[2] ?? m[3]), hour: Number(m[5]), minute: Number(m[6]), second: Number(m[7]) };
  const epochMs = m[4] === undefined ? bsdEpochMs(fields, opts) : datedEpochMs({ ...fields, year: Number(m[4]) });
  return epochMs === undefined ? undefined : { epochMs, hadZone: false, yearInferred: m[4] === undefined, end: BSD_TIMESTAMP.lastIndex };
}

/**
 * A BSD timestamp has no year and no zone. Read it in UTC (the clock check applies the sender's
 * zone later, and chooses the year again in that zone), in the year of receivedAt; if that lands more than 24h after receivedAt the event is from last
 * year (a "Dec 31 23:59:59" received on Jan 1). A date that does not exist in the chosen year
 * (Feb 29 outside a leap year, Nov 31) means no usable timestamp.
 */
function bsdEpochMs(f: Omit<DateTimeFields, 'year'>, opts: SyslogParseOptions): number | undefined {
  const receivedYear = new Date(opts.receivedAt).getUTCFullYear();
  if (Number.isNaN(receivedYear)) return undefined;
  const thisYear = { ...f, year: receivedYear };
  const candidate = dateTimeProblem(thisYear) ? undefined : utcEpochMs(thisYear, 0);
  if (candidate !== undefined && candidate <= opts.receivedAt + DAY_MS) return candidate;
  const lastYear = { ...f, year: receivedYear - 1 };
  return dateTimeProblem(lastYear) ? undefined : utcEpochMs(lastYear, 0);
}

/** A BSD timestamp that names its year: that date in UTC, or undefined when it does not exist. */
function datedEpochMs(f: DateTimeFields): number | undefined {
  return dateTimeProblem(f) ? undefined : utcEpochMs(f, 0);
}

function matchIsoTimestamp(text: string, offset: number): Rfc3164Timestamp | undefined {
  ISO_TIMESTAMP.lastIndex = offset;
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const parsed = parseRfc3339(m[0], false);
  return typeof parsed === 'string' ? undefined : { ...parsed, end: ISO_TIMESTAMP.lastIndex };
}

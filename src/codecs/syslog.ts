// Syslog message parser: one message (already decoded from UTF-8) in RFC 5424 or RFC 3164 (BSD)
// form, auto-detected from what follows the PRI. Pure code: no I/O, and it never throws on any
// input; a malformed message comes back as `{ ok: false, reason: 'invalid_syslog', detail }`
// where the detail names what was found, what was expected and the character offset (UTF-16 code
// units into `text`).
//
// Strictness differs by format on purpose:
// - RFC 5424 is a precise grammar, so once a message announces itself as 5424 (`<PRI>VERSION SP`)
//   every header field is checked and a violation (e.g. month 13, an over-long APP-NAME) is
//   invalid_syslog: a sender claiming 5424 and breaking it should be visible.
// - RFC 3164 only describes what BSD senders were observed to do (§4.3.3 says a relay that cannot
//   make sense of what follows a valid PRI treats it as content), so after a valid PRI anything
//   goes: what cannot be parsed becomes the message.

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
}

export type SyslogParse = { readonly ok: true; readonly msg: SyslogMessage } | { readonly ok: false; readonly reason: 'invalid_syslog'; readonly detail: string };

export interface SyslogParseOptions {
  /** When the message was received (epoch ms); supplies the year a BSD timestamp lacks. */
  readonly receivedAt: number;
  /** Zone for timestamps that carry none (BSD form). Only UTC is supported so far. */
  readonly defaultTimezone?: 'UTC';
}

/** Facility names by code (RFC 5424 §6.2.1 table 1, in the spelling common to rsyslog and ECS data). */
export const FACILITY_NAMES: readonly string[] = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

/** Severity names by code; these are also the log.level words. */
export const SEVERITY_NAMES: readonly string[] = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

/** Name of a facility code, or undefined outside 0..23. */
export function facilityName(code: number): string | undefined {
  return FACILITY_NAMES[code];
}

/** Name of a severity code, or undefined outside 0..7. */
export function severityName(code: number): string | undefined {
  return SEVERITY_NAMES[code];
}

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

function parseOrFail(text: string, opts: SyslogParseOptions): SyslogMessage {
  const pri = parsePri(text);
  const version = matchVersion(text, pri.end);
  if (version !== undefined) return parseRfc5424(text, pri, version);
  return parseRfc3164(text, pri, opts);
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

// ---------------------------------------------------------------------------------------------
// RFC 5424

function parseRfc5424(text: string, pri: Pri, version: number): SyslogMessage {
  const cursor = { pos: pri.end + String(version).length };
  expectSpace(text, cursor, 'SP after VERSION');
  const timestamp = parseTimestampField(text, cursor);
  expectSpace(text, cursor, 'SP after TIMESTAMP');
  const hostname = parseHeaderField(text, cursor, 'HOSTNAME', 255);
  expectSpace(text, cursor, 'SP after HOSTNAME');
  const appName = parseHeaderField(text, cursor, 'APP-NAME', 48);
  expectSpace(text, cursor, 'SP after APP-NAME');
  const procId = parseHeaderField(text, cursor, 'PROCID', 128);
  expectSpace(text, cursor, 'SP after PROCID');
  const msgId = parseHeaderField(text, cursor, 'MSGID', 32);
  expectSpace(text, cursor, 'SP after MSGID');
  const structuredData = parseStructuredData(text, cursor);
  let message = '';
  if (cursor.pos < text.length) {
    expectSpace(text, cursor, 'SP or end of message after STRUCTURED-DATA');
    message = stripBom(text.slice(cursor.pos));
  }
  return definedOnly({
    format: 'rfc5424',
    facility: pri.facility,
    severity: pri.severity,
    version,
    timestamp: timestamp?.epochMs,
    timestampHadZone: timestamp?.hadZone ?? false,
    hostname,
    appName,
    procId,
    msgId,
    structuredData,
    message,
  });
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
 * A repeated SD-ID or PARAM-NAME keeps its first occurrence (RFC 5424 §6.3.2 forbids repeated
 * SD-IDs; repeated PARAM-NAMEs are legal but a string map holds only one value).
 */
function parseStructuredData(text: string, cursor: Cursor): Record<string, Record<string, string>> | undefined {
  if (text[cursor.pos] === NILVALUE) {
    cursor.pos++;
    return undefined;
  }
  if (text[cursor.pos] !== '[') throw expected('"[" or "-" starting STRUCTURED-DATA', text, cursor.pos);
  const data: Record<string, Record<string, string>> = {};
  while (text[cursor.pos] === '[') {
    cursor.pos++;
    const id = parseSdName(text, cursor, 'SD-ID');
    const params = parseSdParams(text, cursor);
    if (text[cursor.pos] !== ']') throw expected('SP or "]" in SD-ELEMENT', text, cursor.pos);
    cursor.pos++;
    setFirst(data, id, params);
  }
  return data;
}

function parseSdParams(text: string, cursor: Cursor): Record<string, string> {
  const params: Record<string, string> = {};
  while (text[cursor.pos] === ' ') {
    cursor.pos++;
    const name = parseSdName(text, cursor, 'PARAM-NAME');
    if (text[cursor.pos] !== '=') throw expected('"=" after PARAM-NAME', text, cursor.pos);
    cursor.pos++;
    if (text[cursor.pos] !== '"') throw expected("'\"' opening PARAM-VALUE", text, cursor.pos);
    cursor.pos++;
    setFirst(params, name, parseParamValue(text, cursor));
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
 * escaped character; a backslash before anything else is kept as a literal backslash. An
 * unescaped ']' is tolerated: inside quotes it cannot be mistaken for the element's end.
 */
function parseParamValue(text: string, cursor: Cursor): string {
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
// Timestamps

interface ParsedTime {
  readonly epochMs: number;
  readonly hadZone: boolean;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const RFC3339_FORM = 'YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)';

/**
 * RFC 3339 date-time → epoch ms, or a string saying what is wrong. The fraction is truncated to
 * milliseconds (the store keeps ms). More than the 6 fraction digits RFC 5424 allows is accepted
 * because real senders emit nanoseconds and nothing is ambiguous about it. Without a zone (only
 * allowed for the RFC 3164 ISO variant) the time is read in the default zone; UTC is the only one
 * supported, so opts.defaultTimezone needs no consulting yet.
 */
function parseRfc3339(token: string, requireZone: boolean): ParsedTime | string {
  const m = RFC3339.exec(token);
  if (!m) return `expected ${RFC3339_FORM} or "-", found ${JSON.stringify(token)}`;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (zone === undefined && requireZone) return `expected a zone ('Z' or ±hh:mm) in ${JSON.stringify(token)}`;
  const fields = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  const problem = dateTimeProblem(fields);
  if (problem) return `${problem} in ${JSON.stringify(token)}`;
  const offsetMinutes = zone === undefined ? 0 : parseZoneOffset(zone);
  if (typeof offsetMinutes === 'string') return `${offsetMinutes} in ${JSON.stringify(token)}`;
  const millis = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  return { epochMs: utcEpochMs(fields, millis) - offsetMinutes * 60_000, hadZone: zone !== undefined };
}

interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** What is out of range in a calendar date-time, or undefined when it is a real instant. */
function dateTimeProblem(f: DateTimeFields): string | undefined {
  if (f.month < 1 || f.month > 12) return `month ${f.month} out of range 01..12`;
  const days = daysInMonth(f.year, f.month);
  if (f.day < 1 || f.day > days) return `day ${f.day} out of range 01..${days} for month ${f.month}`;
  if (f.hour > 23) return `hour ${f.hour} out of range 00..23`;
  if (f.minute > 59) return `minute ${f.minute} out of range 00..59`;
  // RFC 5424 §6.2.3 forbids leap seconds (":60"); Date would silently roll it into the next minute.
  if (f.second > 59) return `second ${f.second} out of range 00..59`;
  return undefined;
}

function parseZoneOffset(zone: string): number | string {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return `zone offset ${zone} out of range`;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function utcEpochMs(f: DateTimeFields, millis: number): number {
  // Date.UTC maps years 0..99 to 1900..1999, so set the full year explicitly.
  const date = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, millis));
  date.setUTCFullYear(f.year);
  return date.getTime();
}

// ---------------------------------------------------------------------------------------------
// RFC 3164

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Mmm dd hh:mm:ss` with the day space-padded ("Nov  4"), zero-padded or (leniently) bare ("Nov 4"). */
const BSD_TIMESTAMP = /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?: ?(\d)|(\d\d)) (\d\d):(\d\d):(\d\d)(?= |$)/y;
/** rsyslog's "high precision" RFC 3164 variant puts an RFC 3339 timestamp where the BSD one goes. */
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T[^ ]*(?= |$)/y;
/** `TAG:` or `TAG[PID]:` (colon optional after [PID]), then SP or the end. */
const TAG = /([^\s[\]:]{1,48})(?:\[([^\]\s]*)\]:?|:)(?= |$)/y;
const DAY_MS = 86_400_000;

interface Rfc3164Timestamp {
  readonly epochMs: number;
  readonly hadZone: boolean;
  /** Offset just after the timestamp. */
  readonly end: number;
}

function parseRfc3164(text: string, pri: Pri, opts: SyslogParseOptions): SyslogMessage {
  const base = { format: 'rfc3164' as const, facility: pri.facility, severity: pri.severity, timestampHadZone: false };
  const timestamp = matchBsdTimestamp(text, pri.end, opts) ?? matchIsoTimestamp(text, pri.end);
  // RFC 3164 §4.3.2/§4.3.3: without a recognisable TIMESTAMP, everything after PRI is content.
  if (!timestamp) return { ...base, message: stripBom(text.slice(pri.end)) };
  const cursor = { pos: Math.min(timestamp.end + 1, text.length) };
  const hostname = takeHostname(text, cursor);
  const tag = matchTag(text, cursor);
  return definedOnly({
    ...base,
    timestamp: timestamp.epochMs,
    timestampHadZone: timestamp.hadZone,
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

function matchTag(text: string, cursor: Cursor): { appName: string; procId: string | undefined } | undefined {
  TAG.lastIndex = cursor.pos;
  const m = TAG.exec(text);
  if (!m) return undefined;
  cursor.pos = Math.min(TAG.lastIndex + 1, text.length); // the SP after "TAG:"
  return { appName: m[1] ?? '', procId: m[2] === undefined || m[2] === '' ? undefined : m[2] };
}

function matchBsdTimestamp(text: string, offset: number, opts: SyslogParseOptions): Rfc3164Timestamp | undefined {
  BSD_TIMESTAMP.lastIndex = offset;
  const m = BSD_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const epochMs = bsdEpochMs({ month: MONTHS.indexOf(m[1] ?? '') + 1, day: Number(m[2] ?? m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) }, opts);
  return epochMs === undefined ? undefined : { epochMs, hadZone: false, end: BSD_TIMESTAMP.lastIndex };
}

/**
 * A BSD timestamp has no year and no zone. Read it in UTC (the only default zone supported), in
 * the year of receivedAt; if that lands more than 24h after receivedAt the event is from last
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

function matchIsoTimestamp(text: string, offset: number): Rfc3164Timestamp | undefined {
  ISO_TIMESTAMP.lastIndex = offset;
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const parsed = parseRfc3339(m[0], false);
  return typeof parsed === 'string' ? undefined : { ...parsed, end: ISO_TIMESTAMP.lastIndex };
}

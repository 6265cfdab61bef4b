// The one time parser: query-language time literals, the API's `from`/`to` parameters and the CLI's
// `--from`/`--to` flags all read times here, so a form accepted in one is accepted in all. Pure; it
// stays in query/ because the query language is its largest user and api/ and cli/ may import query/.
//
// A literal denotes an interval, not an instant: `2026-11-24` is that whole UTC day and
// `2026-11-24T12:00Z` that whole minute, so `@timestamp:2026-11-24` finds the day's events and
// `[2026-11-24 TO 2026-11-25]` covers both days, as people mean it. A bound (API, CLI) is the
// interval's start. The forms:
// - ISO 8601, any prefix from a year down to nanoseconds, with a zone (`Z`, `+01:00`, `+0100`,
//   `+01`) or without one, which reads as UTC;
// - epoch milliseconds, five digits or more (four digits are a year);
// - `now`, `now-15m`, `now+1h` (units s, m, h, d, w), optionally rounded down to a unit in UTC:
//   `now/d` is today, `now-1d/d` yesterday (weeks start on Monday, as ISO 8601 has it).

/** [start, end) in epoch milliseconds. */
export interface TimeInterval {
  readonly start: number;
  readonly end: number;
}

export type TimeProblem = 'syntax' | 'range';

export type TimeParse = { readonly interval: TimeInterval } | { readonly problem: TimeProblem };

// DateTime64(3)'s range. Outside it ClickHouse silently wraps values, so refuse rather than mislead.
export const MIN_TIME = Date.UTC(1900, 0, 1);
export const MAX_TIME = Date.UTC(2300, 0, 1);

/** What a time may be written as, for error messages everywhere a time is read. */
export const TIME_FORMS =
  'an ISO 8601 time (2026-11-24, 2026-11-24T12:00:00Z, 2026-11-24T12:00:00.000+01:00), epoch milliseconds, now, now-15m or now+1h (units s, m, h, d, w), optionally rounded as in now/d';

/** The times that can be stored and searched, for error messages. */
export const TIME_RANGE = `${new Date(MIN_TIME).toISOString()} to ${new Date(MAX_TIME - 1).toISOString()} (epoch ms ${MIN_TIME} to ${MAX_TIME - 1})`;

/** The error message for a time `name` (a parameter or flag) that could not be read. */
export function timeProblemMessage(name: string, text: string, problem: TimeProblem): string {
  if (problem === 'range') return `${name}: ${JSON.stringify(text)} is outside the times logwarden can search; the allowed range is ${TIME_RANGE}`;
  // In a URL query string `+` means a space, so `?from=now+1h` arrives as "now 1h".
  const plusHint = text.includes(' ') ? ' (in a URL, a + reads as a space: write + as %2B)' : '';
  return `${name}: expected ${TIME_FORMS}; found ${JSON.stringify(text)}${plusHint}`;
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

const EPOCH_MS = /^\d{5,}$/;

const RELATIVE = /^now(?:([+-])(\d+)([smhdw]))?(?:\/([smhdw]))?$/;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

// 1970-01-01 was a Thursday, so Mondays fall 4 days after a multiple of 7 days since the epoch.
const MONDAY_OFFSET_MS = 4 * 86_400_000;

/** Parse a time literal; `now` (epoch ms) anchors relative expressions so results are reproducible. */
export function parseTime(text: string, now: number): TimeParse {
  const interval = parseRelative(text, now) ?? parseEpochMs(text) ?? parseIso(text);
  if (interval === undefined) return { problem: 'syntax' };
  if (!(interval.start >= MIN_TIME && interval.end <= MAX_TIME)) return { problem: 'range' };
  return { interval };
}

function parseRelative(text: string, now: number): TimeInterval | undefined {
  const m = RELATIVE.exec(text);
  if (!m) return undefined;
  const [, sign, amount, unit, rounding] = m;
  // A huge amount gives ±Infinity or a time far out of range: parseTime reports it as a range problem.
  const offset = sign === undefined ? 0 : Number(amount) * UNIT_MS[unit!]! * (sign === '-' ? -1 : 1);
  const instant = Math.trunc(now) + offset;
  if (rounding === undefined) return { start: instant, end: instant + 1 };
  const step = UNIT_MS[rounding]!;
  const shift = rounding === 'w' ? MONDAY_OFFSET_MS : 0;
  const start = Math.floor((instant - shift) / step) * step + shift;
  return { start, end: start + step };
}

function parseEpochMs(text: string): TimeInterval | undefined {
  if (!EPOCH_MS.test(text)) return undefined;
  const start = Number(text);
  return { start, end: start + 1 };
}
function parseIso(text: string): TimeInterval | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  const y = Number(year);
  const fields = {
    month: month === undefined ? 1 : Number(month),
    day: day === undefined ? 1 : Number(day),
    hour: hour === undefined ? 0 : Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
    ms: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  };
  if (!validFields(y, fields)) return undefined;
  const offsetMs = zoneOffsetMs(zone);
  if (offsetMs === undefined) return undefined;
  const start = utc(y, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, fields.ms) - offsetMs;
  return { start, end: start + precisionMs(y, fields.month, m) };
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

interface DateFields {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function validFields(year: number, f: DateFields): boolean {
  const daysInMonth = new Date(utc(year, f.month, 0)).getUTCDate();
  return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth && f.hour <= 23 && f.minute <= 59 && f.second <= 59;
}

/** Milliseconds east of UTC; a date-time without a zone is UTC. */
function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** The length of the interval a literal names: its least significant written component. */
function precisionMs(year: number, month: number, m: RegExpExecArray): number {
  const [, , monthText, day, hour, , second, fraction] = m;
  if (fraction !== undefined) return 1;
  if (second !== undefined) return 1000;
  if (hour !== undefined) return 60_000;
  if (day !== undefined) return 86_400_000;
  if (monthText !== undefined) return utc(year, month) - utc(year, month - 1);
  return utc(year + 1, 0) - utc(year, 0);
}

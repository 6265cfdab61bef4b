// Time literals in queries: ISO 8601 (any prefix from a year down to milliseconds) and `now`-relative
// expressions. A literal denotes an interval, not an instant: `2026-11-24` is that whole UTC day and
// `12:00Z` that whole minute, so `@timestamp:2026-11-24` finds the day's events and
// `[2026-11-24 TO 2026-11-25]` covers both days, as people mean it.

/** [start, end) in epoch milliseconds. */
export interface TimeInterval {
  readonly start: number;
  readonly end: number;
}

export type TimeParse = { readonly interval: TimeInterval } | { readonly problem: 'syntax' | 'range' };

// DateTime64(3)'s range. Outside it ClickHouse silently wraps values, so refuse rather than mislead.
export const MIN_TIME = Date.UTC(1900, 0, 1);
export const MAX_TIME = Date.UTC(2300, 0, 1);

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

const RELATIVE = /^now(?:([+-])(\d{1,12})([smhdw]))?$/;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parse a time literal; `now` (epoch ms) anchors relative expressions so results are reproducible. */
export function parseTime(text: string, now: number): TimeParse {
  const interval = parseRelative(text, now) ?? parseIso(text);
  if (interval === undefined) return { problem: 'syntax' };
  if (interval.start < MIN_TIME || interval.end > MAX_TIME) return { problem: 'range' };
  return { interval };
}

function parseRelative(text: string, now: number): TimeInterval | undefined {
  const m = RELATIVE.exec(text);
  if (!m) return undefined;
  const [, sign, amount, unit] = m;
  const offset = sign === undefined ? 0 : Number(amount) * UNIT_MS[unit!]! * (sign === '-' ? -1 : 1);
  const start = Math.trunc(now) + offset;
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
  return (
    f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= daysInMonth && f.hour <= 23 && f.minute <= 59 && f.second <= 59
  );
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

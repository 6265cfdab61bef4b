// Timestamps for the syslog parser: RFC 3339 date-times (RFC 5424 and rsyslog's high-precision
// RFC 3164 form) and the calendar checks BSD timestamps share. Pure code; split from syslog.ts
// so each file stays one concept.

export interface ParsedTime {
  readonly epochMs: number;
  readonly hadZone: boolean;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const RFC3339_FORM = 'YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)';

/**
 * RFC 3339 date-time → epoch ms, or a string saying what is wrong. The fraction is truncated to
 * milliseconds (the store keeps ms). More than the 6 fraction digits RFC 5424 allows is accepted
 * because real senders emit nanoseconds and nothing is ambiguous about it. Without a zone (only
 * allowed for the RFC 3164 ISO variant) the wall clock is read as UTC and hadZone is false: the
 * pipeline's clock check reads it again in the sender's zone (src/systems/clock-skew.ts).
 */
export function parseRfc3339(token: string, requireZone: boolean): ParsedTime | string {
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

export interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** What is out of range in a calendar date-time, or undefined when it is a real instant. */
export function dateTimeProblem(f: DateTimeFields): string | undefined {
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

export function utcEpochMs(f: DateTimeFields, millis: number): number {
  // Date.UTC maps years 0..99 to 1900..1999, so set the full year explicitly.
  const date = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, millis));
  date.setUTCFullYear(f.year);
  return date.getTime();
}

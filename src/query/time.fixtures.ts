// One table of time inputs, read by every entry point that takes a time: the parser itself, the
// query language, the API's from/to and the CLI's --from/--to. Each entry point must give the same
// start (or refuse with the same problem), which is what "one time parser" promises.
import type { TimeProblem } from './time.ts';

/** The `now` every case is read against: Tuesday 2026-11-24T12:34:56.789Z. */
export const FIXED_NOW = Date.parse('2026-11-24T12:34:56.789Z');

export type TimeCase = { readonly text: string; readonly start: number; readonly end: number } | { readonly text: string; readonly problem: TimeProblem };

const H = 3_600_000;
const D = 24 * H;
const day = Date.parse('2026-11-24T00:00:00Z');

export const TIME_CASES: readonly TimeCase[] = [
  { text: '2026', start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') },
  { text: '2026-11', start: Date.parse('2026-11-01T00:00:00Z'), end: Date.parse('2026-12-01T00:00:00Z') },
  { text: '2026-11-24', start: day, end: day + D },
  { text: '2026-11-24T12:00', start: day + 12 * H, end: day + 12 * H + 60_000 },
  { text: '2026-11-24T12:00:00Z', start: day + 12 * H, end: day + 12 * H + 1000 },
  { text: '2026-11-24 12:00:00.123+02:00', start: day + 10 * H + 123, end: day + 10 * H + 124 },
  { text: '2026-11-24T12:00:00.123456789-0530', start: day + 17.5 * H + 123, end: day + 17.5 * H + 124 },
  { text: '2026-11-24T12:00+01', start: day + 11 * H, end: day + 11 * H + 60_000 },
  { text: '1764000000000', start: 1764000000000, end: 1764000000001 },
  { text: 'now', start: FIXED_NOW, end: FIXED_NOW + 1 },
  { text: 'now-15m', start: FIXED_NOW - 15 * 60_000, end: FIXED_NOW - 15 * 60_000 + 1 },
  { text: 'now+1h', start: FIXED_NOW + H, end: FIXED_NOW + H + 1 },
  { text: 'now-7d', start: FIXED_NOW - 7 * D, end: FIXED_NOW - 7 * D + 1 },
  { text: 'now-30s', start: FIXED_NOW - 30_000, end: FIXED_NOW - 30_000 + 1 },
  { text: 'now/d', start: day, end: day + D },
  { text: 'now-1d/d', start: day - D, end: day },
  { text: 'now/h', start: day + 12 * H, end: day + 13 * H },
  { text: 'now+1h/h', start: day + 13 * H, end: day + 14 * H },
  // 2026-11-24 is a Tuesday: its ISO week began on Monday the 23rd.
  { text: 'now/w', start: day - D, end: day + 6 * D },
  { text: 'yesterday', problem: 'syntax' },
  { text: 'now-15', problem: 'syntax' },
  { text: 'now 1h', problem: 'syntax' },
  { text: 'now-1y', problem: 'syntax' },
  { text: '2026-02-30', problem: 'syntax' },
  { text: '2026-11-24T24:00', problem: 'syntax' },
  { text: '2026-11-24T12:00+25:00', problem: 'syntax' },
  { text: ' 2026-11-24', problem: 'syntax' },
  { text: '', problem: 'syntax' },
  { text: '1899-12-31T23:59:59Z', problem: 'range' },
  { text: '9999-01-01', problem: 'range' },
  { text: '10413792000000', problem: 'range' },
  { text: '99999999999999999999', problem: 'range' },
  { text: 'now-99999999999d', problem: 'range' },
  { text: 'now+9999999999999999999999w', problem: 'range' },
];

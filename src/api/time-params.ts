// Time bounds in API parameters: read by the one time parser (query/time.ts), so `from` and `to`
// accept exactly what the query language accepts; a bound is the start of the interval the text
// names (`to=2026-11-24` ends before that day, `from=now/d` starts at today's midnight UTC). Pure.
import { LogwardenError } from '../errors/codes.ts';
import { MAX_TIME, MIN_TIME, parseTime, timeProblemMessage } from '../query/time.ts';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseTimeBound(name: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const parsed = parseTime(text, now);
  if ('interval' in parsed) return parsed.interval.start;
  // A time beyond what the engine holds would be wrapped round or fail: refuse it with the range.
  const details = parsed.problem === 'range' ? { parameter: name, allowed: { from: new Date(MIN_TIME).toISOString(), to: new Date(MAX_TIME - 1).toISOString() } } : { parameter: name };
  throw new LogwardenError('LW_BAD_REQUEST', timeProblemMessage(name, text, parsed.problem), details);
}

/** `30s`, `5m`, `1h`, `1d` as seconds. */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d+)([smhdw])$/.exec(text);
  if (!match) return undefined;
  const seconds = (Number(match[1]) * (UNIT_MS[match[2] as string] as number)) / 1000;
  return seconds >= 1 && seconds <= 366 * 86_400 ? seconds : undefined;
}

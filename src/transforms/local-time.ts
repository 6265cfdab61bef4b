// Zone arithmetic for timestamps that carry no zone (RFC 3164): a wall-clock time, held as the
// epoch ms it would be in UTC, read again as the instant it names in an IANA zone. Intl supplies
// the zone rules (one formatter per zone, kept); offsets are cached per quarter hour, since every
// zone in use today changes its offset only on a quarter-hour boundary of UTC. Pure.
import { dateTimeProblem, utcEpochMs } from '../codecs/syslog-time.ts';

const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 4096;

interface ZoneRules {
  readonly format: Intl.DateTimeFormat;
  /** Quarter hour of UTC → offset (ms) in force during it. */
  readonly offsets: Map<number, number>;
}

const zones = new Map<string, ZoneRules>();

function rulesOf(zone: string): ZoneRules {
  let rules = zones.get(zone);
  if (!rules) {
    const options = { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    rules = { format: new Intl.DateTimeFormat('en-US', options), offsets: new Map() };
    zones.set(zone, rules);
  }
  return rules;
}

/** The zone's offset from UTC (ms, positive east of Greenwich) at `instant`. Throws for an unknown zone. */
export function zoneOffsetMs(zone: string, instant: number): number {
  const rules = rulesOf(zone);
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const cached = rules.offsets.get(quarter);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of rules.format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const fields = { year: parts['year'] ?? 0, month: parts['month'] ?? 1, day: parts['day'] ?? 1, hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0 };
  const offset = utcEpochMs(fields, 0) - (instant - (((instant % 1000) + 1000) % 1000));
  if (rules.offsets.size >= CACHE_LIMIT) rules.offsets.clear();
  rules.offsets.set(quarter, offset);
  return offset;
}

/**
 * The instant a wall-clock time names in `zone`; `wallMs` is that wall clock read as UTC. Where the
 * zone's clocks go back (an overlap: the wall clock names two instants) the earlier instant is
 * taken; where they go forward (a gap: it names none) the wall clock is read with the offset before
 * the gap, which lands that much after it (02:30 in a 02:00→03:00 gap is 03:30). These are the
 * choices of ECMAScript Temporal's "compatible" disambiguation and of most zone libraries.
 */
export function wallClockInstant(wallMs: number, zone: string): number {
  const before = zoneOffsetMs(zone, wallMs - DAY_MS);
  const after = zoneOffsetMs(zone, wallMs + DAY_MS);
  const candidates = [wallMs - before, wallMs - after].filter((instant, index) => zoneOffsetMs(zone, instant) === (index === 0 ? before : after));
  if (candidates.length === 0) return wallMs - before; // a gap
  return Math.min(...candidates);
}

/**
 * A BSD timestamp (no year, no zone) read in `zone`: its month, day and time (`wallMs`, read as UTC
 * in whatever year the parser chose) in the year of the receipt as the zone's clocks show it, or the
 * year before when that lands more than a day after the receipt, as the parser does in UTC. When
 * the date does not exist in that year (29 February), the parser's year is kept.
 */
export function bsdInstantInZone(wallMs: number, receivedAt: number, zone: string): number {
  const wall = new Date(wallMs);
  const receivedYear = new Date(receivedAt + zoneOffsetMs(zone, receivedAt)).getUTCFullYear();
  const inYear = (year: number): number | undefined => {
    const fields = { year, month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
    return dateTimeProblem(fields) ? undefined : wallClockInstant(utcEpochMs(fields, wall.getUTCMilliseconds()), zone);
  };
  const thisYear = inYear(receivedYear);
  if (thisYear !== undefined && thisYear <= receivedAt + DAY_MS) return thisYear;
  return inYear(receivedYear - 1) ?? wallClockInstant(wallMs, zone);
}

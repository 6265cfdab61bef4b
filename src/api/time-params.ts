// Time bounds in API parameters and CLI flags: ISO 8601 (`2026-11-24`, `2026-11-24T12:00:00Z`),
// epoch milliseconds, or relative to now (`now`, `now-15m`, `now-2h`, `now-7d`). Pure.
import { LogwardenError } from '../errors/codes.ts';
import { MAX_TIME, MIN_TIME } from '../query/time.ts';
import { parseTime } from '../transforms/normalise-json.ts';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The bounds a time parameter may take, inclusive: what the stored times (DateTime64(3)) can hold. */
const LOWEST = MIN_TIME;
const HIGHEST = MAX_TIME - 1;
export const ALLOWED_RANGE = `${new Date(LOWEST).toISOString()} to ${new Date(HIGHEST).toISOString()} (epoch ms ${LOWEST} to ${HIGHEST})`;

export function parseTimeBound(name: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const epochMs = parseBound(text, now);
  if (epochMs === undefined) {
    throw new LogwardenError('LW_BAD_REQUEST', `${name}: expected an ISO 8601 time, epoch milliseconds or now-15m style, found ${JSON.stringify(text)}`);
  }
  // Beyond these the engine would wrap the value round or fail: refuse it with the range instead.
  if (!(epochMs >= LOWEST && epochMs <= HIGHEST)) {
    throw new LogwardenError('LW_BAD_REQUEST', `${name}: ${JSON.stringify(text)} is outside the times logwarden can search; the allowed range is ${ALLOWED_RANGE}`, {
      parameter: name,
      allowed: { from: new Date(LOWEST).toISOString(), to: new Date(HIGHEST).toISOString() },
    });
  }
  return epochMs;
}

function parseBound(text: string, now: number): number | undefined {
  const relative = /^now(?:-(\d+)([smhdw]))?$/.exec(text);
  if (relative) return relative[1] === undefined ? now : now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  return /^\d+$/.test(text) ? Number(text) : parseTime(text);
}

/** `30s`, `5m`, `1h`, `1d` as seconds. */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d+)([smhdw])$/.exec(text);
  if (!match) return undefined;
  const seconds = (Number(match[1]) * (UNIT_MS[match[2] as string] as number)) / 1000;
  return seconds >= 1 && seconds <= 366 * 86_400 ? seconds : undefined;
}

// Durations in CLI flags: `500ms`, `30s`, `5m`, `1h`, or a plain number of seconds. Pure.
import { LogwardenError } from '../errors/codes.ts';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration flag; `flag` names it in the error. */
export function parseDurationMs(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number) : Number.NaN;
  if (!(ms >= 1 && ms <= 24 * 3_600_000)) {
    throw new LogwardenError('LW_CLI_SERVER', `${flag}: expected a duration from 1ms to 24h such as 500ms, 30s, 5m or 1h, found ${JSON.stringify(text)}`);
  }
  return Math.round(ms);
}

/** `1500` → `1.5 s`, `120000` → `120 s`: for messages. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

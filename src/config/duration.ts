// Durations in the configuration file, written as people write them in Grafana or Alertmanager:
// `30s`, `5m`, `4h`, `1d`, `500ms`, or a plain number of seconds. Read into milliseconds. Pure.
import { z } from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/** Milliseconds of `30s`, `5m`, `4h`, `1d`, `250ms` or a number of seconds; undefined when it is none of these. */
export function parseConfigDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  const match = DURATION.exec(value.trim());
  return match ? Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number)) : undefined;
}

/** A duration from `minMs` to `maxMs`, read into milliseconds. */
export function duration(minMs: number, maxMs: number) {
  const expected = `expected a duration such as 30s, 5m, 4h or 1d (from ${describe(minMs)} to ${describe(maxMs)})`;
  return z.union([z.number(), z.string()], { error: expected }).transform((value, ctx) => {
    const ms = parseConfigDuration(value);
    if (ms === undefined || ms < minMs || ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `${expected}, found ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  });
}

function describe(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

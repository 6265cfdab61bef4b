// What the Systems view says about a system beyond the API's numbers: whether it has gone silent,
// how far its senders' clocks are off, and the query that counts its events per hour. Pure
// (system-facts.test.ts).
import type { SystemSummaryContract } from '../../../contracts/systems.ts';

/**
 * The inventory has no per-system expected interval yet, so a configured system is flagged silent
 * when it has sent nothing for an hour (docs/ui.md, "Systems"): long enough for a quiet system's
 * periodic messages (cron, syslog marks), short enough to notice a dead shipper the same day.
 */
export const SILENT_AFTER_MS = 60 * 60 * 1000;

/** A configured system with no event for SILENT_AFTER_MS (or none in the last 31 days). */
export function isSilent(system: Pick<SystemSummaryContract, 'configured' | 'lastSeen'>, now: number, silentAfterMs = SILENT_AFTER_MS): boolean {
  if (!system.configured) return false;
  if (system.lastSeen === null) return true;
  const seen = Date.parse(system.lastSeen);
  return Number.isNaN(seen) || now - seen > silentAfterMs;
}

/** `-90000` → `1 m 30 s behind`; under a second is `in step`. */
export function formatSkew(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const size = Math.abs(ms);
  if (size < 1000) return 'in step';
  const seconds = Math.round(size / 1000);
  const text = seconds >= 60 ? `${Math.floor(seconds / 60)} m ${seconds % 60} s` : `${seconds} s`;
  return `${text} ${ms > 0 ? 'ahead' : 'behind'}`;
}

/** The query for one system's events (names may hold `.` and `-`, so quoted). */
export function systemQuery(name: string): string {
  return `logwarden.system:"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** `5 minutes ago`-style age of a time, for a glance; the exact time goes beside it. */
export function formatAge(iso: string | null, now: number): string {
  if (iso === null) return 'never (31 days)';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}

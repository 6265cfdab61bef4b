// Syslog facility and severity names by code; re-exported by syslog.ts, their long-standing home.

/** Facility names by code (RFC 5424 §6.2.1 table 1, in the spelling common to rsyslog and ECS data). */
export const FACILITY_NAMES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

/** Severity names by code; these are also the log.level words. */
export const SEVERITY_NAMES: readonly string[] = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

/** Name of a facility code, or undefined outside 0..23. */
export function facilityName(code: number): string | undefined {
  return FACILITY_NAMES[code];
}

/** Name of a severity code, or undefined outside 0..7. */
export function severityName(code: number): string | undefined {
  return SEVERITY_NAMES[code];
}

// IANA time zone names for the config (ingest.defaultTimezone, a system's or a listener's zone):
// checked against the zones this Node knows, so a typo is refused at start, not at the first event.

/** True when `name` is a time zone Intl can compute offsets for (UTC included). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

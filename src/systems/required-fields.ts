// The fields the policy requires on every event (R-FIELDS-1), as the coverage report counts them
// (GET /api/v1/systems/:name/coverage, `logwarden systems coverage`, docs/systems.md). Defined
// once here: the report, the CLI (which prints what the server answers) and a docs test use this
// table. A requirement is met by an event when any of its fields has a value. Pure.

export interface RequiredField {
  /** Short key in the coverage answer. */
  readonly key: string;
  /** What the policy asks for, in its words (R-FIELDS-1). */
  readonly requirement: string;
  /** The stored fields that carry it: any one with a value counts. */
  readonly fields: readonly string[];
}

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  { key: 'user', requirement: 'user ID', fields: ['user.name', 'user.id'] },
  { key: 'system', requirement: 'system/asset name', fields: ['logwarden.system', 'host.name'] },
  { key: 'activity', requirement: 'activity incl. automated processes', fields: ['event.action'] },
  { key: 'category', requirement: 'event type/category', fields: ['event.category'] },
  { key: 'timestamp', requirement: 'date-time in UTC ISO 8601 with ms', fields: ['@timestamp'] },
  { key: 'input', requirement: 'input values (file names, query objects, auth method)', fields: ['file.path', 'url.original', 'process.command_line'] },
  { key: 'device', requirement: 'device id, system identifier, location', fields: ['host.name', 'host.id', 'observer.name'] },
  { key: 'addresses', requirement: 'network addresses', fields: ['source.ip', 'destination.ip', 'host.ip'] },
  { key: 'protocol', requirement: 'protocols', fields: ['network.protocol', 'network.transport'] },
  { key: 'correlation', requirement: 'correlation ID', fields: ['trace.id'] },
  { key: 'session', requirement: 'session ID', fields: ['session.id'] },
  { key: 'outcome', requirement: 'outcome of the activity (success, failure)', fields: ['event.outcome'] },
];

/**
 * `@timestamp` is on every event (the server sets it when a sender gives none), so its coverage is
 * always 100 %; what the report shows beside it is the share whose time is flagged as off by the
 * clock check (this field set: R-FIELDS-2).
 */
export const SKEW_FLAG_FIELD = 'logwarden.time.skew_ms';

/** `logwarden.system` always has a value; it carries a system name only when an entry placed the event. */
export const UNPLACED_SYSTEM_VALUE = 'unassigned';

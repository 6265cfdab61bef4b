// The one registry of stored fields. Every ECS field name logwarden stores, the ClickHouse column it
// lives in, the column type and how the query language treats it. The store's DDL, the insert
// encoder, the search result decoder and the query compiler are all derived from this table, so a
// field is added in exactly one place. Column names replace dots with underscores because
// ClickHouse treats dotted names as Nested sub-columns in some contexts.

/** How the query language matches a field. */
export type FieldKind =
  | 'text' // tokenised full text, case-insensitive (message)
  | 'keyword' // exact string, case-sensitive, wildcards allowed
  | 'int' // integer, ranges allowed
  | 'time' // DateTime64(3, 'UTC'), ranges allowed
  | 'ip' // IP address as text, CIDR allowed
  | 'bool'
  | 'map'; // Map(String, String): `labels.key:value`

export interface FieldDef {
  /** ECS field name as users see it, e.g. `source.ip`. */
  readonly name: string;
  /** ClickHouse column name. */
  readonly column: string;
  /** ClickHouse column type. */
  readonly type: string;
  readonly kind: FieldKind;
  /** One line for docs/fields.md and `logwarden fields`. */
  readonly description: string;
  /**
   * The migration that gave the column its current type (src/store/migrations.ts). A field added
   * later is one line here with the next version, and that migration is `addColumnStatements`.
   */
  readonly since: number;
  /** The column holds an array of values (`Array(LowCardinality(String))`); a match is on any element. */
  readonly array?: true;
}

export interface FieldOptions {
  readonly since?: number;
  readonly array?: true;
}

export function field(name: string, type: string, kind: FieldKind, description: string, options: FieldOptions = {}): FieldDef {
  const def: FieldDef = { name, column: name.replace(/^@/, '').replaceAll('.', '_'), type, kind, description, since: options.since ?? 1 };
  return options.array ? { ...def, array: true } : def;
}

const LC = 'LowCardinality(String)';
const LC_ARRAY = 'Array(LowCardinality(String))';
const TIME = "DateTime64(3, 'UTC')";

// Tests extend the registry (extendRegistryForTest) before any consumer reads it, so it is an
// array that only that function appends to; everything else sees it read-only.
const REGISTRY: FieldDef[] = [
  field('event.sequence', 'UInt64', 'int', 'Ledger sequence number: gap-free, assigned at storage'),
  field('@timestamp', TIME, 'time', 'When the event happened (UTC, ms); see docs/normalisation.md for the rule when missing'),
  field('event.ingested', TIME, 'time', 'When logwarden received the event (UTC, ms) (R-COLLECT-4)'),
  field('event.original', 'String', 'keyword', 'The input exactly as received (decoded as UTF-8)'),
  field('message', 'String', 'text', 'The log message'),
  field('log.level', LC, 'keyword', 'Severity as a word: emergency … debug, or the sender’s level'),
  field('event.kind', LC, 'keyword', 'ECS event.kind: event, alert, metric, state, pipeline_error'),
  field('event.category', LC_ARRAY, 'keyword', 'ECS event.category, a list, e.g. [authentication], [network, process]', { since: 6, array: true }),
  field('event.type', LC_ARRAY, 'keyword', 'ECS event.type, a list, e.g. [start], [denied], [creation]', { since: 6, array: true }),
  field('event.action', LC, 'keyword', 'The action captured by the event, e.g. user-login'),
  field('event.outcome', LC, 'keyword', 'success, failure or unknown'),
  field(
    'event.severity',
    'Nullable(Int64)',
    'int',
    "The source's own numeric severity (ECS), e.g. OTLP's severity number or a JSON sender's; not set for syslog, whose 0–7 is in log.syslog.severity.code",
  ),
  field('host.name', LC, 'keyword', 'Name of the host the event came from'),
  field('host.hostname', LC, 'keyword', 'Hostname as reported by the host'),
  field('host.ip', 'String', 'ip', 'IP address of the host'),
  field('host.id', 'String', 'keyword', 'Unique host id'),
  field('observer.name', LC, 'keyword', 'Observer (e.g. firewall, IDS) custom name'),
  field('observer.hostname', LC, 'keyword', 'Observer hostname'),
  field('observer.ip', 'String', 'ip', 'Observer IP address'),
  field('observer.vendor', LC, 'keyword', 'Observer vendor'),
  field('observer.product', LC, 'keyword', 'Observer product'),
  field('observer.type', LC, 'keyword', 'Observer type, e.g. firewall, ids'),
  field('service.name', LC, 'keyword', 'The system or application the event belongs to'),
  field('user.id', 'String', 'keyword', 'User id'),
  field('user.name', 'String', 'keyword', 'User name'),
  field('source.ip', 'String', 'ip', 'Source address of the activity'),
  field('source.port', 'Nullable(UInt16)', 'int', 'Source port'),
  field('destination.ip', 'String', 'ip', 'Destination address of the activity'),
  field('destination.port', 'Nullable(UInt16)', 'int', 'Destination port'),
  field('network.protocol', LC, 'keyword', 'Application protocol, e.g. ssh, http'),
  field('network.transport', LC, 'keyword', 'Transport protocol, e.g. tcp, udp'),
  field('process.name', LC, 'keyword', 'Process name'),
  field('process.pid', 'Nullable(Int64)', 'int', 'Process id'),
  field('trace.id', 'String', 'keyword', 'Correlation id that ties an event chain together'),
  field('session.id', 'String', 'keyword', 'Session id, when session-based monitoring applies'),
  field('labels', 'Map(String, String)', 'map', 'Free key/value labels: query as labels.KEY:VALUE'),
  field('log.syslog.facility.code', 'Nullable(UInt8)', 'int', 'Syslog facility number'),
  field('log.syslog.facility.name', LC, 'keyword', 'Syslog facility name'),
  field('log.syslog.severity.code', 'Nullable(UInt8)', 'int', 'Syslog severity number'),
  field('log.syslog.severity.name', LC, 'keyword', 'Syslog severity name'),
  field('log.syslog.version', LC, 'keyword', 'Syslog protocol version (1 for RFC 5424, empty for RFC 3164)'),
  field('log.syslog.appname', LC, 'keyword', 'Syslog APP-NAME / TAG'),
  field('log.syslog.procid', 'String', 'keyword', 'Syslog PROCID'),
  field('log.syslog.msgid', LC, 'keyword', 'Syslog MSGID'),
  field('log.syslog.structured_data', 'String', 'keyword', 'RFC 5424 structured data as JSON'),
  // Issue 11: what the per-program parsers (src/parsers/) fill in, and the clock check.
  field('event.dataset', LC, 'keyword', 'Which parser read the event and what kind of log it is, e.g. sshd.auth, nginx.access, windows.security', { since: 9 }),
  field('event.module', LC, 'keyword', 'The family of the source, e.g. system, auditd, nginx, windows', { since: 9 }),
  field('event.code', LC, 'keyword', 'The source’s own id of the event kind, e.g. Windows 4625, auditd USER_AUTH', { since: 9 }),
  field('event.reason', 'String', 'keyword', 'Why the event happened, as the source says, e.g. a denial’s reason', { since: 9 }),
  field('user.target.name', 'String', 'keyword', 'The user acted upon: created, changed, switched to or logged on as', { since: 9 }),
  field('user.effective.name', 'String', 'keyword', 'The user whose rights the action ran with, e.g. sudo’s run-as user', { since: 9 }),
  field('user.domain', LC, 'keyword', 'The user’s domain, e.g. a Windows domain', { since: 9 }),
  field('group.name', 'String', 'keyword', 'Group name, e.g. the group created or the group a user was added to', { since: 9 }),
  field('process.command_line', 'String', 'keyword', 'The full command line, e.g. sudo’s COMMAND= or an EXECVE record', { since: 9 }),
  field('process.executable', 'String', 'keyword', 'Absolute path of the executable', { since: 9 }),
  field('process.working_directory', 'String', 'keyword', 'Working directory of the process, e.g. sudo’s PWD=', { since: 9 }),
  field('file.path', 'String', 'keyword', 'Path of the file acted upon', { since: 9 }),
  field('url.original', 'String', 'keyword', 'The URL as seen in the log, e.g. an HTTP request target', { since: 9 }),
  field('url.path', 'String', 'keyword', 'Path part of the URL', { since: 9 }),
  field('url.query', 'String', 'keyword', 'Query part of the URL, without the ?', { since: 9 }),
  field('url.domain', LC, 'keyword', 'Domain part of the URL, or the Host the request named', { since: 9 }),
  field('http.request.method', LC, 'keyword', 'HTTP request method, upper case', { since: 9 }),
  field('http.request.referrer', 'String', 'keyword', 'HTTP Referer header', { since: 9 }),
  field('http.response.status_code', 'Nullable(UInt16)', 'int', 'HTTP response status code', { since: 9 }),
  field('http.response.body.bytes', 'Nullable(UInt64)', 'int', 'Size of the HTTP response body in bytes', { since: 9 }),
  field('http.version', LC, 'keyword', 'HTTP version, e.g. 1.1', { since: 9 }),
  field('user_agent.original', 'String', 'keyword', 'The User-Agent as sent', { since: 9 }),
  field('network.direction', LC, 'keyword', 'ECS network.direction: inbound, outbound, internal, external, ingress, egress', { since: 9 }),
  field('observer.ingress.interface.name', LC, 'keyword', 'Interface the traffic came in on, e.g. a firewall line’s IN=', { since: 9 }),
  field('observer.egress.interface.name', LC, 'keyword', 'Interface the traffic went out on, e.g. a firewall line’s OUT=', { since: 9 }),
  field('rule.name', LC, 'keyword', 'Name of the rule or profile that produced the event, e.g. UFW BLOCK or an AppArmor profile', { since: 9 }),
  field('systemd.unit', LC, 'keyword', 'The systemd unit the event is about, e.g. ssh.service (the name Filebeat’s journald input uses)', { since: 9 }),
  field('related.ip', 'Array(String)', 'ip', 'Every IP address the event names, a list: query related.ip:10.0.0.0/8 to find an address in any role', { since: 9, array: true }),
  field('related.user', 'Array(String)', 'keyword', 'Every user name the event names, a list', { since: 9, array: true }),
  field('logwarden.time.skew_ms', 'Nullable(Int64)', 'int', 'Set when @timestamp − event.ingested is beyond the clock-skew threshold: the sender’s clock or zone is off (R-FIELDS-2)', { since: 9 }),
  // Detections (issue 12, docs/detection.md): a detection is an event with event.kind alert.
  field('event.id', 'String', 'keyword', 'Unique id of the event; for a detection its deterministic id (rule, revision and trigger), so a replay never stores it twice', { since: 10 }),
  field('rule.id', LC, 'keyword', 'Id of the rule that made the detection (a Sigma rule’s UUID)', { since: 10 }),
  field('rule.version', LC, 'keyword', 'Revision of that rule (hash of its text): an edited rule’s detections are new', { since: 10 }),
  field('rule.ruleset', LC, 'keyword', 'Where the rule came from: logwarden (the shipped pack), imported, or a configured directory', { since: 10 }),
  field('tags', LC_ARRAY, 'keyword', 'Tags, e.g. a detection’s rule tags such as attack.t1110.001', { since: 10, array: true }),
  field('logwarden.detection.level', LC, 'keyword', 'A detection’s level: informational, low, medium, high or critical', { since: 10 }),
  field('logwarden.detection.events', 'Array(String)', 'keyword', 'Sequence numbers of the events that made the detection fire: its evidence', { since: 10, array: true }),
  field('logwarden.detection.systems', LC_ARRAY, 'keyword', 'The systems of those events', { since: 10, array: true }),
  field('logwarden.detection.group', 'Map(String, String)', 'map', 'The detection’s group key: group-by field → value', { since: 10 }),
  field('logwarden.detection.reason', 'String', 'keyword', 'Why it fired, as JSON: the searches and values, or the window, counts and condition, or the baseline and deviation', { since: 10 }),
  // The audit trail (issue 13, docs/access.md): one event per use of logwarden, event.category logwarden-audit.
  field('user.roles', LC_ARRAY, 'keyword', 'The roles of the user or token that acted, e.g. analyst', { since: 11, array: true }),
  field('logwarden.audit.query', 'String', 'keyword', 'The query text of an audited search, count, aggregate, tail, hunt or export', { since: 11 }),
  field('logwarden.audit.scope', 'String', 'keyword', 'The systems the caller could read when it acted: all, or a comma-separated list', { since: 11 }),
  field('logwarden.audit.results', 'Nullable(UInt64)', 'int', 'How many results the audited action returned (events, buckets, detections)', { since: 11 }),
  field('logwarden.audit.target', 'String', 'keyword', 'What the audited action was on: a user, a token, a record’s sequence number, a rule', { since: 11 }),
  field('logwarden.system', LC, 'keyword', 'The information system the event belongs to, assigned by the server at ingest (`unassigned` until the systems inventory places it)', { since: 5 }),
  field('logwarden.retention_class', LC, 'keyword', 'The retention class the server assigned: how long the event is kept; storage is partitioned by it', { since: 5 }),
  field('logwarden.node', LC, 'keyword', 'The logwarden node that received and stored the event; sequence numbers are per node', { since: 5 }),
  field('logwarden.source.protocol', LC, 'keyword', 'How the event arrived: syslog-udp, syslog-tcp, http'),
  field('logwarden.source.listener', LC, 'keyword', 'The listener that received it (host:port)'),
  field('logwarden.source.peer', 'String', 'keyword', 'The sender’s address (ip:port)'),
  field('logwarden.source.identity', LC, 'keyword', 'Who sent it: API token name or certificate subject'),
  field('logwarden.parse.error', LC, 'keyword', 'Why the input could not be parsed (empty when it was); closed set'),
  field('logwarden.parse.detail', 'String', 'keyword', 'What was wrong with the input'),
  field('logwarden.truncated', 'Bool', 'bool', 'The input exceeded the size limit and was cut'),
  field('logwarden.original_base64', 'String', 'keyword', 'The raw bytes, when they were not valid UTF-8'),
];

export const FIELDS: readonly FieldDef[] = REGISTRY;

const byName = new Map(FIELDS.map((f) => [f.name, f]));

/**
 * Test-only: add fields as if they were lines of this registry. Call it from a module that the
 * test imports before anything that reads the registry (the SQL of leaves and columns is built
 * when those modules load); node --test runs each test file in a process of its own.
 */
export function extendRegistryForTest(fields: readonly FieldDef[]): void {
  for (const def of fields) {
    if (byName.has(def.name)) throw new Error(`field ${def.name} is already registered`);
    REGISTRY.push(def);
    byName.set(def.name, def);
  }
}

/** Fields every record has a value for: their members are never left out of a leaf. */
export const ALWAYS_PRESENT: ReadonlySet<string> = new Set(['event.sequence', '@timestamp', 'event.ingested']);

/** The fields as they stood after `version` (the columns that migration left). */
export function fieldsAsOf(version: number, fields: readonly FieldDef[] = FIELDS): FieldDef[] {
  return fields.filter((f) => f.since <= version);
}

export function fieldByName(name: string): FieldDef | undefined {
  return byName.get(name);
}

/** Short names users type that mean an ECS field. */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  timestamp: '@timestamp',
  seq: 'event.sequence',
  host: 'host.name',
  service: 'service.name',
  user: 'user.name',
  level: 'log.level',
  app: 'log.syslog.appname',
};

/** Resolve a user-typed field name (ECS name or alias). Undefined when unknown. */
export function resolveField(name: string): FieldDef | undefined {
  return byName.get(FIELD_ALIASES[name] ?? name);
}

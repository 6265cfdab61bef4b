// Application logs name their fields freely: `user`, `username`, `client_ip`, `request_id`… One
// table says which of these common keys mean which ECS field, for both logfmt lines and JSON bodies
// (docs/parsers.md lists it). A value is taken only when it plainly fits its field (an address for
// source.ip, three digits for a status code), so an application's `status=running` or `ip=unknown`
// is simply not mapped rather than flagged: these keys are conventions, not promises.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';

type Fit = (value: string) => string | undefined;

const ip: Fit = (value) => (isIP(value) !== 0 ? value : undefined);
const port: Fit = (value) => (/^\d{1,5}$/.test(value) && Number(value) <= 65535 ? value : undefined);
const digits: Fit = (value) => (/^\d{1,10}$/.test(value) ? value : undefined);
const text: Fit = (value) => (value === '' ? undefined : value);
const level: Fit = (value) => (/^[A-Za-z]{1,16}$/.test(value) ? value.toLowerCase() : undefined);
const method: Fit = (value) => (/^[A-Za-z]{3,10}$/.test(value) ? value.toUpperCase() : undefined);
const status: Fit = (value) => (/^[1-5]\d\d$/.test(value) ? value : undefined);
const action: Fit = (value) => (/^[\w .:-]{1,64}$/.test(value) ? kebab(value) : undefined);
const urlPath: Fit = (value) => (value.startsWith('/') ? value : undefined);

const OUTCOMES: Readonly<Record<string, string>> = { success: 'success', succeeded: 'success', successful: 'success', failure: 'failure', failed: 'failure', fail: 'failure' };
const outcome: Fit = (value) => OUTCOMES[value.toLowerCase()];
const lower: Fit = (value) => (/^[\w.-]{1,32}$/.test(value) ? value.toLowerCase() : undefined);
const filePath: Fit = (value) => (value.includes('/') || value.includes('\\') ? value : undefined);

/** How a value must look to fill a field, shared with the CEF and LEEF tables. */
export const FITS = { ip, port, digits, text, level, method, status, action, outcome, lower, path: filePath } as const;

/** Lower-case, words joined by `-`: `login_failed` → `login-failed`, as ECS event.action values are written. */
export function kebab(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_.:]+/g, '-');
}

/** Application key (matched case-insensitively, `-` read as `_`) → the ECS field it fills and how its value must look. */
const KEYS: ReadonlyArray<readonly [readonly string[], string, Fit]> = [
  [['level', 'lvl', 'severity', 'loglevel', 'log_level'], 'log.level', level],
  [['user', 'username', 'user_name', 'usr', 'login'], 'user.name', text],
  [['user_id', 'userid', 'uid'], 'user.id', text],
  [['target_user', 'target_username'], 'user.target.name', text],
  [['group', 'group_name'], 'group.name', text],
  [['src', 'src_ip', 'source_ip', 'client_ip', 'clientip', 'remote_addr', 'remote_ip', 'ip', 'client', 'peer_ip'], 'source.ip', ip],
  [['src_port', 'source_port', 'client_port', 'remote_port'], 'source.port', port],
  [['dst', 'dst_ip', 'dest_ip', 'destination_ip', 'server_ip'], 'destination.ip', ip],
  [['dst_port', 'dest_port', 'destination_port', 'server_port'], 'destination.port', port],
  [['method', 'http_method', 'request_method'], 'http.request.method', method],
  [['url', 'uri', 'request_uri'], 'url.original', text],
  [['path', 'url_path', 'request_path'], 'url.path', urlPath],
  [['status', 'status_code', 'http_status', 'statuscode'], 'http.response.status_code', status],
  [['user_agent', 'useragent', 'ua', 'http_user_agent'], 'user_agent.original', text],
  [['referer', 'referrer', 'http_referer'], 'http.request.referrer', text],
  [['trace_id', 'traceid', 'request_id', 'requestid', 'req_id', 'correlation_id', 'correlationid', 'x_request_id'], 'trace.id', text],
  [['session', 'session_id', 'sessionid', 'sid'], 'session.id', text],
  [['action', 'event'], 'event.action', action],
  [['outcome', 'result'], 'event.outcome', outcome],
  [['pid'], 'process.pid', digits],
  [['err', 'error', 'error_message', 'reason'], 'event.reason', text],
  [['file', 'filename', 'file_path'], 'file.path', text],
  [['cmd', 'command', 'cmdline'], 'process.command_line', text],
];

const BY_KEY: ReadonlyMap<string, readonly [string, Fit]> = new Map(KEYS.flatMap(([keys, name, fit]) => keys.map((key) => [key, [name, fit] as const])));

/** The ECS field an application key fills, with the value as stored; undefined when the key is not in the table or the value does not fit. */
export function mapAppKey(key: string, value: string): readonly [string, string] | undefined {
  const entry = BY_KEY.get(key.toLowerCase().replaceAll('-', '_'));
  if (entry === undefined) return undefined;
  const fitted = entry[1](value);
  return fitted === undefined ? undefined : [entry[0], fitted];
}

/** Every application key of the table, by the field it fills: for docs/parsers.md and its test. */
export function appKeyTable(): ReadonlyArray<readonly [string, readonly string[]]> {
  return KEYS.map(([keys, name]) => [name, keys] as const);
}

/**
 * The fields `pairs` give, the first key for a field winning; fields the event already has are left
 * out, so a line whose keys all repeat what the event says is not claimed.
 */
export function appLogFields(pairs: Iterable<readonly [string, string]>, event: Readonly<LogEvent>): LogEvent {
  const fields: LogEvent = {};
  for (const [key, value] of pairs) {
    const mapped = mapAppKey(key, value);
    if (mapped === undefined || mapped[0] in fields || hasValue(event, mapped[0])) continue;
    fields[mapped[0]] = mapped[1];
  }
  return fields;
}

export function hasValue(event: Readonly<LogEvent>, name: string): boolean {
  const value = event[name];
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

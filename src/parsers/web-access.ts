// nginx and Apache access logs: the combined and common formats (and Apache's vhost_combined, with
// the virtual host and port first), and JSON access logs (nginx `log_format … escape=json`, and the
// usual Apache JSON LogFormat keys). An access line is one HTTP request: ECS category web, type
// access, outcome failure for a status of 400 or more. A request line that is no HTTP request (TLS
// bytes sent to a plain port, `-`) still gives the client and the status, never a made-up url.
// Lines arrive by program (syslog TAG `nginx`, `apache2`, `httpd`, …, as `access_log syslog:…` and
// `logger` send them), or by content: a JSON access record under any program, and a line whose
// sender already says it is `nginx.access`/`apache.access` (Filebeat's modules do). Pure.
import type { LogEvent } from '../schema/event.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';
import { clientFields, defined, domainFields, forwardedFor, present, requestFields, statusFields, targetFields, unescapeLogValue } from './web-http.ts';

/** Syslog TAGs nginx and Apache lines arrive under (nginx allows letters, digits and `_` in a tag). */
export const NGINX_PROGRAMS = ['nginx', 'nginx_access', 'nginx_error', 'nginx-access', 'nginx-error'] as const;
export const APACHE_PROGRAMS = ['apache2', 'apache', 'httpd', 'apache_access', 'apache_error', 'apache2_access', 'apache2_error', 'httpd_access', 'httpd_error'] as const;

/**
 * `[vhost[:port] ]client ident user [time] "request" status bytes[ "referrer" "agent"][ more]`.
 * Quoted values are `[^"\\]` runs or escapes (Apache writes `\"`, nginx `\x22`), so nothing overlaps.
 */
const ACCESS_LINE =
  /^(?:(?<vhost>[^\s:[\]]+|\[[0-9a-fA-F:.]+\]):(?<vport>\d{1,5}) )?(?<client>[^\s[\]]+) (?<ident>\S+) (?<user>\S+|"[^"]*") \[(?<time>[^\]]{1,40})\] "(?<request>(?:[^"\\]|\\.)*)" (?<status>\d{3}|-) (?<bytes>\d{1,19}|-)(?: "(?<referrer>(?:[^"\\]|\\.)*)" "(?<agent>(?:[^"\\]|\\.)*)")?(?: .*)?$/;

/** A JSON record's first key is quoted at its start: the cheap test before JSON.parse. */
const JSON_ACCESS_KEYS = ['"remote_addr"', '"remoteIP"', '"remote_ip"', '"client_ip"', '"clientip"'];

/** Key aliases of the JSON access formats, first present wins. */
const JSON_KEYS = {
  client: ['remote_addr', 'remoteIP', 'remote_ip', 'client_ip', 'clientip', 'client'],
  user: ['remote_user', 'remoteUser', 'user'],
  request: ['request', 'request_line', 'requestLine'],
  method: ['request_method', 'method'],
  target: ['request_uri', 'requestURI', 'uri', 'url'],
  query: ['args', 'query_string', 'query'],
  status: ['status', 'status_code', 'statusCode'],
  bytes: ['body_bytes_sent', 'bytes_sent', 'bytes', 'size'],
  referrer: ['http_referer', 'http_referrer', 'referer', 'referrer'],
  agent: ['http_user_agent', 'user_agent', 'userAgent', 'agent'],
  host: ['host', 'http_host', 'server_name', 'vhost', 'virtual_host'],
  protocol: ['server_protocol', 'protocol'],
  forwarded: ['http_x_forwarded_for', 'x_forwarded_for', 'forwarded_for'],
} as const;

type Family = 'nginx' | 'apache';

export function accessParser(family: Family): Parser {
  const programs: readonly string[] = family === 'nginx' ? NGINX_PROGRAMS : APACHE_PROGRAMS;
  const dataset = `${family}.access`;
  return {
    name: dataset,
    description: `${family === 'nginx' ? 'nginx' : 'Apache httpd'} access log lines: combined, common${family === 'apache' ? ', vhost_combined' : ''} and JSON`,
    module: family,
    programs,
    detect: (input) => detectAccess(input, family, dataset),
    parse: (input) => parseAccess(input),
  };
}

/**
 * Content detection: a JSON access record of this family's keys, or a line its sender marked as this
 * dataset (`dataset`, built once: this runs for every line no program parser claimed).
 */
function detectAccess(input: ParseInput, family: Family, dataset: string): boolean {
  const { event, message } = input;
  if (event['event.dataset'] === dataset || (event['event.module'] === family && event['event.dataset'] === undefined)) return true;
  if (!message.startsWith('{')) return false;
  const jsonFamily = message.includes('"remote_addr"') || message.includes('"body_bytes_sent"') ? 'nginx' : 'apache';
  return jsonFamily === family && JSON_ACCESS_KEYS.some((key) => message.includes(key));
}

export function parseAccess(input: ParseInput): Parsed | undefined {
  const { message } = input;
  if (message.startsWith('{')) return parseJsonAccess(message);
  if (!message.includes('] "')) return undefined;
  const match = ACCESS_LINE.exec(message);
  if (!match?.groups) return undefined;
  const groups = match.groups;
  const request = unescapeLogValue(groups['request']);
  const user = present(groups['user']?.replace(/^"|"$/g, ''));
  const fields: LogEvent = {
    ...accessBase(),
    ...clientFields(groups['client']),
    'user.name': user,
    ...requestFields(request),
    ...statusFields(groups['status']),
    'http.response.body.bytes': present(groups['bytes']),
    'http.request.referrer': present(unescapeLogValue(groups['referrer'])),
    'user_agent.original': present(unescapeLogValue(groups['agent'])),
  };
  if (groups['vhost'] !== undefined) {
    Object.assign(fields, domainFields(groups['vhost']));
    fields['destination.port'] = groups['vport'];
  }
  const rule = groups['vhost'] !== undefined ? 'vhost-combined' : groups['agent'] !== undefined ? 'combined' : 'common';
  return { rule, fields };
}

function accessBase(): LogEvent {
  return { 'event.category': ['web'], 'event.type': ['access'], 'event.action': 'http-request', 'network.protocol': 'http' };
}

/** A JSON access record: flat keys of the aliases above; values may be numbers (nginx `"status":$status`). */
function parseJsonAccess(message: string): Parsed | undefined {
  if (message.length > 65_536 || !JSON_ACCESS_KEYS.some((key) => message.includes(key))) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return undefined;
  const record = document as Record<string, unknown>;
  const value = (keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const found = record[key];
      if (typeof found === 'string' && found !== '' && found !== '-') return found;
      if (typeof found === 'number' && Number.isFinite(found)) return String(found);
    }
    return undefined;
  };
  const client = value(JSON_KEYS.client);
  const status = value(JSON_KEYS.status);
  if (client === undefined || status === undefined) return undefined;
  // Apache JSON formats often log `%U` (the path alone) as "request" and `%q` (`?a=b`) as "query".
  const request = value(JSON_KEYS.request);
  const pathOnly = request?.startsWith('/') === true;
  const fromLine = pathOnly ? {} : requestFields(request);
  const target = value(JSON_KEYS.target) ?? (pathOnly ? request : undefined);
  const query = value(JSON_KEYS.query)?.replace(/^\?/, '') || undefined;
  const fromTarget = target === undefined ? {} : targetFields(target.includes('?') || query === undefined ? target : `${target}?${query}`);
  const protocol = /^HTTP\/(\d(?:\.\d)?)$/.exec(value(JSON_KEYS.protocol) ?? '')?.[1];
  const forwarded = forwardedFor(value(JSON_KEYS.forwarded));
  const fields: LogEvent = {
    ...accessBase(),
    ...clientFields(client),
    ...defined({ 'user.name': value(JSON_KEYS.user), 'http.request.method': value(JSON_KEYS.method), 'http.version': protocol, ...fromTarget }),
    ...fromLine, // the request line as the client sent it wins over the (decoded, rewritten) uri
    ...statusFields(status),
    'http.response.body.bytes': value(JSON_KEYS.bytes),
    'http.request.referrer': value(JSON_KEYS.referrer),
    'user_agent.original': value(JSON_KEYS.agent),
    ...domainFields(value(JSON_KEYS.host)),
  };
  if (forwarded.length > 0) fields['related.ip'] = forwarded;
  return { rule: 'json', fields };
}

export const WEB_ACCESS_PARSERS: readonly Parser[] = [accessParser('nginx'), accessParser('apache')];

// What the web server parsers (web-access.ts, web-error.ts) share: reading an HTTP request line,
// a request target, a client address and a status code into ECS fields. Pure.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';

/** `GET /path?q=1 HTTP/1.1`; HTTP/0.9 lines have no version. Anything else (TLS bytes, `-`) is no request. */
const REQUEST_LINE = /^(?<method>[A-Z][A-Z_-]{0,19}) (?<target>[^ ]{1,8192})(?: HTTP\/(?<version>\d(?:\.\d)?))?$/;

/** An absolute target (`GET http://host/x` to a proxy); the authority is the domain. */
const ABSOLUTE_TARGET = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?<host>\[[0-9a-fA-F:.]+\]|[^:/?#]+)(?::\d+)?(?<rest>[/?#].*)?$/;

/** The fields without the undefined ones, so that spreading them never hides a value found elsewhere. */
export function defined(fields: LogEvent): LogEvent {
  const out: LogEvent = {};
  for (const name in fields) if (fields[name] !== undefined) out[name] = fields[name];
  return out;
}

/** `-` and '' mean "none" in every web server's log formats. */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '-' ? undefined : value;
}

/**
 * The fields of a request line: method, version and the target as url.*. A line that is not a
 * request (a TLS handshake sent to a plain port, `-`, a scanner's junk) gives no field at all, so
 * nothing false is stored; the status and the client are still read by the caller.
 */
export function requestFields(request: string | undefined): LogEvent {
  const line = present(request);
  if (line === undefined) return {};
  const match = REQUEST_LINE.exec(line);
  if (!match?.groups) return {};
  const { method, target, version } = match.groups;
  return defined({ 'http.request.method': method, 'http.version': version, ...targetFields(target) });
}

/** url.original, url.path and url.query (and url.domain for an absolute target) of a request target. */
export function targetFields(target: string | undefined): LogEvent {
  if (present(target) === undefined || target === undefined) return {};
  let pathAndQuery = target;
  const fields: LogEvent = { 'url.original': target };
  if (!target.startsWith('/')) {
    const absolute = ABSOLUTE_TARGET.exec(target);
    if (!absolute?.groups) return fields; // `*` (OPTIONS) or an authority (CONNECT host:443): no path
    fields['url.domain'] = absolute.groups['host']?.replace(/^\[|\]$/g, '');
    pathAndQuery = absolute.groups['rest'] ?? '';
  }
  const hash = pathAndQuery.indexOf('#');
  if (hash >= 0) pathAndQuery = pathAndQuery.slice(0, hash);
  const question = pathAndQuery.indexOf('?');
  fields['url.path'] = question >= 0 ? pathAndQuery.slice(0, question) : pathAndQuery;
  if (question >= 0 && question < pathAndQuery.length - 1) fields['url.query'] = pathAndQuery.slice(question + 1);
  return fields;
}

/**
 * The client as source.ip (and source.port for `ip:port` forms); a host name is no address and is
 * left in the message. `portLast`: the value always ends in `:port` (Apache 2.4 writes
 * `2001:db8::9:40000` unbracketed), so the last colon is cut before the value is read as an address.
 */
export function clientFields(client: string | undefined, portLast = false): LogEvent {
  const value = present(client);
  if (value === undefined) return {};
  if (portLast) {
    const match = /^\[?(?<ip>[0-9a-fA-F:.]+?)\]?:(?<port>\d{1,5})$/.exec(value);
    const ip = match?.groups?.['ip'];
    if (ip !== undefined && isIP(ip) !== 0) return { 'source.ip': ip, 'source.port': match?.groups?.['port'] };
  }
  if (isIP(value) !== 0) return { 'source.ip': value };
  const bracketed = /^\[(?<ip>[0-9a-fA-F:.]+)\]:(?<port>\d{1,5})$/.exec(value) ?? /^(?<ip>[^:]+):(?<port>\d{1,5})$/.exec(value);
  const ip = bracketed?.groups?.['ip'];
  if (ip !== undefined && isIP(ip) !== 0) return { 'source.ip': ip, 'source.port': bracketed?.groups?.['port'] };
  return {};
}

/** A host header or vhost as url.domain: the name without its port; an IP address is a domain too in ECS. */
export function domainFields(host: string | undefined): LogEvent {
  const value = present(host);
  if (value === undefined) return {};
  const match = /^(?<name>\[[0-9a-fA-F:.]+\]|[^:\s]+)(?::(?<port>\d{1,5}))?$/.exec(value);
  return match?.groups ? { 'url.domain': match.groups['name']?.replace(/^\[|\]$/g, '') } : {};
}

/** ECS: an HTTP status of 400 or more is a failed request; a missing status is an unknown outcome. */
export function statusFields(status: string | undefined): LogEvent {
  const value = present(status);
  if (value === undefined || !/^\d{3}$/.test(value)) return { 'event.outcome': 'unknown' };
  return { 'http.response.status_code': value, 'event.outcome': Number(value) >= 400 ? 'failure' : 'success' };
}

/** Extra client addresses a proxy saw (`X-Forwarded-For: a, b`), for related.ip. */
export function forwardedFor(value: string | undefined): string[] {
  const list = present(value);
  if (list === undefined) return [];
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => isIP(item) !== 0);
}

/** Undo the escapes web servers write inside quoted log values: nginx `\x22`, Apache `\"` and `\\`. */
export function unescapeLogValue(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('\\')) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})|\\(["\\])/g, (whole, hex: string | undefined, char: string | undefined) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : whole; // control bytes stay escaped, as logged
    }
    return char ?? whole;
  });
}

// nginx and Apache error logs. nginx: `2026/03/07 10:00:00 [error] 1234#1234: *5 TEXT, client: IP,
// server: NAME, request: "GET /x HTTP/1.1", upstream: "http://…", host: "example.org"` (the same
// line with or without a syslog header: `error_log syslog:…` keeps nginx's own date). Apache 2.4:
// `[Sun Mar 07 10:00:00.123456 2026] [module:level] [pid N:tid M] [client IP:PORT] AHnnnnn: TEXT`
// (the date is left out when Apache logs to syslog; 2.2 has `[level]` and no pid). ECS category web,
// type error (info for notice and below); basic-auth failures are authentication failures with the
// user. The text before nginx's `, client:` list, or after Apache's AH code, is event.reason. Pure.
import type { LogEvent } from '../schema/event.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';
import { APACHE_PROGRAMS, NGINX_PROGRAMS } from './web-access.ts';
import { clientFields, defined, domainFields, requestFields, unescapeLogValue } from './web-http.ts';

const NGINX_LINE = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[(?<level>debug|info|notice|warn|error|crit|alert|emerg)\] (?<pid>\d{1,10})#(?<tid>\d{1,20}): (?:\*(?<connection>\d{1,20}) )?(?<text>.*)$/;

/** nginx's context list after the error text; values are bare (client, server) or quoted. */
const NGINX_CONTEXT = /, (?<key>client|server|request|upstream|host|referrer|subrequest|login|user): (?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<bare>[^,"]*))/g;

const APACHE_LINE =
  /^(?:\[(?<time>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:.]{8,15} \d{4})\] )?\[(?:(?<module>[a-z_0-9]{1,40}):)?(?<level>emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])\] (?:\[pid (?<pid>\d{1,10})(?::tid (?<tid>\d{1,20}))?\] )?(?:\[client (?<client>[^\]]{1,60})\] )?(?:\[remote (?<remote>[^\]]{1,60})\] )?(?:(?<code>AH\d{5}): )?(?<text>.*)$/;

const INFO_LEVELS = new Set(['debug', 'info', 'notice', 'trace1', 'trace2', 'trace3', 'trace4', 'trace5', 'trace6', 'trace7', 'trace8']);

/** What one error text means, beyond "a web server error". */
interface Reading {
  readonly rule: string;
  readonly fields: LogEvent;
}

type TextRule = readonly [name: string, needle: string, pattern: RegExp, fields: (groups: Record<string, string | undefined>) => LogEvent];

const AUTH_FAILURE: LogEvent = { 'event.category': ['authentication', 'web'], 'event.type': ['info'], 'event.action': 'http-auth-failed', 'event.outcome': 'failure' };

/** nginx error texts, the part before `, client:`; tried in order after the needle. */
const NGINX_TEXTS: readonly TextRule[] = [
  ['auth-password-mismatch', 'password mismatch', /^user "(?<user>[^"]*)": password mismatch$/, (g) => ({ ...AUTH_FAILURE, 'user.name': g['user'], 'event.reason': 'password mismatch' })],
  [
    'auth-user-not-found',
    'was not found in',
    /^user "(?<user>[^"]*)" was not found in "(?<file>[^"]*)"$/,
    (g) => ({ ...AUTH_FAILURE, 'user.name': g['user'], 'file.path': g['file'], 'event.reason': 'user not found' }),
  ],
  [
    'file-error',
    '() "',
    /^(?<call>open|stat|opendir|realpath|lstat|readlink)\(\) "(?<path>[^"]*)" failed \((?<errno>\d+): (?<reason>[^)]*)\)$/,
    (g) => ({ 'event.action': 'file-open-failed', 'file.path': g['path'], 'event.reason': g['reason'] }),
  ],
  [
    'access-forbidden',
    'access forbidden by rule',
    /^access forbidden by rule$/,
    () => ({ 'event.type': ['error', 'denied'], 'event.action': 'http-access-denied', 'event.reason': 'access forbidden by rule' }),
  ],
  [
    'rate-limited',
    'limiting ',
    /^limiting (?<what>requests|connections)(?<rest>.*)$/,
    (g) => ({ 'event.type': ['error', 'denied'], 'event.action': 'rate-limited', 'event.reason': `limiting ${g['what']}${g['rest']}` }),
  ],
  ['upstream-error', 'upstream', /^(?<reason>.*upstream.*)$/, (g) => ({ 'event.action': 'upstream-failed', 'event.reason': g['reason'] })],
];

/** Apache texts by AH code (or, for 2.2, by words). */
const APACHE_TEXTS: readonly TextRule[] = [
  [
    'auth-user-not-found',
    'not found',
    /^user (?<user>.+?) not found(?:: (?<path>\S+))?$/,
    (g) => ({ ...AUTH_FAILURE, 'user.name': g['user'], 'url.path': g['path'], 'event.reason': 'user not found' }),
  ],
  [
    'auth-password-mismatch',
    'authentication failure',
    /^user (?<user>.+?): authentication failure for "(?<path>[^"]*)": (?<reason>.+)$/,
    (g) => ({ ...AUTH_FAILURE, 'user.name': g['user'], 'url.path': g['path'], 'event.reason': g['reason'] }),
  ],
  [
    'access-denied',
    'client denied by server configuration',
    /^client denied by server configuration: (?<path>.+)$/,
    (g) => ({ 'event.type': ['error', 'denied'], 'event.action': 'http-access-denied', 'file.path': g['path'], 'event.reason': 'client denied by server configuration' }),
  ],
  ['file-error', 'File does not exist', /^File does not exist: (?<path>.+)$/, (g) => ({ 'event.action': 'file-open-failed', 'file.path': g['path'], 'event.reason': 'File does not exist' })],
];

function readText(rules: readonly TextRule[], text: string): Reading | undefined {
  for (const [rule, needle, pattern, fields] of rules) {
    if (!text.includes(needle)) continue;
    const match = pattern.exec(text);
    if (match) return { rule, fields: fields(match.groups ?? {}) };
  }
  return undefined;
}

/** A recognised error text is a failed request (or login), whatever its level. */
function readingFields(reading: Reading | undefined): LogEvent {
  return reading === undefined ? {} : { 'event.outcome': 'failure', ...defined(reading.fields) };
}

function levelFields(level: string | undefined): LogEvent {
  const info = level !== undefined && INFO_LEVELS.has(level);
  return { 'event.category': ['web'], 'event.type': [info ? 'info' : 'error'], 'log.level': level };
}

function parseNginx(message: string): Parsed | undefined {
  if (message.charCodeAt(4) !== 0x2f /* '/' */) return undefined;
  const groups = NGINX_LINE.exec(message)?.groups;
  if (!groups) return undefined;
  const text = groups['text'] ?? '';
  const contextStart = text.indexOf(', client: ');
  const head = contextStart >= 0 ? text.slice(0, contextStart) : text;
  const context: Record<string, string> = {};
  if (contextStart >= 0) {
    for (const pair of text.slice(contextStart).matchAll(NGINX_CONTEXT)) {
      const key = pair.groups?.['key'];
      if (key !== undefined) context[key] ??= unescapeLogValue(pair.groups?.['quoted']) ?? pair.groups?.['bare'] ?? '';
    }
  }
  const reading = readText(NGINX_TEXTS, head);
  const fields: LogEvent = {
    ...levelFields(groups['level']),
    'process.pid': groups['pid'],
    'event.reason': head,
    ...clientFields(context['client']),
    ...requestFields(context['request']),
    ...domainFields(context['host']),
    ...defined({ 'http.request.referrer': context['referrer'] }),
    ...readingFields(reading),
  };
  return { rule: reading?.rule ?? 'other', fields };
}

function parseApache(message: string): Parsed | undefined {
  if (!message.startsWith('[')) return undefined;
  const groups = APACHE_LINE.exec(message)?.groups;
  if (!groups) return undefined;
  let text = groups['text'] ?? '';
  const referrerAt = text.lastIndexOf(', referer: ');
  const referrer = referrerAt >= 0 ? text.slice(referrerAt + ', referer: '.length) : undefined;
  if (referrerAt >= 0) text = text.slice(0, referrerAt);
  const reading = readText(APACHE_TEXTS, text);
  const fields: LogEvent = {
    ...levelFields(groups['level']),
    'process.pid': groups['pid'],
    'event.code': groups['code'],
    'event.reason': text,
    ...clientFields(groups['client'], true),
    ...defined({ 'http.request.referrer': referrer }),
    ...readingFields(reading),
  };
  return { rule: reading?.rule ?? 'other', fields };
}

function errorParser(family: 'nginx' | 'apache'): Parser {
  const parse = family === 'nginx' ? parseNginx : parseApache;
  const dataset = `${family}.error`; // built once: detect runs for every line no program parser claimed
  return {
    name: dataset,
    description: `${family === 'nginx' ? 'nginx' : 'Apache httpd 2.2/2.4'} error log lines, with basic-auth failures as authentication events`,
    module: family,
    programs: family === 'nginx' ? NGINX_PROGRAMS : APACHE_PROGRAMS,
    // Content: only when the sender already says the line is this server's (Filebeat's modules do).
    detect: ({ event }) => event['event.dataset'] === dataset || (event['event.module'] === family && event['event.dataset'] === undefined),
    parse: (input: ParseInput) => parse(input.message),
  };
}

export const WEB_ERROR_PARSERS: readonly Parser[] = [errorParser('nginx'), errorParser('apache')];

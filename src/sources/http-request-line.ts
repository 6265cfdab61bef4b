// Telling an HTTP request from syslog at the start of a stream connection, pure.
//
// A syslog frame starts with '<' (the PRI) or, octet-counted, with a digit; a RELP frame with its
// TXNR digits. An HTTP request starts with an upper-case method and a space. So the first bytes of
// a connection decide, and an HTTP client pointed at a syslog port (the CLI's --server, curl, a
// browser, a health check) is recognised before any of its headers, which carry its bearer token,
// could be stored as events that can never be removed (R-TAMPER-1).
import { sourceFields, type LogEvent, type SourceIdentity } from '../schema/event.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PRI'] as const;
/** Longest request line waited for; a longer first line without an LF is decided on what it has. */
export const MAX_REQUEST_LINE_BYTES = 8192;
/** Longest path kept in the stored event. */
const MAX_STORED_PATH_CHARS = 256;
const LF = 0x0a;

export interface HttpRequestLine {
  readonly method: string;
  /** The request target without its query string or fragment (they may carry secrets). */
  readonly path: string;
  /** `HTTP/1.1`, or empty when the line was cut before it. */
  readonly version: string;
}

export type Sniffed =
  /** Not decided yet: the bytes so far could still be the start of a request line. */
  | { readonly kind: 'pending' }
  /** Not HTTP: every byte pushed so far, to be read as the protocol's own. */
  | { readonly kind: 'other'; readonly bytes: Buffer }
  | { readonly kind: 'http'; readonly request: HttpRequestLine };

/** Push the first chunks of a connection until it says `other` or `http`; then stop using it. */
export class HttpRequestSniffer {
  #buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Sniffed {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    return this.#decide();
  }

  /** The connection ended (or went idle) undecided: whatever it sent is the protocol's. */
  end(): Buffer {
    return this.#buffered;
  }

  #decide(): Sniffed {
    const bytes = this.#buffered;
    const lf = bytes.indexOf(LF);
    const complete = lf !== -1 || bytes.length >= MAX_REQUEST_LINE_BYTES;
    const line = bytes.subarray(0, lf === -1 ? Math.min(bytes.length, MAX_REQUEST_LINE_BYTES) : lf).toString('latin1');
    if (!couldBeRequestLine(line)) return { kind: 'other', bytes };
    if (!complete) return { kind: 'pending' };
    const request = parseRequestLine(line.replace(/\r$/, ''), lf === -1);
    return request ? { kind: 'http', request } : { kind: 'other', bytes };
  }
}

/** True while `start` is a prefix of `METHOD SP ...` for a known method. */
function couldBeRequestLine(start: string): boolean {
  const space = start.indexOf(' ');
  const token = space === -1 ? start : start.slice(0, space);
  if (space === -1) return METHODS.some((method) => method.startsWith(token));
  return (METHODS as readonly string[]).includes(token);
}

/**
 * `METHOD SP target SP HTTP/x.y`; a line cut at the size limit needs only `METHOD SP target`,
 * since a syslog message does not start with a method and a space either.
 */
function parseRequestLine(line: string, cut: boolean): HttpRequestLine | undefined {
  const full = /^([A-Z]+) (\S+) (HTTP\/\d(?:\.\d)?)$/.exec(line);
  const match = full ?? (cut ? /^([A-Z]+) (\S+)/.exec(line) : null);
  if (!match) return undefined;
  return { method: match[1] ?? '', path: storedPath(match[2] ?? ''), version: match[3] ?? '' };
}

/** The target as stored: no query string, fragment or user info, no control characters, bounded. */
function storedPath(target: string): string {
  let path = target.split(/[?#]/, 1)[0] ?? '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?/i.exec(path);
  if (scheme) path = `${scheme[0].replace(/[^/]*@$/, '')}${path.slice(scheme[0].length)}`;
  path = path.replace(/lw_[A-Za-z0-9_-]+/g, 'lw_[redacted]');
  return path.length > MAX_STORED_PATH_CHARS ? `${path.slice(0, MAX_STORED_PATH_CHARS)}…` : path;
}

/** The one event stored for an HTTP request on a syslog port: who, which request; no headers, no body. */
export function httpRequestEvent(request: HttpRequestLine, source: SourceIdentity, receivedAt: number): LogEvent {
  const requestLine = `${request.method} ${request.path}${request.version ? ` ${request.version}` : ''}`;
  const message = `HTTP request on a syslog port from ${source.peer}: ${request.method} ${request.path} (headers and body not stored)`;
  return {
    '@timestamp': receivedAt,
    'event.ingested': receivedAt,
    'event.original': requestLine,
    'event.kind': 'event',
    message,
    ...sourceFields(source),
    'logwarden.parse.error': 'http_request',
    'logwarden.parse.detail':
      `the connection began with an HTTP request line ("${requestLine}") instead of a ${source.protocol} frame; ` +
      'logwarden answered HTTP 400 and closed it without storing its headers or body. ' +
      'Point HTTP clients (the logwarden CLI --server, curl, browsers) at the HTTP API listener (http.listen, default 127.0.0.1:9280).',
  };
}

/** What an HTTP client gets back: a complete response, so it stops waiting and shows the reason. */
export function httpRefusal(protocol: string): Buffer {
  const body =
    `This is a logwarden ${protocol} port (syslog), not the logwarden HTTP API.\n` + 'The API listens on the address set by http.listen (default http://127.0.0.1:9280); point the client there.\n';
  const head = ['HTTP/1.1 400 Bad Request', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', ''].join('\r\n');
  return Buffer.from(head + body);
}

// An HTTP client on a syslog port: one flagged event, an HTTP 400 that says where the API is, close.
// Nothing after the request line is read into an event, so its headers (a bearer token among
// them) never reach storage.
import type net from 'node:net';
import type { Logger } from '../observability/logger.ts';
import type { SourceIdentity } from '../schema/event.ts';
import { httpRefusal, httpRequestEvent, type HttpRequestLine } from './http-request-line.ts';
import type { ServedConnection } from './connections.ts';
import type { SyslogSourceDeps } from './syslog-frames.ts';

/** How long the answered client gets to read the answer and hang up before the socket is destroyed. */
const ANSWER_LINGER_MS = 2000;

export function refuseHttpRequest(socket: net.Socket, request: HttpRequestLine, source: SourceIdentity, deps: SyslogSourceDeps, logger: Logger): ServedConnection {
  deps.metrics.rejected.inc({ protocol: source.protocol, reason: 'http_request' });
  deps.metrics.received.inc({ protocol: source.protocol });
  void deps.pipeline.submit([httpRequestEvent(request, source, deps.clock.now())]).catch(() => undefined); // stopping: not stored
  logger.info({ peer: source.peer, protocol: source.protocol, method: request.method, path: request.path }, 'HTTP request on a syslog port: answered 400 and closed');
  // The caller keeps reading and throws the rest of the request away: closing with unread bytes
  // would reset the connection, and the client could lose the answer.
  socket.end(httpRefusal(source.protocol));
  const linger = setTimeout(() => socket.destroy(), ANSWER_LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
  return {
    idle: () => Boolean(socket.destroy()),
    stop: async () => void socket.destroy(),
  };
}

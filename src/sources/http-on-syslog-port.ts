// An HTTP client on a syslog port: one flagged event, an HTTP 400 that says where the API is, close.
// HttpOnStreamStart tells such a client from the port's own protocol, for every stream listener.
// Nothing after the request line is read into an event, so its headers (a bearer token among
// them) never reach storage.
import type net from 'node:net';
import type { Logger } from '../observability/logger.ts';
import type { SourceIdentity } from '../schema/event.ts';
import { httpRefusal, httpRequestEvent, HttpRequestSniffer, type HttpRequestLine } from './http-request-line.ts';
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

/**
 * The start of a stream connection (syslog, RELP): its first bytes are held until they say whether
 * an HTTP client is on the line. If one is, it is answered and closed (refuseHttpRequest) and the
 * rest of what it sends is thrown away; otherwise every byte goes to the protocol.
 */
export class HttpOnStreamStart {
  readonly #socket: net.Socket;
  readonly #source: SourceIdentity;
  readonly #deps: SyslogSourceDeps;
  readonly #logger: Logger;
  #sniffer: HttpRequestSniffer | undefined = new HttpRequestSniffer();
  #answered: ServedConnection | undefined;

  constructor(socket: net.Socket, source: SourceIdentity, deps: SyslogSourceDeps, logger: Logger) {
    this.#socket = socket;
    this.#source = source;
    this.#deps = deps;
    this.#logger = logger;
  }

  /** True once the connection turned out to be an HTTP client, which has been answered. */
  get answered(): boolean {
    return this.#answered !== undefined;
  }

  /** The protocol's bytes in `chunk`: none while the start is undecided, nor once it was HTTP. */
  protocolBytes(chunk: Buffer): Buffer | undefined {
    if (this.#answered) return undefined;
    if (!this.#sniffer) return chunk;
    const sniffed = this.#sniffer.push(chunk);
    if (sniffed.kind === 'pending') return undefined;
    this.#sniffer = undefined;
    if (sniffed.kind === 'other') return sniffed.bytes;
    this.#answered = refuseHttpRequest(this.#socket, sniffed.request, this.#source, this.#deps, this.#logger);
    return undefined;
  }

  /** The connection ended undecided: whatever it sent is the protocol's (empty when nothing). */
  end(): Buffer {
    const start = this.#sniffer?.end() ?? Buffer.alloc(0);
    this.#sniffer = undefined;
    return start;
  }

  /** What the listener asks of the connection goes to `protocol`, or to the HTTP answer once there is one. */
  serve(protocol: ServedConnection): ServedConnection {
    return {
      idle: () => (this.#answered ?? protocol).idle(),
      stop: () => (this.#answered ?? protocol).stop(),
    };
  }
}

// Syslog over TCP (RFC 6587): octet-counted or newline-delimited frames, detected per connection.
// When the queue is full the connection stops being read, so the sender's own queue holds the
// data (backpressure), and reading resumes when there is room. The per-connection handler is
// shared with syslog over TLS (syslog-tls.ts), which hands it the decrypted stream.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { SyslogFramer, type Frame } from '../codecs/framing.ts';
import { formatListenAddress, type ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { ListenerConnections, RoomWait, type ServedConnection } from './connections.ts';
import { HttpOnStreamStart } from './http-on-syslog-port.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';
import type { RunningSource } from './syslog-udp.ts';

/** On stop, a connection that received nothing for this long is closed at once. */
const STOP_QUIET_MS = 200;
/** On stop, a connection that keeps sending is closed after this long anyway. */
const STOP_GRACE_MS = 2000;

export async function startSyslogTcp(listen: ListenAddress, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  let listener = '';
  const server = net.createServer((socket) => {
    connections.serve(socket, serveSyslogConnection(socket, { protocol: 'syslog-tcp', listener, identity: '' }, deps, logger));
  });
  const connections = new ListenerConnections(server, 'syslog-tcp', deps.syslog, deps.metrics, logger);
  listener = await listenOn(server, listen);
  return {
    address: listener,
    close: () => connections.close(),
  };
}

/** Bind a stream server; resolves to the address actually bound (port 0 resolves to a real port). */
export async function listenOn(server: net.Server, listen: ListenAddress): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as net.AddressInfo;
  return formatListenAddress({ host: bound.address, port: bound.port });
}

/** Who is on the other end of one connection, as recorded on each of its events. */
export interface ConnectionSource {
  /** syslog-tcp, syslog-tls */
  readonly protocol: string;
  readonly listener: string;
  /** Authenticated sender (client certificate subject); empty when anonymous. */
  readonly identity: string;
}

/** The source identity of the events of one connection: its listener's, and the peer's address. */
export function socketSource(socket: net.Socket, connection: ConnectionSource): SourceIdentity {
  return {
    protocol: connection.protocol,
    listener: connection.listener,
    peer: formatListenAddress({ host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }),
    identity: connection.identity,
  };
}

/**
 * Read syslog frames from one connection (plain TCP, or the decrypted side of a TLS socket) until
 * it ends, holding them while the pipeline has no room. A connection that starts with an HTTP
 * request line is answered and closed instead (http-on-syslog-port.ts).
 */
export function serveSyslogConnection(socket: net.Socket, connection: ConnectionSource, deps: SyslogSourceDeps, logger: Logger): ServedConnection {
  const source = socketSource(socket, connection);
  const start = new HttpOnStreamStart(socket, source, deps, logger);
  const stream = new SyslogStream(socket, source, deps);
  let lastDataAt = performance.now();
  socket.on('data', (chunk: Buffer) => {
    lastDataAt = performance.now();
    if (stream.finished) return; // what was read is handled; later bytes are not read
    const bytes = start.protocolBytes(chunk); // the rest of an HTTP request is read and thrown away
    if (bytes !== undefined) stream.read(bytes);
  });
  /** Handle what was read: an undecided start, an unterminated last line (stored like a frame). */
  const finish = (): void => {
    if (!start.answered && !stream.finished) stream.finish(start.end());
  };
  socket.on('end', finish);
  socket.on('error', (error) => logger.debug({ err: error, peer: source.peer, protocol: source.protocol }, 'syslog connection error'));
  const close = (): void => {
    finish();
    socket.destroy(); // frames still held for room stay held, and go in when there is room
  };
  return start.serve({
    idle: () => {
      if (stream.waiting) return false; // paused by logwarden, not idle
      close();
      return true;
    },
    stop: async () => {
      await untilQuiet(() => lastDataAt, socket);
      close();
    },
  });
}

/**
 * The syslog frames of one connection on their way to the pipeline. Frames read while there is no
 * room (queue full, or read-only for a full disk) wait here, with the socket paused, and go in when
 * there is room again: they are neither stored early nor lost. They are normalised when read, so
 * event.ingested is the true receipt time.
 */
class SyslogStream {
  readonly #socket: net.Socket;
  readonly #source: SourceIdentity;
  readonly #deps: SyslogSourceDeps;
  readonly #framer: SyslogFramer;
  readonly #room = new RoomWait();
  #held: LogEvent[] = [];
  #finished = false;

  constructor(socket: net.Socket, source: SourceIdentity, deps: SyslogSourceDeps) {
    this.#socket = socket;
    this.#source = source;
    this.#deps = deps;
    this.#framer = new SyslogFramer({ maxFrameBytes: deps.maxEventBytes });
  }

  /** The connection ended (or is being closed): nothing more is read. */
  get finished(): boolean {
    return this.#finished;
  }

  get waiting(): boolean {
    return this.#room.waiting;
  }

  read(bytes: Buffer): void {
    this.#deliver(this.#framer.push(bytes));
  }

  /** The last frames: those in `start` (bytes read before the protocol was known), then an unterminated line. */
  finish(start: Buffer): void {
    this.#finished = true;
    this.#deliver([...(start.length > 0 ? this.#framer.push(start) : []), ...this.#framer.end()]);
  }

  #deliver(frames: readonly Frame[]): void {
    if (frames.length > 0) this.#held = this.#held.concat(framesToEvents(frames, this.#source, this.#deps));
    if (this.#held.length === 0 || this.#room.waiting) return;
    if (!this.#deps.pipeline.hasRoom()) {
      this.#room.pause(this.#socket, this.#deps.pipeline, () => this.#deliver([]));
      return;
    }
    const batch = this.#held;
    this.#held = [];
    void this.#deps.pipeline.submit(batch).catch(() => undefined);
  }
}

/** Resolves once nothing arrived for STOP_QUIET_MS (at once if so already), or after STOP_GRACE_MS. */
function untilQuiet(lastDataAt: () => number, socket: net.Socket): Promise<void> {
  const deadline = performance.now() + STOP_GRACE_MS;
  return new Promise<void>((resolve) => {
    const check = (): void => {
      const now = performance.now();
      const quietFor = now - lastDataAt();
      if (socket.destroyed || quietFor >= STOP_QUIET_MS || now >= deadline) resolve();
      else setTimeout(check, Math.min(STOP_QUIET_MS - quietFor, deadline - now)).unref();
    };
    check();
  });
}

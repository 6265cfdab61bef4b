// Syslog over TCP (RFC 6587): octet-counted or newline-delimited frames, detected per connection.
// When the queue is full the connection stops being read, so the sender's own queue holds the
// data (backpressure), and reading resumes when there is room. The per-connection handler is
// shared with syslog over TLS (syslog-tls.ts), which hands it the decrypted stream.
import net from 'node:net';
import { SyslogFramer, type Frame } from '../codecs/framing.ts';
import { formatListenAddress, type ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';
import type { RunningSource } from './syslog-udp.ts';

export async function startSyslogTcp(listen: ListenAddress, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  const sockets = new Set<net.Socket>();
  let listener = '';
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveSyslogConnection(socket, { protocol: 'syslog-tcp', listener, identity: '' }, deps, logger);
  });
  listener = await listenOn(server, listen);
  return {
    address: listener,
    close: () => closeServer(server, sockets),
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

/** Stop accepting, end the open connections (their buffered frames still go in), wait for the close. */
export async function closeServer(server: net.Server, sockets: Iterable<net.Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.end();
  await closed;
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
 * it ends, holding them while the pipeline has no room.
 */
export function serveSyslogConnection(socket: net.Socket, connection: ConnectionSource, deps: SyslogSourceDeps, logger: Logger): void {
  const source = socketSource(socket, connection);
  const framer = new SyslogFramer({ maxFrameBytes: deps.maxEventBytes });
  // Frames read while there is no room (queue full, or read-only for a full disk) wait here, with
  // the socket paused, and go in when there is room again: they are neither stored early nor lost.
  // They are normalised when read, so event.ingested is the true receipt time.
  let held: LogEvent[] = [];
  let waiting = false;
  const deliver = (frames: readonly Frame[]): void => {
    if (frames.length > 0) held = held.concat(framesToEvents(frames, source, deps));
    if (held.length === 0 || waiting) return;
    if (!deps.pipeline.hasRoom()) {
      waiting = true;
      socket.pause();
      deps.pipeline.onceRoom(() => {
        waiting = false;
        socket.resume();
        deliver([]);
      });
      return;
    }
    const batch = held;
    held = [];
    void deps.pipeline.submit(batch).catch(() => undefined);
  };
  socket.on('data', (chunk: Buffer) => deliver(framer.push(chunk)));
  socket.on('end', () => deliver(framer.end()));
  socket.on('error', (error) => logger.debug({ err: error, peer: source.peer, protocol: source.protocol }, 'syslog connection error'));
}

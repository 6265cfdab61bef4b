// Syslog over TCP (RFC 6587): octet-counted or newline-delimited frames, detected per connection.
// When the queue is full the connection stops being read, so the sender's own queue holds the
// data (backpressure), and reading resumes when there is room.
import net from 'node:net';
import { SyslogFramer, type Frame } from '../codecs/framing.ts';
import { formatListenAddress, type ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';
import type { RunningSource } from './syslog-udp.ts';

export async function startSyslogTcp(listen: ListenAddress, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, listener, deps, logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as net.AddressInfo;
  const listener = formatListenAddress({ host: bound.address, port: bound.port });
  return {
    address: listener,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.end();
      await closed;
    },
  };
}

function serveConnection(socket: net.Socket, listener: string, deps: SyslogSourceDeps, logger: Logger): void {
  const source: SourceIdentity = {
    protocol: 'syslog-tcp',
    listener,
    peer: formatListenAddress({ host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }),
    identity: '',
  };
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
  socket.on('error', (error) => logger.debug({ err: error, peer: source.peer }, 'syslog TCP connection error'));
}

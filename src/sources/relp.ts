// RELP listener (the Reliable Event Logging Protocol, rsyslog's omrelp), over TCP or TLS.
//
// Every `syslog` command is normalised like a syslog frame and acknowledged (`TXNR rsp 6 200 OK`)
// only once the pipeline has stored it durably, so an acknowledged message survives a crash and an
// unacknowledged one is resent by the client after it reconnects (duplicates are possible, loss
// is not). Responses go out in transaction order. While the pipeline has no room the socket is
// not read: the client's window (and then its queue) holds the data.
//
// A malformed frame gets `TXNR rsp LEN 500 <reason>` when its TXNR was readable, then
// `0 serverclose 0`, and the connection is closed; frames before it are still answered first.
// On shutdown each session stops reading, sends the acks of what was already submitted, then
// `serverclose`. A session idle for syslog.idleTimeoutSeconds, with no acknowledgement owed, ends
// the same way. A connection that starts with an HTTP request line is answered and closed.
import net from 'node:net';
import type tls from 'node:tls';
import type { ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import { ListenerConnections, type ServedConnection } from './connections.ts';
import { HttpOnStreamStart } from './http-on-syslog-port.ts';
import { RelpSession } from './relp-session.ts';
import type { SyslogSourceDeps } from './syslog-frames.ts';
import { listenOn, socketSource, type ConnectionSource } from './syslog-tcp.ts';
import { startTlsListener, type SyslogTlsOptions } from './syslog-tls.ts';
import type { RunningSource } from './syslog-udp.ts';

export const RELP_PROTOCOL = 'relp';
export const RELP_TLS_PROTOCOL = 'relp-tls';

export interface RelpOptions {
  readonly listen: ListenAddress;
  /** With TLS: the syslog TLS certificate options (and their reload). */
  readonly tls?: Omit<SyslogTlsOptions, 'listen'> | undefined;
}

export async function startRelp(options: RelpOptions, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  if (options.tls) {
    const label = { name: 'RELP', protocol: RELP_TLS_PROTOCOL };
    return startTlsListener(
      { ...options.tls, listen: options.listen },
      label,
      deps,
      (socket: tls.TLSSocket, identity, listener) => serveRelpConnection(socket, { protocol: RELP_TLS_PROTOCOL, listener, identity }, deps, logger),
      logger,
    );
  }
  let listener = '';
  const server = net.createServer((socket) => {
    connections.serve(socket, serveRelpConnection(socket, { protocol: RELP_PROTOCOL, listener, identity: '' }, deps, logger));
  });
  const connections = new ListenerConnections(server, RELP_PROTOCOL, deps.syslog, deps.metrics, logger);
  listener = await listenOn(server, options.listen);
  return {
    address: listener,
    close: () => connections.close(),
  };
}

/** One RELP connection: an HTTP client is answered and closed, anything else is a RELP session. */
export function serveRelpConnection(socket: net.Socket, connection: ConnectionSource, deps: SyslogSourceDeps, logger: Logger): ServedConnection {
  const source = socketSource(socket, connection);
  const start = new HttpOnStreamStart(socket, source, deps, logger);
  const session = new RelpSession(socket, source, deps, logger);
  socket.on('data', (chunk: Buffer) => {
    if (session.ending) return;
    const bytes = start.protocolBytes(chunk); // the rest of an HTTP request is read and thrown away
    if (bytes !== undefined) session.read(bytes);
  });
  socket.on('end', () => {
    if (!start.answered) session.halfClosed();
  });
  socket.on('error', (error) => logger.debug({ err: error, peer: source.peer, protocol: source.protocol }, 'RELP connection error'));
  return start.serve(session);
}

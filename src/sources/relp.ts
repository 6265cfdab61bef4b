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
import { encodeRelpResponse, RelpParser, SERVER_CLOSE, type RelpFrame, type RelpError } from '../codecs/relp.ts';
import type { ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import type { LogEvent } from '../schema/event.ts';
import { ListenerConnections, type ServedConnection } from './connections.ts';
import { refuseHttpRequest } from './http-on-syslog-port.ts';
import { HttpRequestSniffer } from './http-request-line.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';
import { listenOn, socketSource, type ConnectionSource } from './syslog-tcp.ts';
import { startTlsListener, type SyslogTlsOptions } from './syslog-tls.ts';
import type { RunningSource } from './syslog-udp.ts';

export const RELP_PROTOCOL = 'relp';
export const RELP_TLS_PROTOCOL = 'relp-tls';
/** Room for the RELP header on top of the largest event (longer messages are kept, truncated). */
const DATA_SLACK_BYTES = 1024;
const OFFERS = 'relp_version=0\nrelp_software=logwarden\ncommands=syslog';
/** How long a stopping session waits for the acks of what it already submitted. */
const SHUTDOWN_ACK_WAIT_MS = 10_000;

export interface RelpOptions {
  readonly listen: ListenAddress;
  /** With TLS: the syslog TLS certificate options (and their reload). */
  readonly tls?: Omit<SyslogTlsOptions, 'listen'> | undefined;
}

export async function startRelp(options: RelpOptions, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  if (options.tls) {
    const label = { name: 'RELP', protocol: RELP_TLS_PROTOCOL };
    return startTlsListener({ ...options.tls, listen: options.listen }, label, deps, (socket: tls.TLSSocket, identity, listener) =>
      serveRelpConnection(socket, { protocol: RELP_TLS_PROTOCOL, listener, identity }, deps, logger),
    logger);
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

/** One RELP session: parse, submit, acknowledge in order. */
export function serveRelpConnection(socket: net.Socket, connection: ConnectionSource, deps: SyslogSourceDeps, logger: Logger): ServedConnection {
  const source = socketSource(socket, connection);
  let sniffer: HttpRequestSniffer | undefined = new HttpRequestSniffer();
  let answered: ServedConnection | undefined; // it was an HTTP client
  let owed = 0; // submitted events not yet stored: their acknowledgements are owed
  const parser = new RelpParser({ maxDataBytes: deps.maxEventBytes + DATA_SLACK_BYTES });
  // Every response is chained after the previous one, so they leave in transaction order.
  let replies: Promise<void> = Promise.resolve();
  let held: RelpFrame[] = []; // read while there was no room; the socket is paused meanwhile
  let waiting = false;
  let ending = false; // serverclose queued (close command, protocol error, shutdown, failure)

  const write = (bytes: Buffer): void => {
    if (!socket.destroyed && socket.writable) socket.write(bytes);
  };
  let broken = false; // a submit failed: no later ack may go out
  const reply = (after: Promise<unknown>, send: () => void): void => {
    replies = Promise.all([replies, after]).then(() => {
      if (!broken) send();
    }, () => {
      broken = true;
      // The events could not be stored (stopping, storage failure): acknowledge nothing more, so
      // the client resends everything unacknowledged to the next session.
      if (!ending) endSession('storage did not accept the events');
    });
  };
  const endSession = (why: string, error?: RelpError): void => {
    if (ending) return;
    ending = true;
    held = [];
    socket.pause();
    logger.debug({ peer: source.peer, protocol: source.protocol, why }, 'RELP session ending');
    const tail = replies.then(() => {
      if (error?.txnr !== undefined) write(encodeRelpResponse(error.txnr, 500, error.detail));
      write(SERVER_CLOSE);
      socket.end();
    });
    replies = tail;
  };

  const handle = (frames: readonly RelpFrame[]): void => {
    let syslog: RelpFrame[] = [];
    const flushSyslog = (): void => {
      if (syslog.length === 0) return;
      const events: LogEvent[] = framesToEvents(
        syslog.map((frame) => ({ bytes: frame.data.subarray(0, deps.maxEventBytes), truncated: frame.data.length > deps.maxEventBytes })),
        source,
        deps,
      );
      const txnrs = syslog.map((frame) => frame.txnr);
      syslog = [];
      const stored = deps.pipeline.submit(events);
      owed++;
      void stored.catch(() => undefined).finally(() => owed--);
      reply(stored, () => {
        for (const txnr of txnrs) write(encodeRelpResponse(txnr, 200, 'OK'));
      });
    };
    for (const frame of frames) {
      if (ending) return;
      if (frame.command === 'syslog') {
        syslog.push(frame);
        continue;
      }
      flushSyslog();
      if (frame.command === 'open') reply(Promise.resolve(), () => write(encodeRelpResponse(frame.txnr, 200, 'OK', OFFERS)));
      else if (frame.command === 'close') {
        reply(Promise.resolve(), () => write(encodeRelpResponse(frame.txnr, 200, 'OK')));
        endSession('client closed the session');
      } else if (frame.command === 'rsp') continue; // nothing is asked of a client that it answers
      else reply(Promise.resolve(), () => write(encodeRelpResponse(frame.txnr, 500, `unsupported command ${frame.command}`)));
    }
    flushSyslog();
  };

  const deliver = (frames: readonly RelpFrame[]): void => {
    if (frames.length > 0) held = held.concat(frames);
    if (held.length === 0 || waiting || ending) return;
    const syslogCount = held.reduce((n, frame) => n + (frame.command === 'syslog' ? 1 : 0), 0);
    if (syslogCount > 0 && !deps.pipeline.hasRoom()) {
      waiting = true;
      socket.pause();
      deps.pipeline.onceRoom(() => {
        waiting = false;
        if (ending) return;
        socket.resume();
        deliver([]);
      });
      return;
    }
    const batch = held;
    held = [];
    handle(batch);
  };

  socket.on('data', (chunk: Buffer) => {
    if (ending || answered) return; // the rest of an HTTP request is read and thrown away
    if (sniffer) {
      const sniffed = sniffer.push(chunk);
      if (sniffed.kind === 'pending') return;
      sniffer = undefined;
      if (sniffed.kind === 'http') {
        answered = refuseHttpRequest(socket, sniffed.request, source, deps, logger);
        return;
      }
      chunk = sniffed.bytes;
    }
    const { frames, error } = parser.push(chunk);
    deliver(frames);
    if (error) {
      deps.metrics.rejected.inc({ protocol: source.protocol, reason: 'bad_frame' });
      logger.info({ peer: source.peer, protocol: source.protocol, detail: error.detail }, 'RELP protocol error: closing the session');
      // Frames before the error that are still held (no room) are dropped unacknowledged: resent.
      endSession('protocol error', error);
    }
  });
  socket.on('end', () => {
    if (!ending && !answered) {
      // The client half-closed without `close`: answer what was submitted, then end our side.
      ending = true;
      held = [];
      replies = replies.then(() => void socket.end());
    }
  });
  socket.on('error', (error) => logger.debug({ err: error, peer: source.peer, protocol: source.protocol }, 'RELP connection error'));

  const flushed = new Promise<void>((resolve) => {
    socket.once('finish', resolve);
    socket.once('close', resolve);
  });
  return {
    idle() {
      if (answered) return answered.idle();
      if (waiting || owed > 0) return false; // waiting on logwarden, not idle
      endSession('idle timeout');
      void replies.then(() => flushed).then(() => socket.destroy());
      return true;
    },
    async stop() {
      if (answered) return answered.stop();
      endSession('logwarden is stopping');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([replies.then(() => flushed), new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_ACK_WAIT_MS)))]);
      clearTimeout(timer);
    },
  };
}

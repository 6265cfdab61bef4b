// The open connections of one stream listener (syslog TCP, syslog TLS, RELP, RELP over TLS): a cap
// on how many are open, an idle timeout, and a stop that does not wait for clients to hang up.
//
// Everything here works on the raw TCP socket the server accepted, before any TLS: a connection
// over the cap is closed by the kernel-facing server itself (net.Server.maxConnections) before a
// handshake costs anything, and the idle clock is the TCP socket's, so it also runs while a TLS
// client sits in (or never starts) its handshake.
import type net from 'node:net';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export interface StreamLimits {
  /** Open connections the listener accepts; a connection beyond this is closed at once. */
  readonly maxConnections: number;
  /** A connection that sends nothing for this long is closed; 0: never. */
  readonly idleTimeoutSeconds: number;
}

/** What a protocol handler does for its connection when the listener asks. */
export interface ServedConnection {
  /**
   * No byte arrived for the idle timeout: handle what was read and close, unless the connection is
   * waiting on logwarden (paused for room, acknowledgements pending). True when it closed.
   */
  idle(): boolean;
  /** logwarden is stopping: handle what was read, then end the connection. */
  stop(): Promise<void>;
}

/**
 * Backpressure for one connection: while the pipeline has no room the socket is not read, so the
 * sender's own window and queue hold the data, and reading resumes when there is room.
 */
export class RoomWait {
  #waiting = false;

  /** True while the connection is paused for room: waiting on logwarden, so not idle. */
  get waiting(): boolean {
    return this.#waiting;
  }

  /** Pause `socket` until the pipeline has room, then resume it and `carryOn`, unless `abandoned()` by then. */
  pause(socket: net.Socket, pipeline: Pick<IngestPipeline, 'onceRoom'>, carryOn: () => void, abandoned: () => boolean = () => false): void {
    this.#waiting = true;
    socket.pause();
    pipeline.onceRoom(() => {
      this.#waiting = false;
      if (abandoned()) return;
      socket.resume();
      carryOn();
    });
  }
}

/** At most one "refused" log line per listener in this interval, however many are refused. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

export class ListenerConnections {
  readonly #server: net.Server;
  readonly #protocol: string;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  /** Raw TCP sockets by peer address (a TLS socket has its raw socket's peer address). */
  readonly #sockets = new Map<string, net.Socket>();
  readonly #served = new Map<string, ServedConnection>();
  readonly #refusals: RefusalLog;

  constructor(server: net.Server, protocol: string, limits: StreamLimits, metrics: Metrics, logger: Logger) {
    this.#server = server;
    this.#protocol = protocol;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#refusals = new RefusalLog(REFUSAL_LOG_INTERVAL_MS);
    metrics.syslogConnections.set({ protocol }, 0);
    server.maxConnections = limits.maxConnections;
    server.on('drop', (peer?: { remoteAddress?: string; remotePort?: number }) => this.#refused(peer));
    // First, so a socket is known before the protocol handler (the server's own listener) serves it.
    server.prependListener('connection', (socket: net.Socket) => this.#opened(socket, limits.idleTimeoutSeconds * 1000));
  }

  /** Tell the listener which handler serves the connection of `socket` (plain or TLS). */
  serve(socket: net.Socket, connection: ServedConnection): void {
    const key = peerKey(socket);
    if (this.#sockets.has(key)) this.#served.set(key, connection);
  }

  /** Stop accepting, let every handler finish what it read, then close whatever is still open. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await Promise.all([...this.#served.values()].map((connection) => connection.stop()));
    for (const socket of this.#sockets.values()) socket.destroy();
    await closed;
  }

  #opened(socket: net.Socket, idleMs: number): void {
    const key = peerKey(socket);
    this.#sockets.set(key, socket);
    this.#metrics.syslogConnections.inc({ protocol: this.#protocol });
    socket.once('close', () => {
      this.#sockets.delete(key);
      this.#served.delete(key);
      this.#metrics.syslogConnections.dec({ protocol: this.#protocol });
    });
    if (idleMs > 0) socket.setTimeout(idleMs, () => this.#idle(key, socket));
  }

  #idle(key: string, socket: net.Socket): void {
    const connection = this.#served.get(key);
    if (!connection) {
      // Not served yet: a TLS handshake that never finished, or never started.
      this.#closedIdle(key);
      socket.destroy();
      return;
    }
    if (connection.idle()) this.#closedIdle(key);
  }

  #closedIdle(peer: string): void {
    this.#metrics.syslogConnectionsIdleClosed.inc({ protocol: this.#protocol });
    this.#logger.debug({ peer, protocol: this.#protocol }, 'syslog connection idle: closed');
  }

  #refused(peer?: { remoteAddress?: string; remotePort?: number }): void {
    this.#metrics.syslogConnectionsRefused.inc({ protocol: this.#protocol });
    const report = this.#refusals.note(performance.now()); // only spaces reports apart: elapsed time, not a date
    if (!report) return;
    this.#logger.warn(
      { protocol: this.#protocol, peer: `${peer?.remoteAddress ?? '?'}:${peer?.remotePort ?? '?'}`, maxConnections: this.#server.maxConnections, refusedSinceLastReport: report.refused },
      `${this.#protocol} listener at its connection cap (syslog.maxConnections): new connections are closed at once`,
    );
  }
}

/** Counts refusals and says when one should be logged: the first, then at most once per interval. */
export class RefusalLog {
  readonly #intervalMs: number;
  #lastReportAt = Number.NEGATIVE_INFINITY;
  #unreported = 0;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** One more refusal at `now`; returns how many to report, or undefined to stay quiet. */
  note(now: number): { readonly refused: number } | undefined {
    this.#unreported++;
    if (now - this.#lastReportAt < this.#intervalMs) return undefined;
    this.#lastReportAt = now;
    const refused = this.#unreported;
    this.#unreported = 0;
    return { refused };
  }
}

function peerKey(socket: net.Socket): string {
  return `${socket.remoteAddress ?? ''}|${socket.remotePort ?? 0}`;
}

// One RELP session after its start was found not to be HTTP: parse the frames, submit the `syslog`
// ones, and acknowledge each transaction in order once what it carried is stored (relp.ts has the
// protocol's rules). Every response is chained after the previous one, so they leave in
// transaction order; while the pipeline has no room the socket is paused and frames are held.
import type net from 'node:net';
import { encodeRelpResponse, RelpParser, SERVER_CLOSE, type RelpError, type RelpFrame } from '../codecs/relp.ts';
import type { Logger } from '../observability/logger.ts';
import type { SourceIdentity } from '../schema/event.ts';
import { RoomWait, type ServedConnection } from './connections.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';

/** Room for the RELP header on top of the largest event (longer messages are kept, truncated). */
const DATA_SLACK_BYTES = 1024;
const OFFERS = 'relp_version=0\nrelp_software=logwarden\ncommands=syslog';
/** How long a stopping session waits for the acks of what it already submitted. */
const SHUTDOWN_ACK_WAIT_MS = 10_000;

export class RelpSession implements ServedConnection {
  readonly #socket: net.Socket;
  readonly #source: SourceIdentity;
  readonly #deps: SyslogSourceDeps;
  readonly #logger: Logger;
  readonly #parser: RelpParser;
  readonly #room = new RoomWait();
  /** Resolves once our side of the socket is flushed (or the socket closed). */
  readonly #flushed: Promise<void>;
  /** The last response queued: each new one goes out after it. */
  #replies: Promise<void> = Promise.resolve();
  /** Frames read while there was no room; the socket is paused meanwhile. */
  #held: RelpFrame[] = [];
  /** Submitted batches not yet stored: their acknowledgements are owed. */
  #owed = 0;
  /** serverclose queued (close command, protocol error, shutdown, failure). */
  #ending = false;
  /** A submit failed: no later ack may go out. */
  #broken = false;

  constructor(socket: net.Socket, source: SourceIdentity, deps: SyslogSourceDeps, logger: Logger) {
    this.#socket = socket;
    this.#source = source;
    this.#deps = deps;
    this.#logger = logger;
    this.#parser = new RelpParser({ maxDataBytes: deps.maxEventBytes + DATA_SLACK_BYTES });
    this.#flushed = new Promise<void>((resolve) => {
      socket.once('finish', resolve);
      socket.once('close', resolve);
    });
  }

  /** The session is ending: nothing more is read. */
  get ending(): boolean {
    return this.#ending;
  }

  /** Bytes of the RELP stream. A malformed frame ends the session, after the frames before it are answered. */
  read(bytes: Buffer): void {
    const { frames, error } = this.#parser.push(bytes);
    this.#deliver(frames);
    if (!error) return;
    this.#deps.metrics.rejected.inc({ protocol: this.#source.protocol, reason: 'bad_frame' });
    this.#logger.info({ peer: this.#source.peer, protocol: this.#source.protocol, detail: error.detail }, 'RELP protocol error: closing the session');
    // Frames before the error that are still held (no room) are dropped unacknowledged: resent.
    this.#end('protocol error', error);
  }

  /** The client half-closed without `close`: answer what was submitted, then end our side. */
  halfClosed(): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#held = [];
    this.#replies = this.#replies.then(() => void this.#socket.end());
  }

  idle(): boolean {
    if (this.#room.waiting || this.#owed > 0) return false; // waiting on logwarden, not idle
    this.#end('idle timeout');
    void this.#replies.then(() => this.#flushed).then(() => this.#socket.destroy());
    return true;
  }

  async stop(): Promise<void> {
    this.#end('logwarden is stopping');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#replies.then(() => this.#flushed), new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_ACK_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Hold `frames` with those already held, and handle them all once `syslog` ones have room. */
  #deliver(frames: readonly RelpFrame[]): void {
    if (frames.length > 0) this.#held = this.#held.concat(frames);
    if (this.#held.length === 0 || this.#room.waiting || this.#ending) return;
    if (this.#held.some((frame) => frame.command === 'syslog') && !this.#deps.pipeline.hasRoom()) {
      this.#room.pause(
        this.#socket,
        this.#deps.pipeline,
        () => this.#deliver([]),
        () => this.#ending,
      );
      return;
    }
    const batch = this.#held;
    this.#held = [];
    this.#handle(batch);
  }

  /** Runs of `syslog` frames are submitted together; every other command is answered in its place. */
  #handle(frames: readonly RelpFrame[]): void {
    let run: RelpFrame[] = [];
    for (const frame of frames) {
      if (this.#ending) return;
      if (frame.command === 'syslog') {
        run.push(frame);
        continue;
      }
      this.#submit(run);
      run = [];
      this.#answer(frame);
    }
    this.#submit(run);
  }

  /** Submit the events of `frames`; each is acknowledged once they are all stored. */
  #submit(frames: readonly RelpFrame[]): void {
    if (frames.length === 0) return;
    const max = this.#deps.maxEventBytes;
    const events = framesToEvents(
      frames.map((frame) => ({ bytes: frame.data.subarray(0, max), truncated: frame.data.length > max })),
      this.#source,
      this.#deps,
    );
    const stored = this.#deps.pipeline.submit(events);
    this.#owed++;
    void stored.catch(() => undefined).finally(() => this.#owed--);
    this.#reply(stored, () => {
      for (const frame of frames) this.#write(encodeRelpResponse(frame.txnr, 200, 'OK'));
    });
  }

  /** A command other than `syslog`. */
  #answer(frame: RelpFrame): void {
    if (frame.command === 'rsp') return; // nothing is asked of a client that it answers
    const now = Promise.resolve();
    if (frame.command === 'open') this.#reply(now, () => this.#write(encodeRelpResponse(frame.txnr, 200, 'OK', OFFERS)));
    else if (frame.command === 'close') {
      this.#reply(now, () => this.#write(encodeRelpResponse(frame.txnr, 200, 'OK')));
      this.#end('client closed the session');
    } else this.#reply(now, () => this.#write(encodeRelpResponse(frame.txnr, 500, `unsupported command ${frame.command}`)));
  }

  /** Send what `send` writes once the previous responses are out and `after` has settled. */
  #reply(after: Promise<unknown>, send: () => void): void {
    this.#replies = Promise.all([this.#replies, after]).then(
      () => {
        if (!this.#broken) send();
      },
      () => {
        this.#broken = true;
        // The events could not be stored (stopping, storage failure): acknowledge nothing more, so
        // the client resends everything unacknowledged to the next session.
        if (!this.#ending) this.#end('storage did not accept the events');
      },
    );
  }

  /** Stop reading; after the responses already queued (and `error`'s, if any), send serverclose and end. */
  #end(why: string, error?: RelpError): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#held = [];
    this.#socket.pause();
    this.#logger.debug({ peer: this.#source.peer, protocol: this.#source.protocol, why }, 'RELP session ending');
    this.#replies = this.#replies.then(() => {
      if (error?.txnr !== undefined) this.#write(encodeRelpResponse(error.txnr, 500, error.detail));
      this.#write(SERVER_CLOSE);
      this.#socket.end();
    });
  }

  #write(bytes: Buffer): void {
    if (!this.#socket.destroyed && this.#socket.writable) this.#socket.write(bytes);
  }
}

// One live tail's Server-Sent Events stream (docs/api.md, "Live tail"): the TailSink a subscriber
// writes to, framed as SSE, with a heartbeat comment whenever nothing was sent for a while so that
// proxies and load balancers keep an idle tail open. It is a Readable handed to Fastify as the
// answer's body, so the answer passes the same onSend hooks as any other (security headers, the
// audit record written before anything is sent). Back-pressure is the stream's: `push` returning
// false means the client reads slower than records arrive, and the subscription queues (bounded).
import { Readable } from 'node:stream';
import { TAIL_EVENTS, type TailReady } from '../contracts/tail.ts';
import type { TailSink } from './tail-hub.ts';

export const HEARTBEAT_MS = 15_000;
/** How long a client's EventSource waits before it reconnects after the stream ended. */
export const RECONNECT_MS = 3_000;

export class TailOutlet extends Readable implements TailSink {
  readonly #heartbeatMs: number;
  readonly #drainListeners: (() => void)[] = [];
  #heartbeat: NodeJS.Timeout | undefined;
  #full = false;
  #ended = false;

  constructor(heartbeatMs = HEARTBEAT_MS) {
    // Small, so a client that stops reading is noticed after a few records, not megabytes.
    super({ highWaterMark: 64 * 1024 });
    this.#heartbeatMs = heartbeatMs;
  }

  /** The first frames: the reconnect delay and the `ready` event with the tail's terms. */
  open(ready: TailReady): void {
    this.#send(`retry: ${RECONNECT_MS}\nevent: ${TAIL_EVENTS.ready}\ndata: ${JSON.stringify(ready)}\n\n`);
    this.#armHeartbeat();
  }

  record(json: string): boolean {
    return this.#send(`event: ${TAIL_EVENTS.record}\ndata: ${json}\n\n`);
  }

  skipped(count: number): boolean {
    return this.#send(`event: ${TAIL_EVENTS.skipped}\ndata: ${JSON.stringify({ skipped: count })}\n\n`);
  }

  onceDrained(listener: () => void): void {
    if (!this.#full) listener();
    else this.#drainListeners.push(listener);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#heartbeat);
    this.push(null);
  }

  override _read(): void {
    this.#full = false;
    for (const listener of this.#drainListeners.splice(0)) listener();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#ended = true;
    clearTimeout(this.#heartbeat);
    callback(error);
  }

  #send(frame: string): boolean {
    if (this.#ended) return true; // a closed tail takes and drops: its subscription is going away
    this.#armHeartbeat();
    const more = this.push(frame);
    if (!more) this.#full = true;
    return more;
  }

  /** A comment line after every quiet interval (EventSource ignores comments). */
  #armHeartbeat(): void {
    clearTimeout(this.#heartbeat);
    this.#heartbeat = setTimeout(() => {
      if (!this.#full) this.#send(': heartbeat\n\n');
      else this.#armHeartbeat();
    }, this.#heartbeatMs);
    this.#heartbeat.unref();
  }
}

// The live tail's fan-out: the tail consumer of the stored stream (tail-consumer.ts) hands each
// batch of newly stored records to `publish`, and every subscriber gets the records its filter
// accepts. Publishing never waits on a subscriber: each has a bounded queue of records written
// to its sink as fast as the sink takes them; when a client reads slower than records arrive and
// its queue is full, further records are counted, not queued, and once it has room again it gets
// one "skipped N" notice before the records that follow. So a slow client costs only itself:
// never ingest (the consumer lags at most by one publish), never the other clients.
// Tails with the same query and scope are asked once per record, and a record is presented once
// per masking profile (RecordVerdicts), so many tails of one query cost about one.
// Subscribers are bounded per server; one more is refused with LW_TAIL_FULL.
import { LogwardenError } from '../errors/codes.ts';
import type { LogEvent } from '../schema/event.ts';
import type { TailFilter } from './tail-filter.ts';

/** Where a subscriber's frames go (an SSE response: tail-outlet.ts). */
export interface TailSink {
  /** Write one record's JSON text; false when the sink is full and more should wait for `drained`. */
  record(json: string): boolean;
  /** Write the notice that `count` records were skipped; the same back-pressure answer. */
  skipped(count: number): boolean;
  /** Call `listener` once the sink takes writes again. */
  onceDrained(listener: () => void): void;
  /** No more frames: the subscription closed (the server stops, or the client went away). */
  end(): void;
}

export interface TailHubLimits {
  /** Most subscribers at once (all clients of the server together). */
  readonly maxSubscribers: number;
  /** Most records queued for one subscriber before further ones are skipped. */
  readonly queueLimit: number;
}

export const DEFAULT_TAIL_LIMITS: TailHubLimits = { maxSubscribers: 32, queueLimit: 1000 };

type Frame = { readonly kind: 'record'; readonly json: string } | { readonly kind: 'skipped'; readonly count: number };

/**
 * What the subscribers of one record have found out about it: tails with the same query and
 * scope accept the same records, and tails with the same masking show them the same way, so each
 * is worked out once per record, not once per subscriber.
 */
export class RecordVerdicts {
  readonly #accepted = new Map<string, boolean>();
  readonly #texts = new Map<string, string>();

  accepts(filter: TailFilter, event: LogEvent): boolean {
    let verdict = this.#accepted.get(filter.matchKey);
    if (verdict === undefined) this.#accepted.set(filter.matchKey, (verdict = filter.accepts(event)));
    return verdict;
  }

  present(filter: TailFilter, event: LogEvent): string {
    let text = this.#texts.get(filter.presentKey);
    if (text === undefined) this.#texts.set(filter.presentKey, (text = filter.present(event)));
    return text;
  }
}

export class TailSubscription {
  readonly #filter: TailFilter;
  readonly #sink: TailSink;
  readonly #queueLimit: number;
  readonly #queue: Frame[] = [];
  readonly #unsubscribe: (subscription: TailSubscription) => void;
  /** Records skipped since the last notice. */
  #pendingSkips = 0;
  #skippedTotal = 0;
  #sent = 0;
  #waiting = false;
  #closed = false;

  constructor(filter: TailFilter, sink: TailSink, queueLimit: number, unsubscribe: (subscription: TailSubscription) => void) {
    this.#filter = filter;
    this.#sink = sink;
    this.#queueLimit = queueLimit;
    this.#unsubscribe = unsubscribe;
  }

  /** Records skipped for this subscriber so far. */
  get skipped(): number {
    return this.#skippedTotal;
  }

  /** Records written to the sink so far. */
  get sent(): number {
    return this.#sent;
  }

  /** Records waiting in the queue. */
  get queued(): number {
    return this.#queue.filter((frame) => frame.kind === 'record').length;
  }

  /** Offer one newly stored record; returns at once. `seen` is shared by the subscribers of one record. */
  offer(event: LogEvent, seen: RecordVerdicts): void {
    if (this.#closed || !seen.accepts(this.#filter, event)) return;
    if (this.#queue.length >= this.#queueLimit) {
      this.#pendingSkips++;
      this.#skippedTotal++;
      return;
    }
    if (this.#pendingSkips > 0) {
      this.#queue.push({ kind: 'skipped', count: this.#pendingSkips });
      this.#pendingSkips = 0;
    }
    this.#queue.push({ kind: 'record', json: seen.present(this.#filter, event) });
    this.#flush(); // at once: the queue holds only what the sink could not take yet
  }

  /** Stop receiving records (the client went away, or the server stops). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#unsubscribe(this);
    this.#sink.end();
  }

  #flush(): void {
    while (!this.#waiting && !this.#closed && this.#queue.length > 0) {
      const frame = this.#queue.shift() as Frame;
      const more = frame.kind === 'record' ? this.#sink.record(frame.json) : this.#sink.skipped(frame.count);
      if (frame.kind === 'record') this.#sent++;
      if (!more) {
        this.#waiting = true;
        this.#sink.onceDrained(() => {
          this.#waiting = false;
          this.#flush();
        });
      }
    }
  }
}

export class TailHub {
  readonly #limits: TailHubLimits;
  readonly #subscriptions = new Set<TailSubscription>();

  constructor(limits: TailHubLimits = DEFAULT_TAIL_LIMITS) {
    this.#limits = limits;
  }

  get limits(): TailHubLimits {
    return this.#limits;
  }

  /** Subscribers now. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Throws LW_TAIL_FULL when the server has as many subscribers as it takes. */
  subscribe(filter: TailFilter, sink: TailSink): TailSubscription {
    if (this.#subscriptions.size >= this.#limits.maxSubscribers)
      throw new LogwardenError('LW_TAIL_FULL', `the server already serves ${this.#limits.maxSubscribers} live tails, the most it takes at once; close one or retry later`, {
        maxSubscribers: this.#limits.maxSubscribers,
        retryAfterSeconds: 5,
      });
    const subscription = new TailSubscription(filter, sink, this.#limits.queueLimit, (gone) => this.#subscriptions.delete(gone));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Newly stored records, in sequence order; returns at once. */
  publish(events: readonly LogEvent[]): void {
    if (this.#subscriptions.size === 0) return;
    for (const event of events) {
      const seen = new RecordVerdicts();
      for (const subscription of this.#subscriptions) subscription.offer(event, seen);
    }
  }

  /** Every subscriber's tail ends (the server stops). */
  closeAll(): void {
    for (const subscription of [...this.#subscriptions]) subscription.close();
  }
}

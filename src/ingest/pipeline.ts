// The write path between sources and the store. Sources submit normalised events; each gets the
// next sequence number (gap-free, never reused) and is encoded for the engine as it is submitted,
// so that encoding overlaps the engine's write of the previous batch. A single writer then writes
// the queue in order, in batches. A submit resolves only when its events are stored, so callers that
// acknowledge (HTTP) do so after the write. The queue is bounded: sources ask `hasRoom()` and push
// back (TCP stops reading, HTTP answers 503, UDP counts a drop) rather than buffer without end.
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { encodeEvent, type EventStore } from '../store/event-store.ts';
import { fitColumns } from '../transforms/fit-columns.ts';
import { redactTokens } from '../transforms/redact-tokens.ts';
import { stampServerFields } from '../transforms/server-fields.ts';
import { UNPREPARED, type EventPreparation } from './prepare.ts';

export interface PipelineOptions {
  readonly batchMaxEvents: number;
  readonly batchMaxDelayMs: number;
  readonly queueMaxEvents: number;
  /** config `node`, stamped on every event as `logwarden.node`. */
  readonly node: string;
  /** Parsers, the systems inventory and the clock check (prepare.ts); without it no parser runs and every event is unassigned. */
  readonly preparation?: EventPreparation;
}

/**
 * Told of each stored batch, in sequence order; it must return at once, never block the writer
 * (the stream's consumers, stream/consumers.ts, take it from there at their own pace).
 */
export interface StoredBatchListener {
  /**
   * `events`: the batch's events as they were encoded and written, in sequence order, for a
   * listener that keeps recent records in memory. Not to be changed: they are the submitters'.
   */
  stored(firstSequence: number, count: number, events: readonly LogEvent[]): void;
}

interface Pending {
  readonly firstSequence: number;
  /** Retention class and month of receipt: the table is partitioned by them, and a batch stays within one partition. */
  readonly partition: string;
  /** Engine rows, in sequence order. */
  readonly rows: string[];
  /** The events the rows encode. */
  readonly events: readonly LogEvent[];
  readonly done: { resolve: () => void; reject: (error: Error) => void };
}

const RETRY_DELAYS_MS = [50, 100, 250, 500, 1000, 2000, 5000];

export class IngestPipeline {
  readonly #store: EventStore;
  readonly #options: PipelineOptions;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #queue: Pending[] = [];
  readonly #drainListeners = new Set<() => void>();
  #queuedEvents = 0;
  #nextSequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  readonly #listeners: StoredBatchListener[] = [];
  #readOnly: () => boolean = () => false;

  constructor(store: EventStore, options: PipelineOptions, metrics: Metrics, logger: Logger, clock: Clock = systemClock) {
    this.#store = store;
    this.#options = options;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#clock = clock;
  }

  /** Resume numbering after what is already stored; returns the last stored sequence number. */
  async open(): Promise<number> {
    const last = await this.#store.lastSequence();
    this.#nextSequence = last + 1;
    return last;
  }

  /** Each listener is called with each stored batch, in sequence order, as its submitters are answered. */
  addStoredBatchListener(listener: StoredBatchListener): void {
    this.#listeners.push(listener);
  }

  get queuedEvents(): number {
    return this.#queuedEvents;
  }

  /** Accept no new events while this says so (the disk guard); internal events still go in. */
  setReadOnlyCheck(readOnly: () => boolean): void {
    this.#readOnly = readOnly;
  }

  get readOnly(): boolean {
    return this.#readOnly();
  }

  /** True while `count` more events may be accepted: not read-only and they fit in the queue. */
  hasRoom(count = 1): boolean {
    return !this.#readOnly() && this.#queuedEvents + count <= this.#options.queueMaxEvents;
  }

  /** Call `listener` once when the queue has room again. */
  onceRoom(listener: () => void): void {
    if (this.hasRoom()) listener();
    else this.#drainListeners.add(listener);
  }

  /**
   * Queue events for storage; resolves when all of them are stored. Each event gets its
   * `event.sequence` here, so a submitted event must be stored: failed writes are retried.
   * Events are completed in place as they are queued: once this returns, each holds its sequence
   * number and its final flag (`logwarden.parse.error`), which callers count in their answers.
   */
  submit(events: LogEvent[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('pipeline is closed'));
    if (events.length === 0) return Promise.resolve();
    const firstSequence = this.#nextSequence;
    const rows = events.map((event) => {
      this.#prepareForStorage(event);
      event['event.sequence'] = this.#nextSequence++;
      return encodeEvent(event);
    });
    return new Promise((resolve, reject) => {
      this.#queue.push({ firstSequence, partition: partitionOf(events[0]), rows, events, done: { resolve, reject } });
      this.#queuedEvents += rows.length;
      this.#metrics.queueDepth.set(this.#queuedEvents);
      this.#schedule();
    });
  }

  /**
   * The last transforms, for every event of every source in one place: parsers, the system and
   * the clock check (prepare.ts), the server's own fields, values fitted to their
   * columns, then logwarden tokens redacted (after, so that values moved to labels are covered).
   * An event flagged here is counted in the metrics here; one flagged before by its source was
   * counted there.
   */
  #prepareForStorage(event: LogEvent): void {
    const alreadyFlagged = event['logwarden.parse.error'] !== undefined;
    const system = (this.#options.preparation ?? UNPREPARED).prepare(event);
    stampServerFields(event, { node: this.#options.node, system });
    fitColumns(event, this.#clock.now());
    redactTokens(event);
    const reason = event['logwarden.parse.error'];
    if (!alreadyFlagged && reason !== undefined) {
      this.#metrics.rejected.inc({ protocol: String(event['logwarden.source.protocol'] ?? 'unknown'), reason: String(reason) });
    }
  }

  /** Write everything queued, then refuse new events. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#queue.length > 0 || this.#writing) {
      await (this.#writing ?? this.#writeNext());
    }
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#writing) return; // the running write picks the queue up when it ends
    if (this.#queuedEvents >= this.#options.batchMaxEvents) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      void this.#writeNext();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        if (!this.#writing) void this.#writeNext();
      }, this.#options.batchMaxDelayMs);
    }
  }

  #writeNext(): Promise<void> {
    const batch = this.#takeBatch();
    if (batch.length === 0) return Promise.resolve();
    this.#writing = this.#writeBatch(batch).finally(() => {
      this.#writing = undefined;
      if (this.#queue.length > 0) this.#schedule();
    });
    return this.#writing;
  }

  /**
   * Whole submissions up to batchMaxEvents (a larger single submission goes alone), all received
   * in the same month: an insert into one partition is one part, written atomically, so a crash
   * never stores half a batch (which would leave a gap in the sequence numbers).
   */
  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Pending;
      if (batch.length > 0 && (size + next.rows.length > this.#options.batchMaxEvents || next.partition !== (batch[0] as Pending).partition)) break;
      batch.push(next);
      size += next.rows.length;
      this.#queue.shift();
    }
    return batch;
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((pending) => pending.rows);
    await this.#untilDone('storage write', rows.length, () => this.#timedInsert(rows));
    if (this.#listeners.length > 0) {
      const events = batch.length === 1 ? (batch[0] as Pending).events : batch.flatMap((pending) => pending.events);
      for (const listener of this.#listeners) listener.stored((batch[0] as Pending).firstSequence, rows.length, events);
    }
    this.#queuedEvents -= rows.length;
    this.#metrics.queueDepth.set(this.#queuedEvents);
    this.#metrics.stored.inc(rows.length);
    for (const pending of batch) pending.done.resolve();
    this.#notifyRoom();
  }

  async #timedInsert(rows: string[]): Promise<void> {
    const stopTimer = this.#metrics.batchSeconds.startTimer();
    await this.#store.insertEncoded(rows);
    stopTimer();
  }

  /** Never drop: a failed step is retried with back-off until it succeeds. */
  async #untilDone(step: string, events: number, work: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await work();
        return;
      } catch (error) {
        this.#metrics.storeErrors.inc();
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] as number;
        this.#logger.error({ err: error, events, attempt, retryInMs: delay }, `${step} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Wake sources waiting for room (after a write, or when the disk has space again). */
  notifyRoom(): void {
    this.#notifyRoom();
  }

  #notifyRoom(): void {
    if (!this.hasRoom() || this.#drainListeners.size === 0) return;
    const listeners = [...this.#drainListeners];
    this.#drainListeners.clear();
    for (const listener of listeners) listener();
  }
}

/**
 * The events table's partition of an event: retention class and UTC month of receipt. A submission
 * shares one receipt time and one retention class (stamped per submission today).
 */
function partitionOf(event: LogEvent | undefined): string {
  const received = new Date(Number(event?.['event.ingested'] ?? 0));
  return `${String(event?.['logwarden.retention_class'] ?? '')} ${received.getUTCFullYear() * 12 + received.getUTCMonth()}`;
}

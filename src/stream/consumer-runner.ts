// Runs one consumer of the stored stream: hands it the next range of stored records, in order,
// whenever there are some (no sooner than its minimum interval), and moves its durable cursor
// after each batch. The pipeline only calls `stored`, which returns at once, so however slow the
// consumer, ingest never waits for it: it lags, and its lag is the metric
// logwarden_consumer_lag_events{consumer=…}. A failed batch is retried with back-off.
import type { Gauge } from 'prom-client';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import type { ConsumerCursors } from './consumer-cursors.ts';
import type { SequenceRange, StoredRecords, StreamConsumer } from './consumer.ts';

export interface RunnerDeps {
  readonly cursors: ConsumerCursors;
  readonly records: StoredRecords;
  readonly lag: Gauge<'consumer'>;
  readonly logger: Logger;
  readonly clock: Clock;
}

const DEFAULT_MAX_BATCH = 10_000;
const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

export class ConsumerRunner {
  readonly #consumer: StreamConsumer;
  readonly #deps: RunnerDeps;
  /** The last sequence number the consumer finished. */
  #cursor: number;
  /** One past the last stored record. */
  #storedEnd: number;
  #lastStart = Number.NEGATIVE_INFINITY;
  #wake: (() => void) | undefined;
  #closed = false;
  #loop: Promise<void> | undefined;

  private constructor(consumer: StreamConsumer, deps: RunnerDeps, cursor: number, storedEnd: number) {
    this.#consumer = consumer;
    this.#deps = deps;
    this.#cursor = cursor;
    this.#storedEnd = storedEnd;
  }

  /** Reads where the consumer stopped and starts handing it what was stored since. */
  static async start(consumer: StreamConsumer, deps: RunnerDeps, lastStored: number): Promise<ConsumerRunner> {
    const cursor = consumer.resumeAfter ? await consumer.resumeAfter() : await deps.cursors.load(consumer.name);
    const runner = new ConsumerRunner(consumer, deps, cursor, lastStored + 1);
    // The interval counts from the start: the ledger signed a checkpoint as it opened.
    runner.#lastStart = deps.clock.now();
    runner.#setLag();
    runner.#loop = runner.#run();
    return runner;
  }

  get name(): string {
    return this.#consumer.name;
  }

  /** The last sequence number the consumer finished. */
  get cursor(): number {
    return this.#cursor;
  }

  /** Records [first, first + count) are stored. Never waits. */
  stored(first: number, count: number): void {
    this.#storedEnd = Math.max(this.#storedEnd, first + count);
    this.#setLag();
    this.#wake?.();
  }

  /** Stops after the batch in hand; a consumer that drains on stop first gets everything stored. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#loop;
    if (!this.#consumer.drainOnStop) return;
    for (let attempt = 0; this.#cursor + 1 < this.#storedEnd; attempt++) {
      if (!(await this.#batch())) await delay(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] as number);
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      if (this.#cursor + 1 >= this.#storedEnd) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      const wait = this.#lastStart + (this.#consumer.minIntervalMs ?? 0) - this.#deps.clock.now();
      if (wait > 0) {
        await this.#sleep(wait);
        continue;
      }
      failures = (await this.#batch()) ? 0 : failures + 1;
      if (failures > 0) await this.#sleep(RETRY_DELAYS_MS[Math.min(failures - 1, RETRY_DELAYS_MS.length - 1)] as number);
    }
  }

  /** One batch from the cursor on; true when it was done and the cursor moved. */
  async #batch(): Promise<boolean> {
    const first = this.#cursor + 1;
    const range: SequenceRange = { first, end: Math.min(this.#storedEnd, first + (this.#consumer.maxBatch ?? DEFAULT_MAX_BATCH)) };
    this.#lastStart = this.#deps.clock.now();
    try {
      await this.#consumer.consume(range, this.#deps.records);
      if (!this.#consumer.resumeAfter) await this.#deps.cursors.save(this.#consumer.name, range.end - 1);
    } catch (error) {
      this.#deps.logger.error({ err: error, consumer: this.#consumer.name, first: range.first, end: range.end }, 'stream consumer failed a batch; retrying it');
      return false;
    }
    this.#cursor = range.end - 1;
    this.#setLag();
    return true;
  }

  /** Sleeps up to `ms`, but wakes early on close. */
  async #sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref(); // a stopping process does not wait for a consumer's pause
    });
    clearTimeout(timer);
    this.#wake = undefined;
  }

  #setLag(): void {
    this.#deps.lag.set({ consumer: this.#consumer.name }, Math.max(0, this.#storedEnd - 1 - this.#cursor));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

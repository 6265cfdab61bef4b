// At most `slots.length` searches run at once, each on a slot of its own (an engine session); a
// bounded number wait in line, first come first served, and any beyond that are refused at once
// with 429 rather than piling up memory and latency for everyone.
import { LogwardenError } from '../errors/codes.ts';

export interface QueueLimits {
  /** Requests that may wait for a slot; more are refused. */
  readonly maxQueued: number;
  /** What a refused client is told to wait before retrying (the Retry-After header). */
  readonly retryAfterSeconds: number;
}

export class QuerySlots<Slot> {
  readonly #free: Slot[];
  readonly #waiting: ((slot: Slot) => void)[] = [];
  readonly #limits: QueueLimits;
  readonly #capacity: number;

  constructor(slots: readonly Slot[], limits: QueueLimits) {
    if (slots.length === 0) throw new RangeError('QuerySlots needs at least one slot');
    this.#free = [...slots];
    this.#capacity = slots.length;
    this.#limits = limits;
  }

  get running(): number {
    return this.#capacity - this.#free.length;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Run `work` on a free slot, waiting in line for one; refuses when the line is full. */
  async run<T>(work: (slot: Slot) => Promise<T>): Promise<T> {
    const slot = await this.#acquire();
    try {
      return await work(slot);
    } finally {
      this.#release(slot);
    }
  }

  #acquire(): Promise<Slot> {
    const free = this.#free.pop();
    if (free !== undefined) return Promise.resolve(free);
    if (this.#waiting.length >= this.#limits.maxQueued) {
      throw new LogwardenError(
        'LW_TOO_MANY_REQUESTS',
        `too many searches at once: ${this.#capacity} running and ${this.#waiting.length} waiting (limits search.maxConcurrent and search.maxQueued); retry after ${this.#limits.retryAfterSeconds} s, or narrow long-running queries`,
        { retryAfterSeconds: this.#limits.retryAfterSeconds },
      );
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(slot: Slot): void {
    const next = this.#waiting.shift();
    if (next) next(slot);
    else this.#free.push(slot);
  }
}

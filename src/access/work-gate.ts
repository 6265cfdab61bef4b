// A bound on expensive work running at once (argon2id: 19 MiB and about 80 ms of a core each), so a
// flood of sign-ins cannot take every core, every thread of libuv's pool (which file writes need
// too) or unbounded memory: at most `running` at once, at most `waiting` queued in order, and past
// that an immediate LW_TOO_MANY_REQUESTS instead of an ever longer queue.
import { LogwardenError } from '../errors/codes.ts';

export class WorkGate {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(maxRunning: number, maxWaiting: number) {
    this.#maxRunning = maxRunning;
    this.#maxWaiting = maxWaiting;
  }

  /** Run `work` when a slot is free; refuse at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#maxRunning) this.#running += 1;
    else if (this.#waiting.length >= this.#maxWaiting) {
      throw new LogwardenError('LW_TOO_MANY_REQUESTS', 'too many password checks at once; retry in a moment', { retryAfterSeconds: 1 });
    } else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the slot is handed over by the one that frees it
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}

// The one source of the current time. Logic takes a Clock rather than calling Date.now(), so tests
// can set the time (retention, expiry, windows, escalation) without waiting for it, and the server
// has one place that says what "now" is.

export interface Clock {
  /** Milliseconds since the Unix epoch, UTC. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests of time-dependent logic. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(epochMs: number): void {
    this.#now = epochMs;
  }
}

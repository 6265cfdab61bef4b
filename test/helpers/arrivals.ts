// What a test receiver (SMTP, webhook) has received, and waiting until enough of it has arrived.
export class Arrivals<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #what: string;

  /** `what`: how a timeout names the receiver and its items, e.g. `smtp receiver: messages`. */
  constructor(what: string) {
    this.#what = what;
  }

  add(item: T): void {
    this.items.push(item);
    for (const wake of this.#waiters) wake();
  }

  /** The first `count` items once that many arrived; rejects after `ms` saying how many came. */
  waitFor(count: number, ms: number): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.items.length < count) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(this.items.slice(0, count));
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`${this.#what}: ${this.items.length} of ${count} after ${ms} ms`));
      }, ms);
      this.#waiters.add(check);
      check();
    });
  }
}

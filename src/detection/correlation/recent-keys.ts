// For windows that end at the group's newest event — every window an in-order arrival can
// complete — the number of distinct values (value_count) or rules (temporal) in it is the number
// of keys last seen at or after the window's start. Keeping each key's last time makes that a
// count over the distinct keys instead of over the window's events. Pure.

export class RecentKeys {
  readonly #last = new Map<string, number>();

  get size(): number {
    return this.#last.size;
  }

  lastTime(key: string): number | undefined {
    return this.#last.get(key);
  }

  note(key: string, time: number): void {
    const last = this.#last.get(key);
    if (last === undefined || time > last) this.#last.set(key, time);
  }

  /** Keys last seen at or after `start`; those last seen before `forgetBefore` can never count again and are forgotten. */
  countSince(start: number, forgetBefore: number): number {
    let count = 0;
    for (const [key, last] of this.#last) {
      if (last >= start) count++;
      else if (last < forgetBefore) this.#last.delete(key);
    }
    return count;
  }

  clear(): void {
    this.#last.clear();
  }
}

// A map that keeps at most `cap` entries, forgetting the one touched longest ago first: how every
// correlation bounds its groups (docs/detection.md, "Correlations": limits). Pure.

export class LruMap<V> {
  readonly #map = new Map<string, V>();
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = cap;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value, now the most recently touched. */
  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  /** Look without touching. */
  peek(key: string): V | undefined {
    return this.#map.get(key);
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    if (this.#map.size >= this.#cap) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, value);
  }

  entries(): IterableIterator<[string, V]> {
    return this.#map.entries();
  }
}

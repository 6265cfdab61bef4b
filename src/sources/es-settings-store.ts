// Index templates, legacy templates and lifecycle policies PUT by Elasticsearch shippers. They have
// no effect on logwarden's storage and are kept in memory only, so that a shipper which checks
// "does my template exist" after putting it is satisfied. Bounded, because any ingest token may PUT:
// each body is at most ES_SETTINGS_MAX_BODY_BYTES, kept as its bytes (parsed again when read), and
// at most ES_SETTINGS_MAX_NAMES names are kept over all three kinds. A PUT of a new name beyond that
// forgets the name written longest ago rather than failing: shippers PUT their few names at start-up,
// and a refusal there would stop them shipping, while a forgotten name is simply PUT again.

export const ES_SETTINGS_MAX_NAMES = 100;
export const ES_SETTINGS_MAX_BODY_BYTES = 1024 * 1024;

export type EsSettingsKind = 'index_template' | 'template' | 'policy';

export class EsSettingsStore {
  readonly #maxNames: number;
  /** In order of last write, oldest first (a Map keeps insertion order). */
  readonly #entries = new Map<string, Buffer>();

  constructor(maxNames = ES_SETTINGS_MAX_NAMES) {
    this.#maxNames = maxNames;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(kind: EsSettingsKind, name: string): boolean {
    return this.#entries.has(key(kind, name));
  }

  /** The body as it was PUT, or undefined. */
  get(kind: EsSettingsKind, name: string): Buffer | undefined {
    return this.#entries.get(key(kind, name));
  }

  /** Keep `body` under `name`, as the most recently written; forget the oldest beyond the cap. */
  set(kind: EsSettingsKind, name: string, body: Buffer): void {
    const entry = key(kind, name);
    this.#entries.delete(entry);
    this.#entries.set(entry, Buffer.from(body)); // a copy: never a view that pins a larger buffer
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxNames) break;
      this.#entries.delete(oldest);
    }
  }
}

function key(kind: EsSettingsKind, name: string): string {
  return `${kind}\u0000${name}`;
}

// The one policy for fields beyond the label limit, for every ingest path that turns a sender's
// fields into labels (JSON, `_bulk`, OTLP). A label is a key/value pair in the event's `labels` map;
// the map is bounded so that one event cannot make a row (and every search over it) arbitrarily
// wide. Past the limit a field is not made a label, and the event is flagged `invalid_field` with
// one detail naming how many fields and the first few: nothing is lost, because the whole input
// stays in `event.original`. Pure.

/** Labels one event may carry; docs/limits.md. */
export const MAX_LABELS = 256;

/** Names of fields beyond the limit quoted in the detail; the count covers the rest. */
const NAMES_QUOTED = 5;

/** Collects an event's labels up to MAX_LABELS and remembers what went beyond. */
export class LabelSet {
  readonly #values: Record<string, string> = {};
  #count = 0;
  readonly #beyond: string[] = [];
  #beyondCount = 0;

  /** Set a label; a field past the limit is counted instead (a name seen before is overwritten). */
  set(name: string, value: string): void {
    const present = Object.hasOwn(this.#values, name);
    if (!present && this.#count >= MAX_LABELS) {
      this.#beyondCount++;
      if (this.#beyond.length < NAMES_QUOTED) this.#beyond.push(name);
      return;
    }
    // defineProperty, not assignment: a field named __proto__ is a label like any other.
    Object.defineProperty(this.#values, name, { value, enumerable: true, writable: true, configurable: true });
    if (!present) this.#count++;
  }

  /** The labels, or undefined when there are none. */
  values(): Record<string, string> | undefined {
    return this.#count === 0 ? undefined : this.#values;
  }

  /** The parse detail for fields beyond the limit, or undefined when every field fitted. */
  problem(): string | undefined {
    if (this.#beyondCount === 0) return undefined;
    const names = this.#beyond.map((name) => JSON.stringify(name)).join(', ');
    const more = this.#beyondCount > this.#beyond.length ? `, and ${this.#beyondCount - this.#beyond.length} more` : '';
    return `${this.#beyondCount} field(s) beyond the limit of ${MAX_LABELS} labels (${names}${more}) not stored as labels; they are only in event.original`;
  }
}

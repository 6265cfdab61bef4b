// The stored records not yet consumed, kept in memory as the pipeline wrote them, so that a
// consumer keeping up with the stream reads its batch without a query (docs/detection.md, "Running
// in the server": reading every column of a batch back from the engine cost six times what
// matching it did, and decoding the JSON rows the pipeline wrote still cost twice the matching).
// A batch is kept from the moment it is stored until the consumer says it is done with it
// (`release`), not for a fixed number of rows: events kept beyond their batch survive the young
// generation's collections and are copied into the old one, which cost more than the matching
// did (docs/benchmarks.md, "Detection end to end"). `maxRows` bounds what a lagging consumer can
// hold; beyond it, and for a range no longer kept (a restart's replay), reads go to the engine.
//
// A read hands out each event as the store holds it (store/row-codec.ts storedView: registry
// fields with a value, as fromRow reads the stored row back). Nearly every event already is that
// view, and then the event itself is handed out, not a copy: events are read-only once submitted
// (the pipeline's StoredBatchListener contract) and the detection engine never writes to one.
import type { StoredBatchListener } from '../ingest/pipeline.ts';
import { isEmptyValue } from '../schema/empty.ts';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { storedView } from '../store/row-codec.ts';
import type { SequenceRange, StoredRecords } from './consumer.ts';

interface Batch {
  readonly first: number;
  readonly events: readonly LogEvent[];
}

export class RecentStoredRecords implements StoredBatchListener {
  readonly #maxRows: number;
  readonly #batches: Batch[] = [];
  #rows = 0;

  /** `maxRows`: the most records kept for a consumer that lags. */
  constructor(maxRows: number) {
    this.#maxRows = maxRows;
  }

  /** How many records are held now. */
  get rows(): number {
    return this.#rows;
  }

  stored(firstSequence: number, count: number, events: readonly LogEvent[]): void {
    if (events.length !== count) return; // a listener call without its events: nothing to keep
    this.#batches.push({ first: firstSequence, events });
    this.#rows += count;
    while (this.#batches.length > 1 && this.#rows - (this.#batches[0] as Batch).events.length >= this.#maxRows) this.#dropOldest();
  }

  /** The consumer finished every record before `end`: the batches wholly before it are let go. */
  release(end: number): void {
    while (this.#batches.length > 0 && (this.#batches[0] as Batch).first + (this.#batches[0] as Batch).events.length <= end) this.#dropOldest();
  }

  /** The records of `range` when every one of them is kept, else undefined. Batches are kept in sequence order. */
  read(range: SequenceRange): LogEvent[] | undefined {
    if (range.end <= range.first) return [];
    const events: LogEvent[] = [];
    let next = range.first;
    for (const batch of this.#batches) {
      if (batch.first + batch.events.length <= next) continue;
      if (batch.first > next) return undefined; // the start of the range is no longer kept
      for (let at = next - batch.first; at < batch.events.length && next < range.end; at++, next++) events.push(asStored(batch.events[at] as LogEvent));
      if (next >= range.end) return events;
    }
    return undefined;
  }

  /** Reads from memory what is kept, from `stored` what is not. */
  over(stored: StoredRecords): StoredRecords {
    return { read: async (range) => this.read(range) ?? stored.read(range) };
  }

  #dropOldest(): void {
    this.#rows -= (this.#batches.shift() as Batch).events.length;
  }
}

/** The event as the store holds it: itself when it has only registry fields with values, else its stored view. */
function asStored(event: LogEvent): LogEvent {
  for (const name in event) {
    const field = fieldByName(name);
    if (field === undefined || isEmptyValue(field, event[name])) return storedView(event);
  }
  return event;
}

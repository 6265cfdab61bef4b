// The last stored records, kept in memory as the pipeline wrote them, so that a consumer keeping up
// with the stream reads its batch without a query (docs/detection.md, "Running in the server":
// reading every column of a batch back from the engine cost six times what matching it did, and
// decoding the JSON rows the pipeline wrote still cost twice the matching). The events themselves
// are kept, and a read hands out their stored view (store/row-codec.ts storedView: the registry
// fields with a value, as fromRow reads the stored row back), a copy, so a consumer never shares
// an object with a submitter. A range not wholly in memory (a consumer lagging beyond what is
// kept, a restart's replay) is read from the engine as before.
import type { StoredBatchListener } from '../ingest/pipeline.ts';
import type { LogEvent } from '../schema/event.ts';
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

  /** `maxRows`: how many of the last stored records are kept. */
  constructor(maxRows: number) {
    this.#maxRows = maxRows;
  }

  stored(firstSequence: number, count: number, events: readonly LogEvent[]): void {
    if (events.length !== count) return; // a listener call without its events: nothing to keep
    this.#batches.push({ first: firstSequence, events });
    this.#rows += count;
    while (this.#batches.length > 1 && this.#rows - (this.#batches[0] as Batch).events.length >= this.#maxRows) this.#rows -= (this.#batches.shift() as Batch).events.length;
  }

  /** The records of `range` when every one of them is kept, else undefined. Batches are kept in sequence order. */
  read(range: SequenceRange): LogEvent[] | undefined {
    if (range.end <= range.first) return [];
    const events: LogEvent[] = [];
    let next = range.first;
    for (const batch of this.#batches) {
      if (batch.first + batch.events.length <= next) continue;
      if (batch.first > next) return undefined; // the start of the range is no longer kept
      for (let at = next - batch.first; at < batch.events.length && next < range.end; at++, next++) events.push(storedView(batch.events[at] as LogEvent));
      if (next >= range.end) return events;
    }
    return undefined;
  }

  /** Reads from memory what is kept, from `stored` what is not. */
  over(stored: StoredRecords): StoredRecords {
    return { read: async (range) => this.read(range) ?? stored.read(range) };
  }
}

// The last stored records, kept in memory as the pipeline wrote them, so that a consumer keeping up
// with the stream reads its batch without a query (docs/detection.md, "Running in the server":
// reading every column of a batch back from the engine cost six times what matching it did). A
// row decodes with the store's row codec (store/row-codec.ts fromEncodedRow: fromRow over the
// columns the row has), which decodes a stored record to exactly the event written; a range not wholly in memory (a consumer lagging
// beyond what is kept, a restart's replay) is read from the engine as before.
import type { StoredBatchListener } from '../ingest/pipeline.ts';
import type { LogEvent } from '../schema/event.ts';
import { fromEncodedRow } from '../store/row-codec.ts';
import type { SequenceRange, StoredRecords } from './consumer.ts';

interface Batch {
  readonly first: number;
  readonly rows: readonly string[];
}

export class RecentStoredRecords implements StoredBatchListener {
  readonly #maxRows: number;
  readonly #batches: Batch[] = [];
  #rows = 0;

  /** `maxRows`: how many of the last stored rows are kept (their memory is about their JSON size). */
  constructor(maxRows: number) {
    this.#maxRows = maxRows;
  }

  stored(firstSequence: number, count: number, rows: readonly string[]): void {
    if (rows.length !== count) return; // a listener call without its rows: nothing to keep
    this.#batches.push({ first: firstSequence, rows });
    this.#rows += count;
    while (this.#batches.length > 1 && this.#rows - (this.#batches[0] as Batch).rows.length >= this.#maxRows) this.#rows -= (this.#batches.shift() as Batch).rows.length;
  }

  /** The records of `range` when every one of them is kept, else undefined. Batches are kept in sequence order. */
  read(range: SequenceRange): LogEvent[] | undefined {
    if (range.end <= range.first) return [];
    const events: LogEvent[] = [];
    let next = range.first;
    for (const batch of this.#batches) {
      if (batch.first + batch.rows.length <= next) continue;
      if (batch.first > next) return undefined; // the start of the range is no longer kept
      for (let at = next - batch.first; at < batch.rows.length && next < range.end; at++, next++) events.push(fromEncodedRow(JSON.parse(batch.rows[at] as string) as Record<string, unknown>));
      if (next >= range.end) return events;
    }
    return undefined;
  }

  /** Reads from memory what is kept, from `stored` what is not. */
  over(stored: StoredRecords): StoredRecords {
    return { read: async (range) => this.read(range) ?? stored.read(range) };
  }
}

// The contract of a consumer of the stored stream: the ledger today; detection, alerting and live
// tail next. A consumer is handed ranges of sequence numbers, in order and without gaps, once the
// records in them are stored, and reads the records it needs itself (by sequence range: the events
// table has a minmax index on event_sequence). Each has a durable cursor, the last sequence number
// it finished, so after a restart it resumes where it stopped. Consumers never slow ingest: the
// pipeline only tells them how far the store got; a slow one lags, and its lag is a metric.
import type { LogEvent } from '../schema/event.ts';

/** Sequence numbers [first, end). */
export interface SequenceRange {
  readonly first: number;
  readonly end: number;
}

/** Reads the node's stored records of a range, in sequence order. */
export interface StoredRecords {
  read(range: SequenceRange): Promise<LogEvent[]>;
}

export interface StreamConsumer {
  /** Stable name: it keys the durable cursor and labels the lag metric. */
  readonly name: string;
  /**
   * Least time between the starts of two batches, for a consumer with a fixed cost per batch (the
   * ledger's hashing round); records stored meanwhile join the next batch. Default 0.
   */
  readonly minIntervalMs?: number;
  /** Most records per batch (default 10,000), bounding what one batch reads into memory. */
  readonly maxBatch?: number;
  /** Before the server stops, consume everything stored (the ledger: the final checkpoint covers it). */
  readonly drainOnStop?: boolean;
  /**
   * For a consumer whose own durable state says how far it got (the ledger: its tree size): the
   * last sequence number it finished, -1 for none. Exactly once by construction. Without it the
   * runner keeps a cursor in `consumer_cursors`, written after each batch: a kill between a batch
   * and its cursor hands that one batch over again, so such a consumer's effects must be
   * idempotent by sequence number (see docs/durability.md).
   */
  resumeAfter?(): Promise<number>;
  /** Handle the records of `range`; a failure is retried (with back-off) with the same range. */
  consume(range: SequenceRange, records: StoredRecords): Promise<void>;
}

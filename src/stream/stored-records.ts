// The node's stored records of a sequence range, for consumers that look at them (detection,
// alerting, live tail). The events table is sorted by time, but its minmax index on
// event_sequence (migration 2) skips every granule outside the range.
import { NODE_RECORDS_CONDITION } from '../ledger/ledger-sql.ts';
import type { LogEvent } from '../schema/event.ts';
import { FIELDS } from '../schema/fields.ts';
import type { SqlEngine } from '../store/engine.ts';
import { fromRow } from '../store/row-codec.ts';
import type { SequenceRange, StoredRecords } from './consumer.ts';

const COLUMN_LIST = FIELDS.map((field) => `\`${field.column}\``).join(', ');

export class EngineStoredRecords implements StoredRecords {
  readonly #engine: SqlEngine;
  readonly #node: string;

  constructor(engine: SqlEngine, node: string) {
    this.#engine = engine;
    this.#node = node;
  }

  async read(range: SequenceRange): Promise<LogEvent[]> {
    if (range.end <= range.first) return [];
    const rows = await this.#engine.query(
      `SELECT ${COLUMN_LIST} FROM events
       WHERE event_sequence >= {lw_lo:UInt64} AND event_sequence < {lw_hi:UInt64} AND ${NODE_RECORDS_CONDITION}
       ORDER BY event_sequence LIMIT 1 BY event_sequence`,
      { lw_lo: range.first, lw_hi: range.end, lw_node: this.#node },
    );
    return rows.map(fromRow);
  }
}

// Durable cursors of the stream's consumers in `consumer_cursors` (migration 7): append-only, one
// row per finished batch, the current cursor of a consumer the row with the latest time (argMax),
// so moving a cursor never updates or deletes a row.
import type { Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';

export class ConsumerCursors {
  readonly #engine: SqlEngine;
  readonly #node: string;
  readonly #clock: Clock;

  constructor(engine: SqlEngine, node: string, clock: Clock) {
    this.#engine = engine;
    this.#node = node;
    this.#clock = clock;
  }

  /** The last sequence number the consumer finished, -1 when it never finished one. */
  async load(consumer: string): Promise<number> {
    // Ties in time (two batches in one millisecond) go to the higher number: cursors move forward.
    const [row] = await this.#engine.query<{ seq: string; n: string }>(
      'SELECT argMax(seq, (at, seq)) AS seq, count() AS n FROM consumer_cursors WHERE node = {lw_node:String} AND consumer = {lw_consumer:String}',
      { lw_node: this.#node, lw_consumer: consumer },
    );
    return Number(row?.n ?? 0) > 0 ? Number(row?.seq) : -1;
  }

  async save(consumer: string, seq: number): Promise<void> {
    await this.#engine.command(
      `INSERT INTO consumer_cursors (node, consumer, seq, at)
       VALUES ({lw_node:String}, {lw_consumer:String}, {lw_seq:Int64}, fromUnixTimestamp64Milli({lw_at:Int64}, 'UTC'))`,
      { lw_node: this.#node, lw_consumer: consumer, lw_seq: seq, lw_at: this.#clock.now() },
    );
  }
}

// The SQL engine under the store: the embedded ClickHouse (chDB) or a ClickHouse server. Both speak
// the same SQL with server-side parameters (`{name:Type}`), so the store above is written once.

export type SqlParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export interface SqlEngine {
  /** Human name for logs and /healthz: `embedded chDB at ./data/clickhouse`, `clickhouse http://…`. */
  readonly description: string;
  /** Run a statement that returns rows; values bound server-side, never pasted into the SQL. */
  query<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row[]>;
  /**
   * Stream a result in ClickHouse's RowBinary format, for bulk reads where JSON parsing would
   * dominate (ledger leaves). Chunks may split a row; see `fixedSizeRecords`.
   */
  queryRowBinary(sql: string, params?: SqlParams): AsyncIterable<Buffer>;
  /** Run a statement that returns nothing (DDL, ALTER). */
  command(sql: string, params?: SqlParams): Promise<void>;
  /** Insert newline-delimited JSON rows (JSONEachRow) whose keys are column names. */
  insertJsonEachRow(table: string, ndjson: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Re-chunk a byte stream into buffers holding whole fixed-size records. */
export async function* fixedSizeRecords(chunks: AsyncIterable<Buffer>, recordSize: number): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % recordSize);
    if (whole > 0) yield bytes.subarray(0, whole);
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (carry.length > 0) throw new Error(`stream ended inside a record (${carry.length} of ${recordSize} bytes)`);
}

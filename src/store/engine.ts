// The SQL engine under the store: the embedded ClickHouse (chDB) or a ClickHouse server. Both speak
// the same SQL with server-side parameters (`{name:Type}`), so the store above is written once.

export type SqlParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export interface SqlEngine {
  /** Human name for logs and /healthz: `embedded chDB at ./data/clickhouse`, `clickhouse http://…`. */
  readonly description: string;
  /** Run a statement that returns rows; values bound server-side, never pasted into the SQL. */
  query<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row[]>;
  /**
   * A whole result in ClickHouse's RowBinary format, for bulk reads where JSON parsing would
   * dominate (ledger leaves). Not streamed: chDB ends a session's stream when another query runs
   * on it, so callers read in bounded windows instead.
   */
  queryRowBinary(sql: string, params?: SqlParams): Promise<Buffer>;
  /** Run a statement that returns nothing (DDL, ALTER). */
  command(sql: string, params?: SqlParams): Promise<void>;
  /** Insert newline-delimited JSON rows (JSONEachRow) whose keys are column names. */
  insertJsonEachRow(table: string, ndjson: Buffer): Promise<void>;
  /**
   * An engine over the same data whose queries never wait behind this one's: searches run on
   * their own, so a slow one holds up neither the ledger's rounds nor other searches. Closed with
   * this engine. A ClickHouse server runs concurrent queries anyway and answers itself.
   */
  isolated(): SqlEngine;
  /**
   * Run `work` with the privileges a table-swapping migration needs beyond the everyday grants
   * (RENAME/EXCHANGE need DROP TABLE on the table renamed away; engine-grants.ts). Absent where the
   * engine's user is not ours to restrict (a ClickHouse server: its operator grants); then call
   * `work` directly.
   */
  withMigrationPrivileges?<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

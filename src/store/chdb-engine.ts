// The embedded engine: ClickHouse as a library (chDB) on a directory under the data dir.
import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import type { SqlEngine, SqlParams } from './engine.ts';

/**
 * A chDB session runs one query at a time, so a long search or the ledger's hashing round would
 * hold up the inserts that acknowledgements wait for. Inserts therefore get a session of their
 * own on the same data directory (`npm run bench`, "insert during a long query": over 1M records
 * about 1,600 ms on the query's session, 5 ms on its own).
 */
export class ChdbEngine implements SqlEngine {
  readonly description: string;
  readonly #session: Session;
  readonly #writer: Session;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.description = `embedded ClickHouse (chDB) at ${directory}`;
    this.#session = new Session(directory);
    this.#writer = new Session(directory);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    const result = await this.#session.queryBindAsync(sql, params, { format: 'JSONEachRow' });
    return parseJsonEachRow<Row>(result.text());
  }

  async queryRowBinary(sql: string, params: SqlParams = {}): Promise<Buffer> {
    const bytes = (await this.#session.queryBindAsync(sql, params, { format: 'RowBinary' })).bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async command(sql: string, params: SqlParams = {}): Promise<void> {
    await this.#session.queryBindAsync(sql, params, { format: 'JSONEachRow' });
  }

  async insertJsonEachRow(table: string, ndjson: Buffer): Promise<void> {
    await this.#writer.insert({ table, values: ndjson, format: 'JSONEachRow' });
  }

  async close(): Promise<void> {
    this.#writer.close();
    this.#session.close();
  }
}

export function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) if (line.length > 0) rows.push(JSON.parse(line) as Row);
  return rows;
}

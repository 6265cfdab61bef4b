// The embedded engine: ClickHouse as a library (chDB) on a directory under the data dir.
import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import type { SqlEngine, SqlParams } from './engine.ts';
import { inlineParams } from './sql-literals.ts';

/**
 * A chDB session runs one query at a time, so a long search or the ledger's hashing round would
 * hold up the inserts that acknowledgements wait for. Inserts therefore get a session of their
 * own on the same data directory (`npm run bench`, "insert during a long query": over 1M records
 * about 1,600 ms on the query's session, 5 ms on its own), and so does each search slot
 * (`isolated()`): sessions on one path run their queries concurrently, and one more costs about
 * 2 MiB of memory and 3 ms to open (measured with chdb 3.4). Concurrently only without
 * server-side parameters, which chdb-node runs one at a time for the whole process: values are
 * written into the statement as typed literals (sql-literals.ts).
 */
export class ChdbEngine implements SqlEngine {
  readonly description: string;
  readonly #directory: string;
  readonly #session: Session;
  /** Absent on an isolated (search) engine, which inserts nothing. */
  readonly #writer: Session | undefined;
  readonly #isolated: ChdbEngine[] = [];
  #closed = false;

  constructor(directory: string, withWriter = true) {
    mkdirSync(directory, { recursive: true });
    this.#directory = directory;
    this.description = `embedded ClickHouse (chDB) at ${directory}`;
    this.#session = new Session(directory);
    this.#writer = withWriter ? new Session(directory) : undefined;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    const result = await this.#session.queryAsync(inlineParams(sql, params), { format: 'JSONEachRow' });
    return parseJsonEachRow<Row>(result.text());
  }

  async queryRowBinary(sql: string, params: SqlParams = {}): Promise<Buffer> {
    const bytes = (await this.#session.queryAsync(inlineParams(sql, params), { format: 'RowBinary' })).bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async command(sql: string, params: SqlParams = {}): Promise<void> {
    await this.#session.queryAsync(inlineParams(sql, params), { format: 'JSONEachRow' });
  }

  async insertJsonEachRow(table: string, ndjson: Buffer): Promise<void> {
    await (this.#writer ?? this.#session).insert({ table, values: ndjson, format: 'JSONEachRow' });
  }

  isolated(): SqlEngine {
    const engine = new ChdbEngine(this.#directory, false);
    this.#isolated.push(engine);
    return engine;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#isolated.map((engine) => engine.close()));
    this.#writer?.close();
    this.#session.close();
  }
}

export function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) if (line.length > 0) rows.push(JSON.parse(line) as Row);
  return rows;
}

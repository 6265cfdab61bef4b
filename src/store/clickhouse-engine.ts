// A ClickHouse server (or cluster front) over HTTP with the official client: the scale-out path.
// The same SQL as the embedded engine; only the connection differs.
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { SqlEngine, SqlParams } from './engine.ts';

export interface ClickHouseServerOptions {
  url: string;
  username: string;
  password: string;
  database: string;
}

export class ClickHouseServerEngine implements SqlEngine {
  readonly description: string;
  readonly #client: ClickHouseClient;

  /** `client` may be given to run this engine over another connection (tests use chDB's). */
  constructor(options: ClickHouseServerOptions, client?: ClickHouseClient) {
    this.description = `ClickHouse server ${new URL(options.url).origin}/${options.database}`;
    this.#client = client ?? createClient({ url: options.url, username: options.username, password: options.password, database: options.database });
  }

  async query<Row = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    const result = await this.#client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
    return result.json<Row>();
  }

  async queryRowBinary(sql: string, params: SqlParams = {}): Promise<Buffer> {
    const result = await this.#client.exec({ query: `${sql} FORMAT RowBinary`, query_params: params });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async command(sql: string, params: SqlParams = {}): Promise<void> {
    await this.#client.command({ query: sql, query_params: params });
  }

  async insertJsonEachRow(table: string, ndjson: Buffer): Promise<void> {
    const result = await this.#client.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from([ndjson]) });
    result.stream.resume(); // nothing to read back; drain so the connection is released
  }

  /** The client's connection pool already runs queries side by side. */
  isolated(): SqlEngine {
    return this;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}

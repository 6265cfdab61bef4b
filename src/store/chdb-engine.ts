// The embedded engine: ClickHouse as a library (chDB) on a directory under the data dir.
import { mkdirSync } from 'node:fs';
import { drainPending, Session } from 'chdb';
import type { SqlEngine, SqlParams } from './engine.ts';
import { profileName, type EnginePrivileges } from './engine-grants.ts';
import { writeEngineConfig } from './engine-grants-file.ts';
import { ReadPool } from './read-pool.ts';
import { inlineParams } from './sql-literals.ts';

/**
 * Sessions for the engine's own reads (read-pool.ts). `npm run bench`, "read pool" (docs/benchmarks.md):
 * a proof's short reads while searches and a ledger hashing round ran took p50 7.2 s on one shared
 * session, 152 ms with 2, no better with 4; each session costs about 2 MiB, and more sessions busy
 * at once compete with inserts for libuv's worker threads.
 */
export const DEFAULT_READ_SESSIONS = 2;

export interface ChdbEngineOptions {
  /**
   * What the engine's user may do (engine-grants.ts). `restricted` unless said otherwise: the server
   * and the CLI never say otherwise; `unrestricted` is for tests that tamper with a store on purpose.
   */
  readonly privileges?: EnginePrivileges;
  /** Sessions that share the reads of this engine (not of its isolated ones); 1: one session for all. */
  readonly readSessions?: number;
}

/** The sessions of one engine: `main` runs commands and is the first reader. */
interface Sessions {
  readonly main: Session;
  /** Absent on an isolated (search) engine, which inserts nothing. */
  readonly writer: Session | undefined;
  readonly readers: ReadPool<Session>;
  readonly all: readonly Session[];
}

interface Shape {
  readonly withWriter: boolean;
  readonly readSessions: number;
}

/**
 * A chDB session runs one query at a time, so a long search or the ledger's hashing round would
 * hold up the inserts that acknowledgements wait for. Inserts therefore get a session of their
 * own on the same data directory (`npm run bench`, "insert during a long query": over 1M records
 * about 1,600 ms on the query's session, 5 ms on its own), and so does each search slot
 * (`isolated()`): sessions on one path run their queries concurrently, and one more costs about
 * 2 MiB of memory and 3 ms to open (measured with chdb 3.4). Concurrently only without
 * server-side parameters, which chdb-node runs one at a time for the whole process: values are
 * written into the statement as typed literals (sql-literals.ts).
 *
 * The grants are the engine's, not a session's: sessions on one path share one embedded server,
 * started with the config of the first session to open and kept until the last one closes. Each
 * engine therefore checks, on opening, that the server runs at its privilege level, and refuses to
 * open otherwise (two levels on one store in one process cannot coexist).
 */
export class ChdbEngine implements SqlEngine {
  readonly description: string;
  readonly #directory: string;
  readonly #shape: Shape;
  #privileges: EnginePrivileges;
  #sessions: Sessions;
  readonly #isolated: ChdbEngine[] = [];
  #closed = false;

  constructor(directory: string, options: ChdbEngineOptions = {}, withWriter = true) {
    mkdirSync(directory, { recursive: true });
    this.#directory = directory;
    this.#shape = { withWriter, readSessions: Math.max(1, Math.floor(options.readSessions ?? DEFAULT_READ_SESSIONS)) };
    this.#privileges = options.privileges ?? 'restricted';
    this.description = `embedded ClickHouse (chDB) at ${directory}`;
    this.#sessions = openSessions(directory, this.#privileges, this.#shape);
  }

  /** The level the engine runs at now (`migration` only inside `withMigrationPrivileges`). */
  get privileges(): EnginePrivileges {
    return this.#privileges;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    const result = await this.#sessions.readers.run((session) => session.queryAsync(inlineParams(sql, params), { format: 'JSONEachRow' }));
    return parseJsonEachRow<Row>(result.text());
  }

  async queryRowBinary(sql: string, params: SqlParams = {}): Promise<Buffer> {
    const result = await this.#sessions.readers.run((session) => session.queryAsync(inlineParams(sql, params), { format: 'RowBinary' }));
    const bytes = result.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async command(sql: string, params: SqlParams = {}): Promise<void> {
    await this.#sessions.main.queryAsync(inlineParams(sql, params), { format: 'JSONEachRow' });
  }

  async insertJsonEachRow(table: string, ndjson: Buffer): Promise<void> {
    await (this.#sessions.writer ?? this.#sessions.main).insert({ table, values: ndjson, format: 'JSONEachRow' });
  }

  isolated(): SqlEngine {
    const engine = new ChdbEngine(this.#directory, { privileges: this.#privileges, readSessions: 1 }, false);
    this.#isolated.push(engine);
    return engine;
  }

  /**
   * Run `work` (a migration that swaps tables) with renames allowed, then return to the everyday
   * grants. The engine restarts twice for it, isolated engines included, so nothing else may be
   * running: migrations run before anything else starts.
   */
  async withMigrationPrivileges<T>(work: () => Promise<T>): Promise<T> {
    if (this.#privileges !== 'restricted') return work(); // `unrestricted` has them already
    await this.#restart('migration');
    try {
      return await work();
    } finally {
      await this.#restart('restricted');
    }
  }

  async #restart(privileges: EnginePrivileges): Promise<void> {
    const engines = [this, ...this.#isolated];
    for (const engine of engines) engine.#closeSessions();
    await drainPending(); // the embedded server stops only once every session is really gone
    for (const engine of engines) {
      engine.#privileges = privileges;
      engine.#sessions = openSessions(engine.#directory, privileges, engine.#shape);
    }
  }

  #closeSessions(): void {
    for (const session of this.#sessions.all) session.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#isolated.map((engine) => engine.close()));
    this.#closeSessions();
  }
}

/** The sessions of `shape`, at `privileges` (checked on the first). */
function openSessions(directory: string, privileges: EnginePrivileges, shape: Shape): Sessions {
  const options = { connectionArgs: [`--config-file=${writeEngineConfig(directory, privileges)}`] };
  const main = new Session(directory, options);
  try {
    assertRunsAt(main, directory, privileges);
  } catch (error) {
    main.close();
    throw error;
  }
  const writer = shape.withWriter ? new Session(directory, options) : undefined;
  const readers = [main, ...Array.from({ length: shape.readSessions - 1 }, () => new Session(directory, options))];
  return {
    main,
    writer,
    readers: new ReadPool(readers),
    all: [...readers, ...(writer ? [writer] : [])],
  };
}

function assertRunsAt(session: Session, directory: string, privileges: EnginePrivileges): void {
  const profiles = session.query('SELECT currentProfiles()', 'TSV').trim();
  if (profiles.includes(`'${profileName(privileges)}'`)) return;
  throw new Error(
    `the embedded engine at ${directory} is already open in this process with other privileges (profiles ${profiles}, expected ${profileName(privileges)}): ` +
      'the engine config is process-wide, so close every engine on this directory before opening it at another level',
  );
}

export function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) if (line.length > 0) rows.push(JSON.parse(line) as Row);
  return rows;
}

// The storage engine and the event store on it, as a component: the engine is opened (and for the
// embedded one its directory created) only at start, once the data dir is locked, so no session
// touches a data dir another server holds; closed after everything that writes or reads stopped.
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { ClickHouseServerEngine } from './clickhouse-engine.ts';
import type { DataDirComponent } from './data-dir-component.ts';
import type { SqlEngine } from './engine.ts';
import { EventStore } from './event-store.ts';

/** The engine the config names: a ClickHouse server, or by default chDB in the data dir. */
export function createEngine(config: Config): SqlEngine {
  const server = config.storage.clickhouse;
  return server ? new ClickHouseServerEngine(server) : new ChdbEngine(path.join(config.dataDir, 'clickhouse'));
}

export class StoreComponent implements Component {
  readonly name = 'store';
  readonly dependencies: readonly string[];
  readonly #config: Config;
  readonly #clock: Clock;
  #opened: { readonly engine: SqlEngine; readonly store: EventStore } | undefined;

  /** After the data dir, also for a remote engine: one server per data dir, and its ledger keys are there. */
  constructor(config: Config, dataDir: DataDirComponent, clock: Clock) {
    this.#config = config;
    this.#clock = clock;
    this.dependencies = [dataDir.name];
  }

  get engine(): SqlEngine {
    return this.#started().engine;
  }

  get store(): EventStore {
    return this.#started().store;
  }

  async start(): Promise<void> {
    const engine = createEngine(this.#config);
    const store = new EventStore(engine, this.#config.search, this.#clock);
    try {
      await store.open({ node: this.#config.node });
    } catch (error) {
      await store.close().catch(() => undefined); // the open's error is the one that matters
      throw error;
    }
    this.#opened = { engine, store };
  }

  async stop(): Promise<void> {
    await this.#opened?.store.close();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }

  #started(): { readonly engine: SqlEngine; readonly store: EventStore } {
    if (!this.#opened) throw new Error('the store is not started');
    return this.#opened;
  }
}

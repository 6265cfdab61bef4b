// The ledger as a component: its keys and transparency file opened, the tree resumed from what is
// stored (hashing what a crash left unhashed), then checkpoints while events flow. It starts before
// the pipeline and stops after it, so its final checkpoint covers everything the pipeline wrote.
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { StoreComponent } from '../store/store-component.ts';
import { openLedgerKeys } from './keys.ts';
import { Ledger } from './ledger.ts';
import { TransparencyFile } from './transparency-file.ts';

export class LedgerComponent implements Component {
  readonly name = 'ledger';
  readonly dependencies: readonly string[];
  readonly #config: Config;
  readonly #store: StoreComponent;
  readonly #logger: Logger;
  readonly #clock: Clock;
  #ledger: Ledger | undefined;

  constructor(config: Config, store: StoreComponent, logger: Logger, clock: Clock) {
    this.#config = config;
    this.#store = store;
    this.#logger = logger;
    this.#clock = clock;
    this.dependencies = [store.name];
  }

  /** The running ledger; only after start. */
  get ledger(): Ledger {
    if (!this.#ledger) throw new Error('the ledger is not started');
    return this.#ledger;
  }

  async start(): Promise<void> {
    const { dataDir, ledger: options } = this.#config;
    const keys = await openLedgerKeys(dataDir);
    const file = await TransparencyFile.open(dataDir);
    const ledger = new Ledger(
      this.#store.engine,
      keys,
      file,
      { node: this.#config.node, clock: this.#clock, checkpointIntervalMs: options.checkpointIntervalMs, idleCheckpointMs: options.idleCheckpointSeconds * 1000 },
      this.#logger,
    );
    await ledger.open(await this.#store.store.lastSequence());
    this.#ledger = ledger;
  }

  /** The final checkpoint: the pipeline, which depends on the ledger, has drained by now. */
  async stop(): Promise<void> {
    await this.#ledger?.close();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }
}

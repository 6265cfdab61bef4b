// The write path as a component: sequence numbering resumed after what is stored, the ledger told of
// each stored batch. It stops by writing everything queued, before the ledger's final checkpoint
// and the store's close (both are its dependencies, so they stop after it).
import type { LedgerComponent } from '../ledger/ledger-component.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { StoreComponent } from '../store/store-component.ts';
import { IngestPipeline, type PipelineOptions } from './pipeline.ts';

export interface PipelineRuntime {
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

export class PipelineComponent implements Component {
  readonly name = 'pipeline';
  readonly dependencies: readonly string[];
  readonly #options: PipelineOptions;
  readonly #store: StoreComponent;
  readonly #ledger: LedgerComponent | undefined;
  readonly #runtime: PipelineRuntime;
  #pipeline: IngestPipeline | undefined;

  /** `ledger`: absent when the ledger is switched off. */
  constructor(options: PipelineOptions, store: StoreComponent, ledger: LedgerComponent | undefined, runtime: PipelineRuntime) {
    this.#options = options;
    this.#store = store;
    this.#ledger = ledger;
    this.#runtime = runtime;
    this.dependencies = ledger ? [store.name, ledger.name] : [store.name];
  }

  /** The running pipeline; only after start. */
  get pipeline(): IngestPipeline {
    if (!this.#pipeline) throw new Error('the pipeline is not started');
    return this.#pipeline;
  }

  async start(): Promise<void> {
    const { metrics, logger, clock } = this.#runtime;
    const pipeline = new IngestPipeline(this.#store.store, this.#options, metrics, logger, clock);
    await pipeline.open();
    if (this.#ledger) pipeline.setStoredBatchListener(this.#ledger.ledger);
    this.#pipeline = pipeline;
  }

  async stop(): Promise<void> {
    await this.#pipeline?.close();
  }

  health(): ComponentHealth {
    const pipeline = this.pipeline;
    return pipeline.hasRoom() || pipeline.readOnly ? HEALTHY : { status: 'degraded', reason: 'the write queue is full: sources are pushed back until the engine catches up' };
  }
}

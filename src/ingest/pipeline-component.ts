// The write path as a component: sequence numbering resumed after what is stored, and the stream
// consumers (src/stream/) told of each stored batch; the ledger is the first of them. It stops by
// writing everything queued, then lets the consumers finish what was stored, before the ledger's
// final checkpoint and the store's close (both are its dependencies, so they stop after it).
import type { LedgerComponent } from '../ledger/ledger-component.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { StoreComponent } from '../store/store-component.ts';
import { StreamConsumers } from '../stream/consumers.ts';
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
  #consumers: StreamConsumers | undefined;

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

  /** The stream's consumers, for parts that register one (detection); only after start. */
  get consumers(): StreamConsumers {
    if (!this.#consumers) throw new Error('the pipeline is not started');
    return this.#consumers;
  }

  async start(): Promise<void> {
    const { metrics, logger, clock } = this.#runtime;
    const pipeline = new IngestPipeline(this.#store.store, this.#options, metrics, logger, clock);
    const lastStored = await pipeline.open();
    const consumers = new StreamConsumers({ engine: this.#store.engine, node: this.#options.node, metrics, logger, clock }, lastStored);
    pipeline.addStoredBatchListener(consumers);
    // The first consumer of the stream; its cursor is its tree size.
    if (this.#ledger) await consumers.register(this.#ledger.ledger);
    this.#pipeline = pipeline;
    this.#consumers = consumers;
  }

  async stop(): Promise<void> {
    await this.#pipeline?.close();
    await this.#consumers?.close(); // the ledger's last round covers everything the pipeline wrote
  }

  health(): ComponentHealth {
    const pipeline = this.pipeline;
    return pipeline.hasRoom() || pipeline.readOnly ? HEALTHY : { status: 'degraded', reason: 'the write queue is full: sources are pushed back until the engine catches up' };
  }
}

// Live tail as a component of the server (docs/api.md, "Live tail"): the hub the tail route
// subscribes clients to, fed by the `tail` consumer of the stored stream. It depends on the
// pipeline (its consumers); the HTTP API depends on it, so every tail's stream ends before it stops.
import type { PipelineComponent } from '../ingest/pipeline-component.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { StoreComponent } from '../store/store-component.ts';
import { RecentStoredRecords } from './recent-stored-records.ts';
import { TailConsumer } from './tail-consumer.ts';
import { TailHub } from './tail-hub.ts';

/** Records kept in memory for the consumer: it keeps up, so it holds little more than one batch. */
const RECENT_ROWS = 20_000;

export class TailComponent implements Component {
  readonly name = 'tail';
  readonly dependencies: readonly string[];
  readonly hub = new TailHub();
  readonly #store: StoreComponent;
  readonly #pipeline: PipelineComponent;

  constructor(store: StoreComponent, pipeline: PipelineComponent) {
    this.#store = store;
    this.#pipeline = pipeline;
    this.dependencies = [pipeline.name];
  }

  async start(): Promise<void> {
    const recent = new RecentStoredRecords(RECENT_ROWS);
    this.#pipeline.pipeline.addStoredBatchListener(recent);
    await this.#pipeline.consumers.register(new TailConsumer(this.hub, recent, this.#store.store));
  }

  async stop(): Promise<void> {
    this.hub.closeAll();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }
}

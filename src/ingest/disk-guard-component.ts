// The disk guard as a component: read-only for ingest below the disk reserve, and back by itself
// (R-STORE-1). It starts before any listener or the HTTP API accepts an event, so the first event
// already meets the check; each change is recorded as a logwarden event.
import type { Config } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { DiskGuard } from './disk-guard.ts';
import type { RecordInternal } from './internal-events.ts';
import type { PipelineComponent } from './pipeline-component.ts';

export class DiskGuardComponent implements Component {
  readonly name = 'disk-guard';
  readonly dependencies: readonly string[];
  readonly #guard: DiskGuard;
  readonly #pipeline: PipelineComponent;
  #readOnlyReason: string | undefined;

  constructor(config: Config, pipeline: PipelineComponent, record: RecordInternal, observability: { readonly metrics: Metrics; readonly logger: Logger }) {
    this.#pipeline = pipeline;
    this.dependencies = [pipeline.name];
    const reserve = config.storage.minFreeDisk;
    this.#guard = new DiskGuard({ directory: config.dataDir, minFreeBytes: reserve, intervalMs: config.storage.diskCheckIntervalMs }, observability.metrics, observability.logger, {
      readOnlyEntered: (free) => {
        this.#readOnlyReason = `free disk space ${free} bytes is below the reserve of ${reserve} bytes: new events are refused until space returns`;
        void record('read-only-entered', this.#readOnlyReason);
      },
      readOnlyLeft: (free) => {
        this.#readOnlyReason = undefined;
        void record('read-only-left', `free disk space ${free} bytes is back above the reserve: accepting events again`);
        pipeline.pipeline.notifyRoom();
      },
    });
  }

  /** Why ingest is refused, or undefined while events are accepted. */
  get readOnlyReason(): string | undefined {
    return this.#guard.readOnly ? this.#readOnlyReason : undefined;
  }

  async start(): Promise<void> {
    this.#pipeline.pipeline.setReadOnlyCheck(() => this.#guard.readOnly);
    await this.#guard.start();
  }

  async stop(): Promise<void> {
    this.#guard.stop();
  }

  health(): ComponentHealth {
    const reason = this.readOnlyReason;
    return reason === undefined ? HEALTHY : { status: 'degraded', reason };
  }
}

// The `alerting` consumer of the stored stream (docs/alerting.md, "Lifecycle"): it reads the
// detections among the stored records of each range and groups them into alerts by rule and group
// key: a detection joins its rule's and group's active alert, or opens a new one.
// SCAFFOLD: filled in by the alert-core work.
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { SequenceRange, StoredRecords, StreamConsumer } from '../stream/consumer.ts';
import type { AlertStore } from './alert-store.ts';

export interface AlertConsumerDeps {
  readonly alerts: AlertStore;
  /** Alerting's own engine session (reads of detections and their evidence's host names). */
  readonly engine: SqlEngine;
  readonly node: string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

export class AlertConsumer implements StreamConsumer {
  readonly name = 'alerting';
  readonly #deps: AlertConsumerDeps;

  constructor(deps: AlertConsumerDeps) {
    this.#deps = deps;
  }

  async consume(range: SequenceRange, records: StoredRecords): Promise<void> {
    void range;
    void records;
    void this.#deps;
  }
}

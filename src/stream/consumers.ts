// The consumers of the stored stream, registered at start: the pipeline tells this list of each
// stored batch, and each consumer's runner hands it on at the consumer's own pace. Adding a
// consumer (detection, alerting, live tail) is one `register` call.
import type { Metrics } from '../observability/metrics.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import { ConsumerCursors } from './consumer-cursors.ts';
import { ConsumerRunner, type RunnerDeps } from './consumer-runner.ts';
import type { StreamConsumer } from './consumer.ts';
import { EngineStoredRecords } from './stored-records.ts';

export interface StreamConsumersDeps {
  readonly engine: SqlEngine;
  /** This node (config.node): cursors and records are the node's. */
  readonly node: string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

export class StreamConsumers {
  readonly #deps: RunnerDeps;
  /** One past the last stored record, so that a consumer registered late starts knowing it. */
  #storedEnd: number;
  readonly #runners: ConsumerRunner[] = [];

  /** `lastStored`: the last sequence number stored when the pipeline opened. */
  constructor(deps: StreamConsumersDeps, lastStored: number) {
    this.#storedEnd = lastStored + 1;
    this.#deps = {
      cursors: new ConsumerCursors(deps.engine, deps.node, deps.clock),
      // Records are read on a session of their own: a consumer's reads never queue behind the ledger's rounds.
      records: new EngineStoredRecords(deps.engine.isolated(), deps.node),
      lag: deps.metrics.consumerLag,
      logger: deps.logger,
      clock: deps.clock,
    };
  }

  /** Starts handing `consumer` what was stored since it last finished; resolves once it runs. */
  async register(consumer: StreamConsumer): Promise<void> {
    if (this.#runners.some((runner) => runner.name === consumer.name)) throw new Error(`a stream consumer named ${consumer.name} is already registered`);
    this.#runners.push(await ConsumerRunner.start(consumer, this.#deps, this.#storedEnd - 1));
  }

  /** The pipeline stored records [first, first + count). Returns at once. */
  stored(first: number, count: number): void {
    this.#storedEnd = Math.max(this.#storedEnd, first + count);
    for (const runner of this.#runners) runner.stored(first, count);
  }

  /** Each consumer's cursor: the last sequence number it finished. */
  cursors(): Record<string, number> {
    return Object.fromEntries(this.#runners.map((runner) => [runner.name, runner.cursor]));
  }

  /** After the pipeline closed: consumers stop, those that drain on stop having finished what was stored. */
  async close(): Promise<void> {
    await Promise.all(this.#runners.map((runner) => runner.close()));
  }
}

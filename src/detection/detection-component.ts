// Detection as a component of the server (docs/detection.md, "Running in the server"): it loads
// the rules (the shipped pack when config detection.pack, each directory of detection.rules, and
// what `rules import` accepted into <dataDir>/rules/imported/), builds the DetectionEngine over
// them and registers the `detection` consumer of the stored stream. It depends on the pipeline:
// detections are stored through it, and the consumer resumes where it stopped once the pipeline
// knows what is stored. It is also the DetectionService the API's rules routes use.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import type { PipelineComponent } from '../ingest/pipeline-component.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { SqlEngine } from '../store/engine.ts';
import type { StoreComponent } from '../store/store-component.ts';
import { RecentStoredRecords } from '../stream/recent-stored-records.ts';
import { DetectionConsumer } from './detection-consumer.ts';
import { DetectionStore } from './detection-store.ts';
import { DetectionEngine } from './engine/engine.ts';
import { SqlDetectionHistory } from './history-sql.ts';
import { loadRuleSet, type RuleSource } from './load.ts';
import { PACK_DIR, PACK_RULESET } from './pack.ts';
import type { RuleSet } from './rule.ts';
import type { DetectionService } from './service.ts';

export const IMPORTED_RULESET = 'imported';
/** Most rows kept in memory for a consumer that lags: two of its largest batches (about 1 KiB each); one that keeps up holds only what it has not consumed yet. */
const RECENT_ROWS = 20_000;

export interface DetectionRuntime {
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The rule directories config names, in the order their rules are listed. */
export function ruleSources(config: Pick<Config, 'detection'>, importDir: string): RuleSource[] {
  return [...(config.detection.pack ? [{ ruleset: PACK_RULESET, dir: PACK_DIR }] : []), ...config.detection.rules.map((dir) => ({ ruleset: dir, dir })), { ruleset: IMPORTED_RULESET, dir: importDir }];
}

export class DetectionComponent implements Component, DetectionService {
  readonly name = 'detection';
  readonly dependencies: readonly string[];
  readonly importDir: string;
  readonly #config: Config;
  readonly #store: StoreComponent;
  readonly #pipeline: PipelineComponent;
  readonly #runtime: DetectionRuntime;
  #ruleSet: RuleSet = { rules: [], skipped: [] };
  #consumer: DetectionConsumer | undefined;
  /** Detection's own engine session: its reads never queue behind searches or the ledger's rounds. */
  #reader: SqlEngine | undefined;

  constructor(config: Config, store: StoreComponent, pipeline: PipelineComponent, runtime: DetectionRuntime) {
    this.#config = config;
    this.#store = store;
    this.#pipeline = pipeline;
    this.#runtime = runtime;
    this.dependencies = [pipeline.name];
    this.importDir = path.join(config.dataDir, 'rules', IMPORTED_RULESET);
  }

  async start(): Promise<void> {
    const { metrics, logger, clock } = this.#runtime;
    await mkdir(this.importDir, { recursive: true, mode: 0o700 });
    const reader = (this.#reader = this.#store.engine.isolated());
    const set = await this.#load();
    const recent = new RecentStoredRecords(RECENT_ROWS);
    this.#pipeline.pipeline.addStoredBatchListener(recent);
    const consumer = new DetectionConsumer(
      () => this.#engineFor(set),
      { store: new DetectionStore(reader, this.#config.node), recent, submit: (events) => this.#pipeline.pipeline.submit(events), metrics, clock, logger },
      { latenessMs: this.#config.detection.latenessSeconds * 1000, tickMs: this.#config.detection.tickSeconds * 1000 },
    );
    await this.#pipeline.consumers.register(consumer);
    consumer.startTicking();
    this.#consumer = consumer;
  }

  async stop(): Promise<void> {
    this.#consumer?.stopTicking();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }

  ruleSet(): RuleSet {
    return this.#ruleSet;
  }

  /** Load every rule directory again; the consumer switches to the new engine before its next batch. */
  async reload(): Promise<RuleSet> {
    const set = await this.#load();
    this.#consumer?.useEngine(() => this.#engineFor(set));
    return this.#ruleSet;
  }

  async #load(): Promise<RuleSet> {
    const { metrics, logger } = this.#runtime;
    const set = await loadRuleSet(ruleSources(this.#config, this.importDir), { placeholders: this.#config.detection.placeholders });
    metrics.rules.reset();
    for (const [ruleset, counts] of countsPerRuleset(set)) {
      metrics.rules.set({ ruleset, state: 'loaded' }, counts.loaded);
      metrics.rules.set({ ruleset, state: 'skipped' }, counts.skipped);
    }
    logger.info({ loaded: set.rules.length, skipped: set.skipped.length }, `detection rules: loaded ${set.rules.length}, skipped ${set.skipped.length} (logwarden rules list shows why)`);
    this.#ruleSet = set;
    return set;
  }

  #engineFor(set: RuleSet): DetectionEngine {
    const { detection, node } = this.#config;
    return new DetectionEngine(set, { latenessMs: detection.latenessSeconds * 1000, maxEvidence: detection.maxEvidence, history: new SqlDetectionHistory(this.#reader ?? this.#store.engine, node) });
  }
}

function countsPerRuleset(set: RuleSet): Map<string, { loaded: number; skipped: number }> {
  const counts = new Map<string, { loaded: number; skipped: number }>();
  const entry = (ruleset: string): { loaded: number; skipped: number } => {
    let found = counts.get(ruleset);
    if (!found) counts.set(ruleset, (found = { loaded: 0, skipped: 0 }));
    return found;
  };
  for (const rule of set.rules) entry(rule.ruleset).loaded++;
  for (const skipped of set.skipped) entry(skipped.ruleset).skipped++;
  return counts;
}

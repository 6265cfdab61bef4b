// Detection on the stored stream (docs/detection.md, "Running in the server"): a StreamConsumer
// named `detection` that reads each stored batch, runs it through the DetectionEngine and stores
// what fires as events, through the pipeline, like logwarden's own events. Exactly once by id:
// a detection's id is deterministic, so before storing, the batch's ids are looked up (an
// in-memory set of recent ids, then one parameterised query) and those stored already are
// dropped — a retried batch, a replay after a restart or a batch handed over twice fires nothing
// twice. A fresh engine (the first batch after a start, or a reload of the rules) is first seeded
// with the detections stored in the span its windows reach back, and that span's stored events
// are replayed through it, so a restart in the middle of a window misses nothing.
import type { Logger } from '../observability/logger.ts';
import type { DetectionMetrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import type { SequenceRange, StoredRecords, StreamConsumer } from '../stream/consumer.ts';
import type { RecentStoredRecords } from '../stream/recent-stored-records.ts';
import { detectionEvent } from './detection-event.ts';
import type { DetectionStore } from './detection-store.ts';
import type { Detection } from './detection.ts';
import type { DetectionEngine } from './engine/engine.ts';

export const DETECTION_CONSUMER = 'detection';
/** Ids of detections stored lately, kept to spare the lookup query for a retried or replayed batch. */
const RECENT_IDS = 10_000;
/** A restart replays at most this many stored records: beyond, windows restart empty (documented). */
export const MAX_REPLAY_RECORDS = 200_000;
const REPLAY_CHUNK = 10_000;

/** A new DetectionEngine over the rules in force, with no state. */
export type EngineFactory = () => DetectionEngine;

export interface DetectionConsumerOptions {
  /** config detection.latenessSeconds, in ms. */
  readonly latenessMs: number;
  /** config detection.tickSeconds, in ms. */
  readonly tickMs: number;
}

export interface DetectionConsumerDeps {
  readonly store: DetectionStore;
  /** The last stored records in memory: a consumer keeping up reads its batches from here, not from the engine. */
  readonly recent?: RecentStoredRecords;
  /** Store events through the pipeline; resolves once they are stored. */
  readonly submit: (events: LogEvent[]) => Promise<void>;
  readonly metrics: DetectionMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class DetectionConsumer implements StreamConsumer {
  readonly name = DETECTION_CONSUMER;
  readonly #deps: DetectionConsumerDeps;
  readonly #options: DetectionConsumerOptions;
  /** Builds an engine over the rules in force. */
  #newEngine: EngineFactory;
  /** The engine in use, once it was brought up to the cursor. */
  #engine: DetectionEngine | undefined;
  /** Set when a fresh engine must take over before the next batch: the first, the rules reloaded, or a batch failed. */
  #fresh = true;
  /** Where the last batch ended, and the records it read from: a tick can bring a fresh engine up to there. */
  #last: { readonly cursor: number; readonly records: StoredRecords } | undefined;
  readonly #recent = new Set<string>();
  /** Batches, ticks and replays run one at a time: the engine is not re-entrant. */
  #serial: Promise<unknown> = Promise.resolve();
  /** The newest event time seen, for counting late events. */
  #newest = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  constructor(newEngine: EngineFactory, deps: DetectionConsumerDeps, options: DetectionConsumerOptions) {
    this.#newEngine = newEngine;
    this.#deps = deps;
    this.#options = options;
  }

  /** The engine detections come from, once a batch brought it up to the cursor. */
  get engine(): DetectionEngine | undefined {
    return this.#engine;
  }

  /** Switch to engines over new rules: a fresh one is brought up to the cursor before the next batch. */
  useEngine(newEngine: EngineFactory): void {
    this.#newEngine = newEngine;
    this.#fresh = true;
  }

  /** Start the wall-clock tick (silence); unref'd, so it never keeps a process alive. */
  startTicking(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.#options.tickMs);
    this.#timer.unref();
  }

  stopTicking(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * A failed batch leaves the engine having seen records whose detections were not stored: fed
   * them again when the runner retries, its windows would count them twice, or stay quiet for a
   * firing that was never stored. So a failure discards it, and the retry starts from a fresh
   * engine caught up to the cursor.
   */
  consume(range: SequenceRange, records: StoredRecords): Promise<void> {
    return this.#exclusive(() =>
      this.#batch(range, records).catch((error: unknown) => {
        this.#fresh = true;
        throw error;
      }),
    );
  }

  async #batch(range: SequenceRange, records: StoredRecords): Promise<void> {
    const engine = await this.#ready(range.first - 1, records);
    const started = performance.now();
    const kept = this.#deps.recent?.read(range);
    const events = kept ?? (await records.read(range));
    const read = performance.now();
    this.#countLate(events);
    const detections = await engine.process(events);
    const processed = performance.now();
    await this.#store(detections, events);
    this.#last = { cursor: range.end - 1, records };
    // Done with these records: let them go now rather than keep them alive through the next collections.
    this.#deps.recent?.release(range.end);
    // Where a batch's time goes (reading back vs matching vs storing): log.level debug shows it.
    this.#deps.logger.debug(
      {
        first: range.first,
        records: events.length,
        fromMemory: kept !== undefined,
        kept: this.#deps.recent?.rows,
        detections: detections.length,
        readMs: Math.round(read - started),
        processMs: Math.round(processed - read),
        storeMs: Math.round(performance.now() - processed),
      },
      'detection batch',
    );
  }

  /**
   * Tell the engine the time (silence is found without an event arriving) and store what it
   * finds. A failure to store discards the engine, as a failed batch does.
   */
  tick(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#last === undefined) return; // no batch yet: nothing to bring an engine up to
      const engine = await this.#ready(this.#last.cursor, this.#last.records);
      await this.#store(engine.tick(this.#deps.clock.now()), []);
    }).catch((error: unknown) => {
      this.#fresh = true;
      this.#deps.logger.error({ err: error }, 'detection tick failed; the next tick tries again');
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(work, work);
    this.#serial = run.catch(() => undefined);
    return run;
  }

  /** The engine to use for records after `cursor`: when a fresh one must take over, it is built and caught up first. */
  async #ready(cursor: number, records: StoredRecords): Promise<DetectionEngine> {
    if (!this.#fresh) return this.#engine as DetectionEngine;
    this.#engine = undefined;
    const engine = this.#newEngine();
    await this.#catchUp(engine, cursor, records);
    // No events, only the time: the anomaly rules load what the store knows (silence learns every stored group).
    await engine.process([], this.#deps.clock.now());
    this.#engine = engine;
    this.#fresh = false;
    return engine;
  }

  /**
   * Seed `engine` with the detections stored within its longest window plus the lateness before
   * where the stream stood at `cursor`, and replay that span's stored records through it; what it
   * finds that is not stored yet is stored (a rule new since those records were seen).
   */
  async #catchUp(engine: DetectionEngine, cursor: number, records: StoredRecords): Promise<void> {
    if (cursor < 0) return;
    const { store, logger } = this.#deps;
    const reach = longestWindowMs(engine) + this.#options.latenessMs;
    const newest = await store.eventTimeAt(cursor, REPLAY_CHUNK);
    if (newest === undefined) return;
    const from = newest - reach;
    // Seeded from one longest window further back: a firing just before the replay's start still quiets the windows inside it.
    engine.seed(await store.priorDetections(from - longestWindowMs(engine)));
    const first = await store.firstSequenceSince(cursor, from, MAX_REPLAY_RECORDS);
    for (let lo = first; lo <= cursor; lo += REPLAY_CHUNK) {
      const events = await records.read({ first: lo, end: Math.min(cursor + 1, lo + REPLAY_CHUNK) });
      this.#newest = Math.max(this.#newest, ...events.map(eventTime));
      await this.#store(await engine.process(events), []);
    }
    logger.info({ from: new Date(from).toISOString(), first, cursor, rules: engine.ruleSet.rules.length }, 'detection engine caught up: stored detections seeded, recent records replayed');
  }

  /** Store the detections not stored yet, and count them; `batch`: the records they came from (latency). */
  async #store(detections: readonly Detection[], batch: readonly LogEvent[]): Promise<void> {
    const fresh = await this.#unstored(detections);
    if (fresh.length === 0) return;
    const { submit, metrics, clock } = this.#deps;
    const now = clock.now();
    await submit(fresh.map((detection) => detectionEvent(detection, now)));
    const stored = clock.now();
    const received = receiptTimes(batch);
    for (const detection of fresh) {
      this.#remember(detection.id);
      metrics.detections.inc({ level: detection.rule.level });
      const trigger = received.get(detection.events.at(-1) ?? -1);
      if (trigger !== undefined) metrics.detectionLatency.observe(Math.max(0, stored - trigger) / 1000);
    }
  }

  /** The detections whose ids are neither among the recent ones nor stored; one each. */
  async #unstored(detections: readonly Detection[]): Promise<Detection[]> {
    const unique = new Map<string, Detection>();
    for (const detection of detections) if (!this.#recent.has(detection.id) && !unique.has(detection.id)) unique.set(detection.id, detection);
    if (unique.size === 0) return [];
    const times = [...unique.values()].map((detection) => detection.time);
    const stored = await this.#deps.store.storedIds([...unique.keys()], { from: Math.min(...times), to: Math.max(...times) });
    for (const id of stored) this.#remember(id);
    return [...unique.values()].filter((detection) => !stored.has(detection.id));
  }

  #remember(id: string): void {
    this.#recent.add(id);
    if (this.#recent.size > RECENT_IDS) this.#recent.delete(this.#recent.values().next().value as string);
  }

  /** Events further behind the newest event time than the lateness allows (the correlator leaves them out of its windows). */
  #countLate(events: readonly LogEvent[]): void {
    let late = 0;
    for (const event of events) {
      if (event['event.kind'] === 'alert') continue;
      const time = eventTime(event);
      if (time < this.#newest - this.#options.latenessMs) late++;
      else if (time > this.#newest) this.#newest = time;
    }
    if (late > 0) this.#deps.metrics.detectionLateEvents.inc(late);
  }
}

function eventTime(event: LogEvent): number {
  const time = event['@timestamp'];
  return typeof time === 'number' ? time : Number.NEGATIVE_INFINITY;
}

/** Sequence number → receipt time (event.ingested) of a batch's records. */
function receiptTimes(batch: readonly LogEvent[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const event of batch) {
    const sequence = event['event.sequence'];
    const ingested = event['event.ingested'];
    if (typeof sequence === 'number' && typeof ingested === 'number') times.set(sequence, ingested);
  }
  return times;
}

/** How far back in event time the engine's correlation windows reach. */
export function longestWindowMs(engine: DetectionEngine): number {
  let longest = 0;
  for (const rule of engine.ruleSet.rules) if (rule.kind === 'correlation') longest = Math.max(longest, rule.timespanMs);
  return longest;
}

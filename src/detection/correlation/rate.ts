// `rate` (logwarden's extension): a group's events per hour (or per the rule's timespan when it
// divides a day) against the same hour of the previous `baselineDays` days, robustly (robust.ts).
// It fires at the event that makes the hour anomalous — observed ≥ minCount and the deviation ≥
// `deviations` — once per group and hour. The hour's count includes what the store held before the
// stream began (a restart mid-hour counts the whole hour); days before the store's first event
// are not part of the baseline, and with fewer than MIN_BASELINE_DAYS of them nothing fires.
import type { LogEvent } from '../../schema/event.ts';
import { detectionId, detectionRuleRef } from '../detection.ts';
import type { CorrelationRule } from '../rule.ts';
import { candidateGroups, firstSeq, historyParts, isAlert } from './anomaly-scope.ts';
import type { PriorDetection } from './correlator.ts';
import { groupKeyOf, keyOfGroup, type GroupKey } from './group-key.ts';
import type { HistoryPart } from './history.ts';
import { LruMap } from './lru.ts';
import { baselineOf, robustDeviation, type Baseline } from './robust.ts';
import { evidencePoint, type Fired, type ObserveResult, type RuleInput, type RuleRunner, type RunnerOptions } from './runner.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const RATE_DEFAULTS = { baselineDays: 7, deviations: 3, minCount: 10 } as const;
/** A baseline needs this many previous days the store covers (or all of baselineDays when fewer). */
export const MIN_BASELINE_DAYS = 3;

interface Bucket {
  readonly group: GroupKey;
  readonly start: number;
  count: number;
  readonly seqs: number[];
  readonly systems: Set<string>;
  fired: boolean;
}

/** What the history says of one group's bucket: events before the stream began, and the baseline days. */
interface Known {
  readonly prior: number;
  readonly baseline: Baseline;
}

export class RateRunner implements RuleRunner {
  readonly rule: CorrelationRule;
  readonly #options: RunnerOptions;
  readonly #parts: HistoryPart[] | undefined;
  readonly #bucketMs: number;
  readonly #params: { readonly baselineDays: number; readonly deviations: number; readonly minCount: number };
  readonly #buckets: LruMap<Bucket>;
  /** Per group and bucket; bounded like the groups (a forgotten one is asked again). */
  readonly #known: LruMap<Known>;
  /** Groups and buckets a stored detection already fired for. */
  readonly #seeded = new Set<string>();
  #streamStart: number | undefined;
  #earliest: number | undefined;

  constructor(rule: CorrelationRule, options: RunnerOptions) {
    this.rule = rule;
    this.#options = options;
    this.#parts = historyParts(rule, options.detectionRules);
    this.#bucketMs = rule.timespanMs > 0 && DAY % rule.timespanMs === 0 ? rule.timespanMs : HOUR;
    const anomaly = rule.anomaly ?? {};
    this.#params = {
      baselineDays: anomaly.baselineDays ?? RATE_DEFAULTS.baselineDays,
      deviations: anomaly.deviations ?? RATE_DEFAULTS.deviations,
      minCount: anomaly.minCount ?? RATE_DEFAULTS.minCount,
    };
    this.#buckets = new LruMap(options.maxGroups);
    this.#known = new LruMap(2 * options.maxGroups);
  }

  async prepare(events: readonly LogEvent[]): Promise<void> {
    const parts = this.#parts;
    const first = firstSeq(events);
    if (parts === undefined || first === undefined) return;
    if (this.#streamStart === undefined) {
      this.#streamStart = first;
      this.#earliest = await this.#options.history.earliest(first);
    }
    const wanted = this.#unknown(parts, events);
    if (wanted.groups.length === 0) return;
    const days = this.#params.baselineDays;
    const query = { parts, beforeSeq: this.#streamStart, groups: wanted.groups, from: wanted.from - days * DAY, to: wanted.to + this.#bucketMs };
    const counts = new Map<string, number>();
    for (const row of await this.#options.history.bucketCounts(query, this.#bucketMs)) counts.set(`${JSON.stringify(row.group)}|${row.bucket}`, row.count);
    for (const key of wanted.keys) this.#known.set(key, this.#knownOf(key, counts));
  }

  observe(event: LogEvent, inputs: readonly RuleInput[]): ObserveResult {
    if (isAlert(event)) return { fired: [], late: false };
    const key = groupKeyOf(this.rule, inputs[0]?.ruleId ?? '', event, inputs[0]?.chained?.group);
    if (key === undefined) return { fired: [], late: false };
    const point = inputs[0]?.chained?.trigger ?? evidencePoint(event);
    const start = Math.floor(point.time / this.#bucketMs) * this.#bucketMs;
    let bucket = this.#buckets.get(key.key);
    if (bucket !== undefined && start < bucket.start) return { fired: [], late: false }; // an hour the group has left
    if (bucket === undefined || start > bucket.start) {
      bucket = { group: key, start, count: 0, seqs: [], systems: new Set(), fired: this.#seeded.has(`${key.key}|${start}`) };
      this.#buckets.set(key.key, bucket);
    }
    bucket.count++;
    if (bucket.seqs.length < this.#options.maxEvidence) bucket.seqs.push(point.seq);
    bucket.systems.add(point.system);
    const fired = this.#check(bucket, point);
    return { fired: fired === undefined ? [] : [fired], late: false };
  }

  seed(prior: PriorDetection): void {
    const key = keyOfGroup(this.rule, prior.group);
    if (key === undefined) return;
    const start = Math.floor(prior.time / this.#bucketMs) * this.#bucketMs;
    this.#seeded.add(`${key.key}|${start}`);
    const bucket = this.#buckets.peek(key.key);
    if (bucket?.start === start) bucket.fired = true;
  }

  #check(bucket: Bucket, point: { time: number; seq: number }): Fired | undefined {
    const known = this.#known.peek(`${bucket.group.key}|${bucket.start}`);
    if (bucket.fired || known === undefined) return undefined;
    const enoughDays = known.baseline.days >= Math.min(MIN_BASELINE_DAYS, this.#params.baselineDays);
    const observed = known.prior + bucket.count;
    const deviation = robustDeviation(observed, known.baseline);
    if (!enoughDays || observed < this.#params.minCount || deviation < this.#params.deviations) return undefined;
    bucket.fired = true;
    const rounded = Math.round(deviation * 100) / 100;
    const groupText = Object.entries(bucket.group.group)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ');
    return {
      trigger: { ...point, system: [...bucket.systems][0] ?? '' },
      detection: {
        id: detectionId(this.rule, String(point.seq)),
        rule: detectionRuleRef(this.rule),
        time: point.time,
        events: [...bucket.seqs].sort((a, b) => a - b),
        systems: [...bucket.systems].sort(),
        group: bucket.group.group,
        why: { kind: 'anomaly', type: 'rate', observed, baseline: known.baseline, deviation: rounded },
        message: `${this.rule.title}: ${observed} events in ${this.#bucketMs / 60_000} min${groupText === '' ? '' : ` for ${groupText}`}, usually ${known.baseline.median} (${rounded} deviations above the median of ${known.baseline.days} days)`,
      },
    };
  }

  /** The group buckets of a batch the history has not been asked about yet. */
  #unknown(parts: readonly HistoryPart[], events: readonly LogEvent[]): { groups: string[][]; keys: string[]; from: number; to: number } {
    const groups: string[][] = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const event of events) {
      const start = Math.floor(Number(event['@timestamp']) / this.#bucketMs) * this.#bucketMs;
      for (const group of candidateGroups(parts, [event])) {
        const key = `${JSON.stringify(group)}|${start}`;
        if (this.#known.peek(key) !== undefined || seen.has(key)) continue;
        seen.add(key);
        keys.push(key);
        groups.push(group);
        from = Math.min(from, start);
        to = Math.max(to, start);
      }
    }
    return { groups, keys, from, to };
  }

  /** The baseline of one group's bucket: the same bucket on each previous day the store covers. */
  #knownOf(key: string, counts: ReadonlyMap<string, number>): Known {
    const bar = key.lastIndexOf('|');
    const group = key.slice(0, bar);
    const start = Number(key.slice(bar + 1));
    const covered = this.#earliest === undefined ? Number.POSITIVE_INFINITY : Math.floor(this.#earliest / this.#bucketMs) * this.#bucketMs;
    const days: number[] = [];
    for (let d = 1; d <= this.#params.baselineDays; d++) {
      const day = start - d * DAY;
      if (day >= covered) days.push(counts.get(`${group}|${day}`) ?? 0);
    }
    return { prior: counts.get(`${group}|${start}`) ?? 0, baseline: baselineOf(days) };
  }
}

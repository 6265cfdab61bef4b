// `silence` (logwarden's extension): a group — a system, a host, a source — that stops sending.
// Heard is receipt time (event.ingested), compared with the wall clock at each tick, so a sender
// whose clock is off is still judged by when its events arrive. It fires once per silence episode,
// when now − last heard passes maxGapMs or, without it, 3 × the group's usual gap from the history
// (at least SILENCE_FLOOR_MS); the episode's id comes from the group and the last sequence heard,
// so a restart finds the same one, and a group that speaks again is re-armed (docs/detection.md).
import type { LogEvent } from '../../schema/event.ts';
import { detectionId, detectionRuleRef } from '../detection.ts';
import type { CorrelationRule } from '../rule.ts';
import { firstSeq, historyParts, isAlert } from './anomaly-scope.ts';
import type { PriorDetection } from './correlator.ts';
import { groupKeyOf, groupKeyText, type GroupKey } from './group-key.ts';
import type { HistoryPart } from './history.ts';
import { LruMap } from './lru.ts';
import { eventSeq, eventSystem, type Fired, type ObserveResult, type RuleInput, type RuleRunner, type RunnerOptions } from './runner.ts';

const MINUTE = 60_000;
export const SILENCE_FLOOR_MS = 5 * MINUTE;
export const USUAL_GAP_FACTOR = 3;
/** How far back the history is asked when each group was last heard and its usual gap. */
export const SILENCE_LOOKBACK_MS = 7 * 24 * 60 * MINUTE;
/** How often (in receipt time) the usual gaps are asked again. */
const REFRESH_MS = 60 * MINUTE;

interface Heard {
  readonly group: GroupKey;
  lastSeen: number;
  lastSeq: number;
  system: string;
  usualGapMs?: number;
  /** The lastSeq whose silence has fired: re-armed when the group is heard again. */
  firedFor?: number;
}

/** Observing never fires (tick does): one shared answer, not one allocated per event. */
const NOTHING_FIRED: ObserveResult = { fired: [], late: false };

export class SilenceRunner implements RuleRunner {
  readonly rule: CorrelationRule;
  readonly #options: RunnerOptions;
  readonly #parts: HistoryPart[] | undefined;
  readonly #groups: LruMap<Heard>;
  readonly #seeded = new Set<string>();
  #refreshedAt: number | undefined;

  constructor(rule: CorrelationRule, options: RunnerOptions) {
    this.rule = rule;
    this.#options = options;
    this.#parts = historyParts(rule, options.detectionRules);
    this.#groups = new LruMap(options.maxGroups);
  }

  /**
   * At the first batch, and hourly after: every group heard before it, with its usual gap. With no
   * events but the wall clock (`now`), every group stored: a restart with nobody sending still
   * knows whom to miss.
   */
  async prepare(events: readonly LogEvent[], now?: number): Promise<void> {
    if (this.#parts === undefined) return;
    const received = events.length > 0 ? events.map(receivedAt) : now === undefined ? [] : [now];
    if (received.length === 0) return;
    const newest = Math.max(...received);
    if (this.#refreshedAt !== undefined && newest - this.#refreshedAt < REFRESH_MS) return;
    this.#refreshedAt = newest;
    const beforeSeq = firstSeq(events) ?? Number.MAX_SAFE_INTEGER;
    const query = { parts: this.#parts, beforeSeq, from: Math.min(...received) - SILENCE_LOOKBACK_MS, to: newest + 1 };
    for (const row of await this.#options.history.lastHeard(query)) {
      const group = keyFromValues(this.rule, row.group);
      const heard = this.#groups.peek(group.key) ?? { group, lastSeen: row.lastSeen, lastSeq: row.lastSeq, system: '' };
      if (row.lastSeen > heard.lastSeen) Object.assign(heard, { lastSeen: row.lastSeen, lastSeq: row.lastSeq });
      if (row.usualGapMs !== undefined) heard.usualGapMs = row.usualGapMs;
      this.#groups.set(group.key, heard);
    }
  }

  observe(event: LogEvent, inputs: readonly RuleInput[]): ObserveResult {
    if (isAlert(event)) return NOTHING_FIRED;
    const input = inputs[0];
    // Every event passes here: a group already heard is found by its key's text alone and updated
    // in place; only a new one has its group built.
    const text = input?.chained === undefined ? groupKeyText(this.rule, input?.ruleId ?? '', event) : groupKeyOf(this.rule, input.ruleId, event, input.chained.group)?.key;
    if (text === undefined) return NOTHING_FIRED;
    const seen = receivedAt(event);
    const heard = this.#groups.get(text);
    if (heard === undefined) {
      const key = groupKeyOf(this.rule, input?.ruleId ?? '', event, input?.chained?.group) as GroupKey;
      this.#groups.set(text, { group: key, lastSeen: seen, lastSeq: eventSeq(event), system: eventSystem(event) });
    } else if (seen >= heard.lastSeen) {
      heard.lastSeen = seen;
      heard.lastSeq = eventSeq(event);
      heard.system = eventSystem(event);
    }
    return NOTHING_FIRED;
  }

  tick(now: number): Fired[] {
    const fired: Fired[] = [];
    for (const [key, heard] of this.#groups.entries()) {
      const limit = this.rule.anomaly?.maxGapMs ?? (heard.usualGapMs === undefined ? undefined : Math.max(USUAL_GAP_FACTOR * heard.usualGapMs, SILENCE_FLOOR_MS));
      if (limit === undefined || now - heard.lastSeen <= limit || heard.firedFor === heard.lastSeq) continue;
      heard.firedFor = heard.lastSeq;
      const one = this.#fired(key, heard, now, limit);
      if (!this.#seeded.has(one.detection.id)) fired.push(one);
    }
    return fired;
  }

  seed(prior: PriorDetection): void {
    this.#seeded.add(prior.id);
  }

  #fired(key: string, heard: Heard, now: number, limit: number): Fired {
    const groupText = Object.entries(heard.group.group)
      .map(([name, v]) => `${name}=${v}`)
      .join(', ');
    const usual = heard.usualGapMs === undefined ? {} : { usualGapMs: heard.usualGapMs };
    const minutes = (ms: number): string => `${Math.round(ms / MINUTE)} min`;
    return {
      trigger: { time: heard.lastSeen + limit, seq: heard.lastSeq, system: heard.system },
      detection: {
        id: detectionId(this.rule, `${key}\n${heard.lastSeq}`),
        rule: detectionRuleRef(this.rule),
        time: heard.lastSeen + limit,
        events: [heard.lastSeq],
        systems: heard.system === '' ? [] : [heard.system],
        group: heard.group.group,
        why: { kind: 'anomaly', type: 'silence', observed: now - heard.lastSeen, lastSeen: heard.lastSeen, ...usual },
        message: `${this.rule.title}: nothing from ${groupText === '' ? 'any source' : groupText} for ${minutes(now - heard.lastSeen)}${heard.usualGapMs === undefined ? '' : ` (usual gap ${minutes(heard.usualGapMs)})`}`,
      },
    };
  }
}

/** Receipt time: event.ingested, or @timestamp when an event lacks it. */
function receivedAt(event: LogEvent): number {
  return Number(event['event.ingested'] ?? event['@timestamp']);
}

function keyFromValues(rule: CorrelationRule, values: readonly string[]): GroupKey {
  const group: Record<string, string> = {};
  rule.groupBy.forEach((name, i) => (group[name] = values[i] ?? ''));
  return { key: JSON.stringify(values), group };
}

// The `alerting` consumer of the stored stream (docs/alerting.md, "Lifecycle"): it reads the
// detections among the stored records of each range and groups them into alerts by rule and group
// key: a detection joins its rule's and group's active alert, or opens a new one. It reads only
// the detection records of a range (one query), and their evidence's receipt times and host names
// (one more), never every column of every event. Its cursor is the runner's, written after each
// batch, so a batch may be handed again after a crash: detections at or before an alert's
// lastSequence are skipped and a new alert's id comes from its first detection, so nothing changes.
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { DETECTION_FIELDS, storedDetection, type StoredDetection } from '../detection/detection-event.ts';
import { NODE_RECORDS_CONDITION } from '../ledger/ledger-sql.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { SqlEngine } from '../store/engine.ts';
import { fromRow } from '../store/row-codec.ts';
import type { SequenceRange, StreamConsumer } from '../stream/consumer.ts';
import { MAX_ALERT_HOSTS, addDetections, type AlertDetection } from './alert-grouping.ts';
import { alertId, alertKey, isActive, type StoredAlert } from './alert-state.ts';
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

/** Who the server's own changes to alerts are by. */
export const ALERTING_ACTOR = 'logwarden';

const column = (name: string): string => `\`${(fieldByName(name) as FieldDef).column}\``;
const DETECTION_COLUMNS = [...DETECTION_FIELDS, 'event.ingested'].map(column).join(', ');
/** Detections logwarden stored itself: an ingested event that calls itself an alert is not one. */
const DETECTIONS = `${column('event.kind')} = 'alert' AND ${column('event.dataset')} = 'logwarden.detection' AND ${column('logwarden.source.protocol')} = 'internal'`;

/** A stored detection and its own receipt. */
interface Received extends StoredDetection {
  readonly received: number;
}

interface Evidence {
  readonly received: number;
  readonly host: string;
}

export class AlertConsumer implements StreamConsumer {
  readonly name = 'alerting';
  readonly #deps: AlertConsumerDeps;

  constructor(deps: AlertConsumerDeps) {
    this.#deps = deps;
  }

  /** The range's detections into alerts; the stored records themselves are not read (see #detections). */
  async consume(range: SequenceRange): Promise<void> {
    const detections = await this.#detections(range);
    if (detections.length === 0) return;
    const evidence = await this.#evidence(detections);
    const groups = new Map<string, AlertDetection[]>();
    for (const detection of detections) {
      const key = alertKey(detection.rule.id, detection.group);
      const group = groups.get(key) ?? [];
      group.push(withEvidence(detection, evidence));
      groups.set(key, group);
    }
    // Keys in the order of their first detection: the sequence order the stream has.
    for (const group of groups.values()) await this.#group(group);
    this.#deps.metrics.alertsActive.set(this.#deps.alerts.active().length);
  }

  /** The detection records of the range, in sequence order. */
  async #detections(range: SequenceRange): Promise<Received[]> {
    const rows = await this.#deps.engine.query(
      `SELECT ${DETECTION_COLUMNS} FROM events
       WHERE event_sequence >= {lw_lo:UInt64} AND event_sequence < {lw_hi:UInt64} AND ${DETECTIONS} AND ${NODE_RECORDS_CONDITION}
       ORDER BY event_sequence`,
      { lw_lo: range.first, lw_hi: range.end, lw_node: this.#deps.node },
    );
    return rows.map((row) => {
      const event = fromRow(row);
      return { ...storedDetection(event), received: Number(event['event.ingested']) };
    });
  }

  /**
   * Receipt and host of the evidence that matters: each detection's trigger (its newest evidence)
   * and the first MAX_ALERT_HOSTS of each, enough for the alert's host list. One query.
   */
  async #evidence(detections: readonly StoredDetection[]): Promise<Map<number, Evidence>> {
    const wanted = new Set<number>();
    for (const detection of detections) {
      for (const sequence of detection.events.slice(0, MAX_ALERT_HOSTS)) wanted.add(sequence);
      const trigger = detection.events.at(-1);
      if (trigger !== undefined) wanted.add(trigger);
    }
    if (wanted.size === 0) return new Map();
    const rows = await this.#deps.engine.query<{ s: string | number; r: string | number; h: string }>(
      `SELECT event_sequence AS s, toUnixTimestamp64Milli(${column('event.ingested')}) AS r, ${column('host.name')} AS h FROM events
       WHERE event_sequence >= {lw_lo:UInt64} AND event_sequence <= {lw_hi:UInt64}
         AND has(arrayMap(s -> toUInt64(s), {lw_seqs:Array(String)}), event_sequence) AND ${NODE_RECORDS_CONDITION}`,
      // The bounds let the sequence index skip the granules; the engine adapter binds string arrays only.
      { lw_lo: Math.min(...wanted), lw_hi: Math.max(...wanted), lw_seqs: [...wanted].map(String), lw_node: this.#deps.node },
    );
    return new Map(rows.map((row) => [Number(row.s), { received: Number(row.r), host: row.h }]));
  }

  /**
   * The detections of one rule and group into alerts: the active alert takes them; without one (or
   * once it is no longer active) a new alert opens with the first of those still to place.
   */
  async #group(detections: readonly AlertDetection[]): Promise<void> {
    let pending = detections;
    while (pending.length > 0) {
      const first = pending[0] as AlertDetection;
      const active = this.#deps.alerts.activeFor(first.rule.id, first.group);
      const stored = active ? await this.#extend(active, pending) : await this.#open(pending);
      const rest = pending.filter((detection) => detection.sequence > stored.state.lastSequence);
      if (rest.length === pending.length && !active) throw new Error(`alert ${stored.id} does not take detection ${first.id}`);
      pending = rest;
    }
  }

  async #extend(active: StoredAlert, detections: readonly AlertDetection[]): Promise<StoredAlert> {
    const now = this.#deps.clock.now();
    // A person may resolve or close it meanwhile: then it takes nothing and a new alert opens.
    return this.#deps.alerts.change(active.id, ALERTING_ACTOR, (current) => (isActive(current.state) ? addDetections(current.state, detections, now) : undefined));
  }

  async #open(detections: readonly AlertDetection[]): Promise<StoredAlert> {
    const first = detections[0] as AlertDetection;
    const id = alertId(first.id);
    const existing = await this.#deps.alerts.get(id);
    if (existing) return existing; // opened before a crash, the batch handed again
    const state = addDetections(undefined, detections, this.#deps.clock.now());
    if (!state) throw new Error('no detections to open an alert with');
    const stored = await this.#deps.alerts.create(id, state, ALERTING_ACTOR);
    this.#deps.metrics.alertsOpened.inc({ level: state.rule.level });
    this.#deps.logger.info({ alert: id, rule: state.rule.id, group: state.group, detections: state.detectionCount }, 'alert opened');
    return stored;
  }
}

function withEvidence(detection: Received, evidence: ReadonlyMap<number, Evidence>): AlertDetection {
  const trigger = detection.events.at(-1);
  const hosts = detection.events
    .slice(0, MAX_ALERT_HOSTS)
    .map((sequence) => evidence.get(sequence)?.host ?? '')
    .filter((host) => host !== '');
  const received = (trigger === undefined ? undefined : evidence.get(trigger)?.received) ?? detection.received;
  return { ...detection, received, hosts };
}

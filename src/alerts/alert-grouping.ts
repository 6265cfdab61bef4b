// Detections into an alert (docs/alerting.md, "Lifecycle"): the first detection of a rule and
// group opens the alert's state, later ones are added to it. The first MAX_DETECTION_IDS ids are
// kept and the rest counted, so a noisy rule cannot grow one alert without bound; all of them are
// the rule's and group's detections between firstSequence and lastSequence. Pure.
import type { StoredDetection } from '../detection/detection-event.ts';
import { MAX_COMMENT_CHARS, MAX_DETECTION_IDS, type AlertState } from './alert-state.ts';

/** The most host names an alert lists. */
export const MAX_ALERT_HOSTS = 20;

/** A stored detection with what the consumer read about its evidence. */
export interface AlertDetection extends StoredDetection {
  /** Receipt (event.ingested) of the evidence event that triggered it, else of the detection itself. */
  readonly received: number;
  /** host.name of its evidence events (those read). */
  readonly hosts: readonly string[];
}

/**
 * The alert after `detections` (of one rule and group, any order): a new state when `current` is
 * undefined, else `current` with those newer than its lastSequence added. Undefined when none is
 * new: a batch handed again after a crash changes nothing.
 */
export function addDetections(current: AlertState | undefined, detections: readonly AlertDetection[], now: number): AlertState | undefined {
  const sorted = [...detections].sort((a, b) => a.sequence - b.sequence);
  let state = current;
  for (const detection of sorted) {
    if (state !== undefined && detection.sequence <= state.lastSequence) continue;
    state = state === undefined ? opened(detection, now) : added(state, detection);
  }
  if (state === current) return undefined;
  // A new alert is transition 1, a creation, however many detections its first batch holds.
  return current === undefined && state !== undefined ? { ...state, change: { ...state.change, kind: 'create' } } : state;
}

function opened(detection: AlertDetection, now: number): AlertState {
  return {
    rule: { ...detection.rule, tags: [...detection.rule.tags] },
    group: { ...detection.group },
    state: 'open',
    detections: [detection.id],
    detectionCount: 1,
    firstSequence: detection.sequence,
    lastSequence: detection.sequence,
    firstSeen: detection.time,
    lastSeen: detection.time,
    firstReceived: detection.received,
    systems: union([], detection.systems),
    hosts: union([], detection.hosts).slice(0, MAX_ALERT_HOSTS),
    message: detection.message,
    why: { ...detection.why },
    openedAt: now,
    comments: [],
    change: { kind: 'create', why: detection.message.slice(0, MAX_COMMENT_CHARS) },
    routes: {},
    suppressedBy: [],
  };
}

function added(state: AlertState, detection: AlertDetection): AlertState {
  return {
    ...state,
    detections: state.detections.length < MAX_DETECTION_IDS ? [...state.detections, detection.id] : state.detections,
    detectionCount: state.detectionCount + 1,
    lastSequence: detection.sequence,
    lastSeen: Math.max(state.lastSeen, detection.time),
    systems: union(state.systems, detection.systems),
    hosts: union(state.hosts, detection.hosts).slice(0, MAX_ALERT_HOSTS),
    message: detection.message,
    why: { ...detection.why },
    change: { kind: 'detections', why: detection.message.slice(0, MAX_COMMENT_CHARS) },
  };
}

/** `base` with the values of `more` it lacks appended, in order. */
function union(base: readonly string[], more: readonly string[]): string[] {
  const seen = new Set(base);
  const out = [...base];
  for (const value of more) {
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

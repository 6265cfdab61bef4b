// A detection as an event (docs/detection.md, "Detections"): stored through the pipeline like
// logwarden's own events (src/ingest/internal-events.ts), so it is in the ledger, searchable with
// the query language, and kept as long as what it cites. `event.kind: alert` keeps it out of the
// engine's own evaluation; `event.id` is its deterministic id, by which a replay finds it stored.
// And the way back: a stored detection's columns → the API's detection object. Pure.
import { logwardenOrigin } from '../ingest/internal-events.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';
import type { LogEvent } from '../schema/event.ts';
import type { Detection, DetectionReason } from './detection.ts';
import { RULE_LEVELS, type RuleLevel } from './rule.ts';

/** What the detections API answers for one stored detection: the detection and its own sequence number. */
export interface StoredDetection extends Detection {
  readonly sequence: number;
}

/**
 * Rule levels as syslog severity words (the words log.level holds for syslog events), so a search
 * on log.level treats detections like other events: a critical rule is `critical`, a high one an
 * `error`, a medium one a `warning`, a low one a `notice`, an informational one `informational`.
 */
export const LOG_LEVEL_OF: Readonly<Record<RuleLevel, string>> = {
  informational: 'informational',
  low: 'notice',
  medium: 'warning',
  high: 'error',
  critical: 'critical',
};

/** ECS event.severity for alerts, as Elastic's detection rules number their four severities. */
const SEVERITY_OF: Readonly<Record<RuleLevel, number>> = { informational: 0, low: 21, medium: 47, high: 73, critical: 99 };

/** The event a detection is stored as. `now`: its receipt (event.ingested). */
export function detectionEvent(detection: Detection, now: number): LogEvent {
  const { rule } = detection;
  return {
    '@timestamp': detection.time,
    'event.ingested': now,
    'event.kind': 'alert',
    'event.id': detection.id,
    // ECS: alerts of a detection engine are intrusion_detection, type info.
    'event.category': ['intrusion_detection'],
    'event.type': ['info'],
    'event.action': 'detection',
    'event.module': 'logwarden',
    'event.dataset': 'logwarden.detection',
    'event.severity': SEVERITY_OF[rule.level],
    'event.original': canonicalJson(plainJson(detection)),
    message: detection.message,
    'log.level': LOG_LEVEL_OF[rule.level],
    'rule.id': rule.id,
    'rule.name': rule.title,
    'rule.version': rule.revision,
    'rule.ruleset': rule.ruleset,
    tags: [...rule.tags],
    'logwarden.detection.level': rule.level,
    'logwarden.detection.events': detection.events.map(String),
    'logwarden.detection.systems': [...detection.systems],
    'logwarden.detection.group': { ...detection.group },
    'logwarden.detection.reason': canonicalJson(plainJson(detection.why)),
    ...logwardenOrigin(),
  };
}

/**
 * The value as JSON sees it: members that are undefined dropped, as JSON.stringify drops them
 * (a reason's `values` may name a field the event lacked), which canonical JSON would refuse.
 */
function plainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** The fields `storedDetection` reads: what a read of stored detections selects. */
export const DETECTION_FIELDS = [
  'event.id',
  'event.sequence',
  '@timestamp',
  'message',
  'rule.id',
  'rule.name',
  'rule.version',
  'rule.ruleset',
  'tags',
  'logwarden.detection.level',
  'logwarden.detection.events',
  'logwarden.detection.systems',
  'logwarden.detection.group',
  'logwarden.detection.reason',
] as const;

/**
 * A stored detection event (as the row codec decodes it; empty values absent) → the detection.
 * Read from its columns, not from event.original, which token redaction may have rewritten.
 */
export function storedDetection(event: LogEvent): StoredDetection {
  return {
    id: text(event['event.id']),
    rule: {
      id: text(event['rule.id']),
      title: text(event['rule.name']),
      level: levelOf(event['logwarden.detection.level']),
      revision: text(event['rule.version']),
      tags: list(event['tags']),
      ruleset: text(event['rule.ruleset']),
    },
    time: Number(event['@timestamp']),
    events: list(event['logwarden.detection.events']).map(Number),
    systems: list(event['logwarden.detection.systems']),
    group: (event['logwarden.detection.group'] as Readonly<Record<string, string>> | undefined) ?? {},
    why: reasonOf(event['logwarden.detection.reason']),
    message: text(event['message']),
    sequence: Number(event['event.sequence']),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function levelOf(value: unknown): RuleLevel {
  return (RULE_LEVELS as readonly unknown[]).includes(value) ? (value as RuleLevel) : 'informational';
}

/** The stored reason; a value that is not a reason (never written by logwarden) reads as an empty match. */
function reasonOf(value: unknown): DetectionReason {
  try {
    const parsed = JSON.parse(text(value)) as DetectionReason | null;
    if (parsed !== null && typeof parsed === 'object' && typeof parsed.kind === 'string') return parsed;
  } catch {
    // fall through
  }
  return { kind: 'match', searches: [], values: {} };
}

// logwarden's own events (R-EVENTS-1: security systems enabled or disabled, use of the log
// management system itself; R-ACCESS-2 later): its start and stop, its read-only state, senders'
// clock-skew episodes and API lockouts are stored like any other event, in the ledger, where the
// shipped rule pack (rules/logwarden/logwarden/) finds them.
import os from 'node:os';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import type { IngestPipeline } from './pipeline.ts';

export type InternalAction =
  | 'logwarden-started'
  | 'logwarden-stopped'
  | 'read-only-entered'
  | 'read-only-left'
  | 'token-created'
  | 'token-revoked'
  | 'clock-skew-detected'
  | 'clock-skew-resolved'
  | 'api-auth-locked-out'
  | 'rules-imported';

/**
 * Store a logwarden event through the pipeline; resolves once stored, or once the failure is
 * logged. `fields` are ECS fields the event is about (the peer's `source.ip` of a lockout).
 */
export type RecordInternal = (action: InternalAction, message: string, fields?: LogEvent) => Promise<void>;

const DETAILS: Readonly<Record<InternalAction, { level: string; type: string; category: string; outcome?: string }>> = {
  'logwarden-started': { level: 'notice', type: 'start', category: 'process' },
  'logwarden-stopped': { level: 'notice', type: 'end', category: 'process' },
  'read-only-entered': { level: 'critical', type: 'change', category: 'host' },
  'read-only-left': { level: 'notice', type: 'change', category: 'host' },
  'token-created': { level: 'notice', type: 'creation', category: 'iam' },
  'token-revoked': { level: 'notice', type: 'deletion', category: 'iam' },
  // A sender's clock or zone is off, and back (R-FIELDS-2; src/systems/clock-skew.ts).
  'clock-skew-detected': { level: 'warning', type: 'change', category: 'host' },
  'clock-skew-resolved': { level: 'notice', type: 'change', category: 'host' },
  // A peer address locked out of the API after a burst of failed authentications (src/http/auth.ts).
  'api-auth-locked-out': { level: 'warning', type: 'denied', category: 'authentication', outcome: 'failure' },
  // Detection rules imported (issue 12, src/api/rule-routes.ts): what the server detects changed.
  'rules-imported': { level: 'notice', type: 'change', category: 'configuration' },
};

/**
 * A recorder of internal events into the pipeline, asked for at each call (it exists once its
 * component started). A failure is logged, never thrown: recording must not break what it records.
 */
export function internalRecorder(pipeline: () => IngestPipeline, clock: Clock, logger: Logger): RecordInternal {
  return async (action, message, fields) => {
    try {
      await pipeline().submit([internalEvent(action, message, clock.now(), fields)]);
    } catch (error) {
      logger.error({ err: error, action }, 'could not record an internal event');
    }
  };
}

export function internalEvent(action: InternalAction, message: string, now: number, fields: LogEvent = {}): LogEvent {
  const details = DETAILS[action];
  return {
    ...fields,
    '@timestamp': now,
    'event.ingested': now,
    'event.original': message,
    message,
    'event.kind': 'event',
    'event.action': action,
    'event.type': [details.type],
    'event.category': [details.category],
    'event.outcome': details.outcome ?? 'success',
    'log.level': details.level,
    ...logwardenOrigin(),
  };
}

/** Who wrote an event logwarden makes itself (its own events, its detections): this process on this host, arrived internally. */
export function logwardenOrigin(): LogEvent {
  return {
    'service.name': 'logwarden',
    'host.name': os.hostname(),
    'process.name': 'logwarden',
    'process.pid': process.pid,
    'logwarden.source.protocol': 'internal',
    'logwarden.source.listener': '',
    'logwarden.source.peer': '',
    'logwarden.source.identity': 'logwarden',
  };
}

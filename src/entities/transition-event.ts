// The logwarden event that records one transition of an entity: submitted to the pipeline before the
// transition's row is stored, so every stored transition is in the ledger (R-TAMPER-1), with its
// whole new state, who made it and when.
import type { LogEvent } from '../schema/event.ts';

export interface TransitionRecord {
  readonly entity: string;
  readonly id: string;
  readonly n: number;
  /** Canonical JSON of the state after the transition. */
  readonly stateJson: string;
  readonly by: string;
  /** Epoch ms. */
  readonly at: number;
}

/** `labels.entity`, `labels.entity_id` and `labels.transition` find the events of one entity. */
export function transitionEvent(record: TransitionRecord): LogEvent {
  const message = `${record.entity} ${record.id} transition ${record.n} by ${record.by}: ${record.stateJson}`;
  return {
    '@timestamp': record.at,
    'event.ingested': record.at,
    'event.original': message,
    message,
    'event.kind': 'event',
    'event.action': `${record.entity}-transition`,
    'event.type': record.n === 1 ? 'creation' : 'change',
    'event.category': 'configuration',
    'event.outcome': 'success',
    'log.level': 'notice',
    'service.name': 'logwarden',
    'process.name': 'logwarden',
    'user.name': record.by,
    labels: { entity: record.entity, entity_id: record.id, transition: String(record.n) },
    'logwarden.source.protocol': 'internal',
    'logwarden.source.listener': '',
    'logwarden.source.peer': '',
    'logwarden.source.identity': 'logwarden',
  };
}

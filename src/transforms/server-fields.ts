// Fields only the server sets: the information system an event belongs to, its retention class
// and the node that stored it. Stamped on every event in the pipeline at submit, whatever the
// source, so no sender can choose them (retention, scopes and per-node sequence numbers hang off
// them). A sender's own value for one is not dropped silently: it is kept as a label of the same
// name (`labels.logwarden.system`), next to what the sender sent in event.original. Pure.
import type { LogEvent } from '../schema/event.ts';

/** The system of an event no inventory entry matches. */
export const UNASSIGNED_SYSTEM = 'unassigned';
/** The one retention class until retention policies exist. */
export const STANDARD_RETENTION = 'standard';

export interface ServerFieldValues {
  /** config `node`. */
  readonly node: string;
  /** The system the inventory placed the event in (src/systems/inventory.ts). */
  readonly system: string;
}

/** Set the server-owned fields in place, keeping any different value the event carried as a label. */
export function stampServerFields(event: LogEvent, values: ServerFieldValues): void {
  stamp(event, 'logwarden.system', values.system);
  stamp(event, 'logwarden.retention_class', STANDARD_RETENTION);
  stamp(event, 'logwarden.node', values.node);
}

function stamp(event: LogEvent, name: string, value: string): void {
  const claimed = event[name];
  if (claimed !== undefined && claimed !== '' && claimed !== value) {
    const labels = { ...((event['labels'] as Record<string, string> | undefined) ?? {}) };
    labels[name] ??= typeof claimed === 'string' ? claimed : JSON.stringify(claimed);
    event['labels'] = labels;
  }
  event[name] = value;
}

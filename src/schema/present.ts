// How an event leaves the API: ECS dotted names, times in the policy's form
// `YYYY-MM-DDTHH:mm:ss.SSSZ` (R-FIELDS-1), absent fields omitted.
import { formatTimestamp, type LogEvent } from './event.ts';
import { fieldByName } from './fields.ts';

export type PublicEvent = Record<string, string | number | boolean | readonly string[] | Readonly<Record<string, string>>>;

export function presentEvent(event: LogEvent): PublicEvent {
  const out: PublicEvent = {};
  for (const [name, value] of Object.entries(event)) {
    if (value === undefined) continue;
    out[name] = fieldByName(name)?.kind === 'time' && typeof value === 'number' ? formatTimestamp(value) : value;
  }
  return out;
}

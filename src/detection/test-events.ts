// The events `rules test` runs a rule on, made from what a user has at hand: NDJSON as the HTTP
// NDJSON ingest takes it, or raw log lines (syslog, as a sender writes them). Each line goes
// through the same normaliser and parsers (src/transforms/, src/parsers/) the server's ingest
// runs, so a rule is tested on the fields it will see in production. Events are numbered from 1 in
// input order (`event.sequence`), so an answer's sequence numbers are line numbers.
import { MAX_TEST_EVENTS } from '../contracts/rules.ts';
import { LogwardenError } from '../errors/codes.ts';
import { recognise } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { decodeJsonLine } from '../sources/json-events.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { UNASSIGNED_SYSTEM } from '../transforms/server-fields.ts';

const SOURCE: SourceIdentity = { protocol: 'rules-test', listener: '', peer: '', identity: '' };

export interface TestEventOptions {
  /** When the lines are taken to have arrived (epoch ms): a line without a time gets this one. */
  readonly receivedAt: number;
  /** As ingest.maxEventBytes: a longer line is cut and flagged, as on ingest. */
  readonly maxEventBytes: number;
}

/** One line: a JSON object (NDJSON) when it starts with `{`, else a syslog line. */
export function testEvent(line: string, sequence: number, options: TestEventOptions): LogEvent {
  const bytes = Buffer.from(line);
  const event = line.trimStart().startsWith('{')
    ? decodeJsonLine(bytes, { source: SOURCE, receivedAt: options.receivedAt, maxEventBytes: options.maxEventBytes }).event
    : normaliseSyslog({ bytes: bytes.subarray(0, options.maxEventBytes), truncated: bytes.length > options.maxEventBytes }, { source: SOURCE, receivedAt: options.receivedAt, defaultTimezone: 'UTC' })
        .event;
  recognise(event, PARSER_TABLE);
  event['event.sequence'] = sequence;
  event['logwarden.system'] ??= UNASSIGNED_SYSTEM;
  return event;
}

/** Every non-empty line of `text`, numbered by its line. */
export function testEvents(text: string, options: TestEventOptions): LogEvent[] {
  const events: LogEvent[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() !== '') events.push(testEvent(line, index + 1, options));
  });
  return checkedCount(events);
}

/** Events given as JSON values (an API body's array): each as the NDJSON line it would be. */
export function testEventsOfDocuments(documents: readonly unknown[], options: TestEventOptions): LogEvent[] {
  checkedCount(documents);
  return documents.map((document, index) => testEvent(typeof document === 'string' ? document : JSON.stringify(document), index + 1, options));
}

function checkedCount<T>(items: readonly T[]): readonly T[] & T[] {
  if (items.length > MAX_TEST_EVENTS) throw new LogwardenError('LW_BAD_REQUEST', `${items.length} events; a rule test takes at most ${MAX_TEST_EVENTS} (hunt over stored events for more)`);
  return items as T[];
}

// Scenario logs for the shipped pack (src/detection/scenarios.test.ts): real-format syslog lines in
// test/fixtures/detection/*.log (and JSON documents as shippers post them, *.ndjson) turned into
// stored events the way ingest makes them — the syslog or JSON normaliser, then the preparation
// the server runs (parsers, systems inventory, clock check: src/ingest/prepare.ts) — and numbered
// like the store numbers them. An event's sequence number is its line number in the file, so a
// scenario's expected evidence can be read off the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { configSchema } from '../config/schema.ts';
import { internalEvent, type InternalAction } from '../ingest/internal-events.ts';
import { configuredPreparation, LOGWARDEN_SYSTEM } from '../ingest/prepare.ts';
import { createMetrics } from '../observability/metrics.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';

export const SCENARIO_DIR = new URL('../../test/fixtures/detection/', import.meta.url);

/** The scenario logs are of March 2026; a BSD syslog line has no year, the end of the month supplies it. */
const RECEIVED_AT = Date.UTC(2026, 2, 31, 0, 0, 0);

/** What the senders' syslog arrives over. */
const SOURCE = { protocol: 'syslog-tcp', listener: '0.0.0.0:6514', peer: '192.0.2.250:40000', identity: '' };
/** What a shipper's JSON documents (Winlogbeat's) arrive over. */
const HTTP_SOURCE = { protocol: 'http', listener: '0.0.0.0:8080', peer: '192.0.2.251:40000', identity: 'winlogbeat' };

/** The systems inventory of the scenarios: the web server, the database and the edge firewall. */
export const SCENARIO_SYSTEMS = [
  { name: 'web', owner: 'web team', match: { host: ['web*'] } },
  { name: 'db', owner: 'data team', match: { host: ['db*'] } },
  { name: 'edge', owner: 'network team', match: { host: ['fw*'] } },
  { name: 'ad', owner: 'identity team', match: { host: ['dc*'] } },
];

/** A scenario's file: NAME.log (syslog lines) or NAME.ndjson (JSON documents). */
function scenarioFile(name: string): { readonly lines: string[]; readonly json: boolean } {
  for (const [extension, json] of [['log', false] as const, ['ndjson', true] as const]) {
    const url = new URL(`${name}.${extension}`, SCENARIO_DIR);
    if (existsSync(url))
      return {
        lines: readFileSync(url, 'utf8')
          .split('\n')
          .filter((text) => text !== ''),
        json,
      };
  }
  throw new Error(`no scenario ${name} in ${SCENARIO_DIR.pathname}`);
}

/** Every scenario's name: the files in test/fixtures/detection/. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR).flatMap((file) => {
    const match = /^(.+)\.(log|ndjson)$/.exec(file);
    return match ? [match[1] as string] : [];
  });
}

/** One line as the normaliser of its transport makes it. */
function normalised(text: string, json: boolean): LogEvent {
  if (json) return normaliseJson(JSON.parse(text), text, { source: HTTP_SOURCE, receivedAt: RECEIVED_AT }).event;
  return normaliseSyslog({ bytes: Buffer.from(text), truncated: false }, { source: SOURCE, receivedAt: RECEIVED_AT }).event;
}

/**
 * The stored events of a scenario, in sequence order. Each was received a second after its own
 * timestamp (a sender whose clock is right), so the clock check flags none of them.
 */
export function scenarioEvents(name: string): LogEvent[] {
  const config = configSchema.parse({ systems: SCENARIO_SYSTEMS });
  const preparation = configuredPreparation(config, { metrics: createMetrics(), clock: new ManualClock(RECEIVED_AT), record: async () => {} });
  const { lines, json } = scenarioFile(name);
  return lines.map((text, index) => {
    const event = normalised(text, json);
    event['event.ingested'] = Number(event['@timestamp']) + 1000;
    event['logwarden.system'] = preparation.prepare(event);
    event['event.sequence'] = index + 1;
    return event;
  });
}

/** One of logwarden's own events (src/ingest/internal-events.ts) as it is stored: system `logwarden`. */
export function internalScenarioEvent(action: InternalAction, message: string, at: number, sequence: number, fields?: LogEvent): LogEvent {
  return { ...internalEvent(action, message, at, fields), 'logwarden.system': LOGWARDEN_SYSTEM, 'event.sequence': sequence };
}

// Every parser's fixtures through the real path an event takes: the syslog or JSON normaliser,
// then the parser table (R-EVENTS-1, R-FIELDS-1). A matching fixture must be claimed by the parser
// and rule it names and give every field it expects; a non-matching one must leave the event
// exactly as normalised. No fixture may change event.original.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { ALL_FIXTURES } from './all-fixtures.fixtures.ts';
import type { FixtureInput } from './fixture.ts';
import { recognise } from './recognise.ts';
import { PARSER_TABLE } from './table.ts';

const SOURCE = { protocol: 'syslog-udp', listener: '127.0.0.1:5514', peer: '127.0.0.1:40000', identity: '' };
const RECEIVED_AT = Date.UTC(2026, 2, 7, 12, 0, 0);

/** The event a fixture's input becomes before any parser runs. */
export function normalisedFixture(input: FixtureInput): LogEvent {
  if (input.syslog !== undefined) return normaliseSyslog({ bytes: Buffer.from(input.syslog), truncated: false }, { source: SOURCE, receivedAt: RECEIVED_AT }).event;
  return normaliseJson(input.json, JSON.stringify(input.json), { source: { ...SOURCE, protocol: 'http' }, receivedAt: RECEIVED_AT }).event;
}

for (const [file, fixtures] of ALL_FIXTURES) {
  for (const fixture of fixtures.matching) {
    test(`${file}: ${fixture.name}`, () => {
      const event = normalisedFixture(fixture);
      const original = event['event.original'];
      const recognition = recognise(event, PARSER_TABLE);
      assert.ok(recognition, `no parser recognised ${JSON.stringify(fixture.syslog ?? fixture.json)}`);
      assert.deepEqual([recognition.parser, recognition.rule], [fixture.parser, fixture.rule]);
      assert.deepEqual(recognition.problems, [], 'a matching fixture is read without problems');
      for (const [name, value] of Object.entries(fixture.expect)) assert.deepEqual(event[name], value, `${name} of ${fixture.name}`);
      assert.equal(event['event.original'], original);
    });
  }
  for (const fixture of fixtures.nonMatching) {
    test(`${file}: not claimed: ${fixture.name}`, () => {
      const event = normalisedFixture(fixture);
      const before = structuredClone(event);
      const recognition = recognise(event, PARSER_TABLE);
      assert.equal(recognition, undefined, `${recognition?.parser} (${recognition?.rule}) claimed it, but ${fixture.why}`);
      assert.deepEqual(event, before);
    });
  }
}

test('every parser file has fixtures of both kinds once it has parsers', async () => {
  for (const [file, fixtures] of ALL_FIXTURES) {
    const module = (await import(`./${file}.ts`)) as Record<string, readonly unknown[]>;
    const parsers = Object.values(module).flat();
    if (parsers.length === 0) continue;
    assert.ok(fixtures.matching.length > 0 && fixtures.nonMatching.length > 0, `${file}.fixtures.ts needs matching and non-matching lines`);
  }
});

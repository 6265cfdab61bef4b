import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ALL_FIXTURES } from '../parsers/all-fixtures.fixtures.ts';
import { recognise } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import type { FieldValue, LogEvent } from '../schema/event.ts';
import { FIELDS, type FieldDef } from '../schema/fields.ts';
import { fitColumns } from '../transforms/fit-columns.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { encodeRow, toRow } from './row-codec.ts';

// encodeRow writes the engine's rows as one string (the write path's hot loop); the rows the engine
// parses, and so what reads back and what the ledger hashes (R-TAMPER-1), must be exactly the
// JSONEachRow text of toRow's row object, key order included.

const SOURCE = { protocol: 'syslog-tcp', listener: 'test', peer: '192.0.2.1', identity: '' };

/** Any string, lone surrogates, quotes, backslashes and control characters included. */
const hostileText = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('', '"', '\\', '\u2028', '\ud800', 'a\u0000b', '0', 'lw_'));

function valueFor(field: FieldDef): fc.Arbitrary<FieldValue | undefined> {
  if (field.array) return fc.array(hostileText, { maxLength: 3 });
  switch (field.kind) {
    case 'time':
      return fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2299, 11, 31) });
    case 'int':
      return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 65_535 }), fc.maxSafeNat());
    case 'bool':
      return fc.boolean();
    case 'map':
      return fc.dictionary(hostileText, hostileText, { maxKeys: 3 });
    default:
      return fc.oneof(hostileText, fc.constant(undefined));
  }
}

/** Events of registry fields in any order and number, and names the registry does not know. */
const anyEvent: fc.Arbitrary<LogEvent> = fc.tuple(fc.shuffledSubarray(FIELDS as FieldDef[]), fc.array(fc.tuple(hostileText, hostileText), { maxLength: 2 })).chain(([fields, unknown]) =>
  fc.tuple(...fields.map((field) => valueFor(field).map((value) => [field.name, value] as const))).map((pairs) => {
    const event: LogEvent = {};
    for (const [name, value] of [...pairs, ...unknown]) event[name] = value;
    return event;
  }),
);

test('R-TAMPER-1: encodeRow is byte for byte the JSON text of toRow, for any event (property)', () => {
  fc.assert(
    fc.property(anyEvent, (event) => {
      assert.equal(encodeRow(event), JSON.stringify(toRow(event)));
    }),
    { numRuns: 300 },
  );
});

test('R-TAMPER-1: encodeRow matches toRow on every syslog fixture, recognised and fitted as the pipeline does', () => {
  let checked = 0;
  for (const [, set] of ALL_FIXTURES) {
    for (const fixture of [...set.matching, ...set.nonMatching]) {
      if (fixture.syslog === undefined) continue;
      const { event } = normaliseSyslog({ bytes: Buffer.from(fixture.syslog), truncated: false }, { source: SOURCE, receivedAt: Date.UTC(2026, 2, 7, 12) });
      recognise(event, PARSER_TABLE);
      fitColumns(event, Date.UTC(2026, 2, 7, 12));
      assert.equal(encodeRow(event), JSON.stringify(toRow(event)), fixture.syslog);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} fixtures checked`);
});

test('encodeRow of an event with no stored value is an empty row', () => {
  assert.equal(encodeRow({ 'not.a.field': 'x', message: '' }), '{}');
});

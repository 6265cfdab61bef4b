// The ledger leaf computed in the engine (leaf-sql.ts, used by the server and `verify`) must equal
// the leaf computed in JavaScript (leaf.ts, used by `verify-proof` and third parties) for every
// record, and every record must read back exactly as written. Fuzzed records, real engine.
// R-TAMPER-2.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import { FIELDS, type FieldDef } from '../schema/fields.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { compactEvent } from '../schema/empty.ts';
import { fitColumns } from '../transforms/fit-columns.ts';
import { CANONICAL_RECORD_SQL, LEAF_HASH_SQL, LEAF_SQL_WITH, leafSql } from './leaf-sql.ts';
import { canonicalRecord, eventLeafHash } from './leaf.ts';
import { parsedQuery } from '../query/filter.ts';
import { ALL_SYSTEMS } from '../query/scope.ts';

let dir: string;
let engine: ChdbEngine;
let store: EventStore;
let nextSequence = 0;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-leaf-'));
  engine = new ChdbEngine(dir);
  store = new EventStore(engine);
  await store.open();
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const awkwardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }), // any code point, astral included
  fc.string({ unit: fc.integer({ min: 0, max: 0x3f }).map((c) => String.fromCharCode(c)), maxLength: 8 }), // control characters, / \ "
  fc.constantFrom('\u2028', '\u2029', '\ud800', 'a\udfffb', '\\u000B', '</script>', ''),
  fc.string({ maxLength: 20 }),
);

function valueFor(field: FieldDef): fc.Arbitrary<unknown> {
  if (field.array) return fc.oneof(fc.array(awkwardText, { maxLength: 3 }), awkwardText); // a list, or one value (fitted to a list)
  switch (field.kind) {
    case 'time':
      return fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2350, 0, 1) });
    case 'int':
      return fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.integer());
    case 'bool':
      return fc.boolean();
    case 'map':
      return fc.dictionary(awkwardText, awkwardText, { maxKeys: 4 });
    default:
      return awkwardText;
  }
}

const eventArbitrary: fc.Arbitrary<LogEvent> = fc.record(Object.fromEntries(FIELDS.filter((f) => f.name !== 'event.sequence').map((f) => [f.name, valueFor(f)])), {
  requiredKeys: ['event.ingested'],
}) as fc.Arbitrary<LogEvent>;

async function storeAndCompare(events: LogEvent[]): Promise<void> {
  const first = nextSequence;
  for (const event of events) {
    fitColumns(event, Date.now());
    event['event.sequence'] = nextSequence++;
  }
  await store.insert(events);
  const v1 = leafSql(1);
  const rows = await engine.query<{ seq: string; canonical: string; leaf: string; canonical1: string; leaf1: string }>(
    `${LEAF_SQL_WITH} SELECT event_sequence AS seq, ${CANONICAL_RECORD_SQL} AS canonical, hex(${LEAF_HASH_SQL}) AS leaf,
       ${v1.canonicalRecord} AS canonical1, hex(${v1.leafHash}) AS leaf1 FROM events
     WHERE event_sequence >= {a:UInt64} ORDER BY event_sequence`,
    { a: first },
  );
  assert.equal(rows.length, events.length);
  for (const [index, event] of events.entries()) {
    const row = rows[index] as { canonical: string; leaf: string; canonical1: string; leaf1: string };
    assert.equal(row.canonical, canonicalRecord(event), `canonical JSON of record ${String(event['event.sequence'])}`);
    assert.equal(row.leaf.toLowerCase(), Buffer.from(eventLeafHash(event)).toString('hex'));
    // Leaf format 1 (lists as the strings they were), in which records stored before migration 6 stay.
    assert.equal(row.canonical1, canonicalRecord(event, 1), `format-1 canonical JSON of record ${String(event['event.sequence'])}`);
    assert.equal(row.leaf1.toLowerCase(), Buffer.from(eventLeafHash(event, 1)).toString('hex'));
  }
  const readBack = await store.search({ query: parsedQuery(`event.sequence:>=${first}`), scope: ALL_SYSTEMS, limit: events.length, ascending: true });
  const bySequence = new Map(readBack.map((event) => [event['event.sequence'], event]));
  for (const event of events) assert.deepEqual(bySequence.get(event['event.sequence']), compactEvent(event), 'reads back as written');
}

test('engine and JavaScript agree on every fuzzed record, and records read back exactly', async () => {
  await fc.assert(fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 10 }), storeAndCompare), { numRuns: 40 });
});

test('each way the engine writes a string matches JavaScript', async () => {
  // leaf-sql.ts takes one of four paths per string: plain quoting, toJSONString with '\\/' undone,
  // toJSONString on a LowCardinality column's dictionary, and the exact per-character rebuild of a
  // record whose text holds '\\u'. Each case below takes a known one, in plain and LowCardinality
  // columns (message is String, host.name is LowCardinality) and in map keys and values.
  const texts = ['plain text', 'say "hi" to /var/log', 'a\\/b', 'C:\\users\\x', 'tab\there\u0001', 'line\u2028sep', '</script>', 'ü/€/𝄞'];
  const events: LogEvent[] = texts.map((text) => ({ 'event.ingested': Date.UTC(2026, 10, 24), message: text, 'host.name': text, labels: { [text]: text } }));
  await storeAndCompare(events);
});

test('leaf formats: a list is a JSON array in format 2; in format 1 one value is a string and none is absent', () => {
  const base: LogEvent = { 'event.sequence': 7, '@timestamp': 0, 'event.ingested': 0 };
  const one = { ...base, 'event.category': ['authentication'] };
  assert.match(canonicalRecord(one), /"event\.category":\["authentication"\]/);
  assert.match(canonicalRecord(one, 1), /"event\.category":"authentication"/);
  assert.equal(canonicalRecord({ ...base, 'event.category': [] }, 1), canonicalRecord(base, 1));
  assert.match(canonicalRecord({ ...base, 'event.category': ['a', 'b'] }, 1), /"event\.category":\["a","b"\]/);
  // The empty-default rule: a later non-Nullable number column's 0 is no value; event.sequence's 0 is.
  assert.match(canonicalRecord({ ...base, 'event.sequence': 0 }), /"event\.sequence":0/);
});

test('the engine leaf is a plain FixedString(32): verify reads it as 40-byte RowBinary rows', async () => {
  const [row] = await engine.query<{ type: string }>(`${LEAF_SQL_WITH} SELECT toTypeName(${LEAF_HASH_SQL}) AS type FROM events LIMIT 1`);
  assert.equal(row?.type, 'FixedString(32)');
});

test('fitColumns keeps out-of-range values as labels and flags the event', () => {
  const event: LogEvent = { 'event.ingested': 1000, '@timestamp': Date.UTC(2400, 0, 1), 'source.port': 70_000, message: 'a\ud800b' };
  assert.match(String(fitColumns(event, Date.now())), /source\.port/);
  assert.equal(event['@timestamp'], 1000, 'an impossible time falls back to the receipt time');
  assert.equal(event['source.port'], undefined);
  assert.deepEqual(event['labels'], { '@timestamp': String(Date.UTC(2400, 0, 1)), 'source.port': '70000' });
  assert.equal(event['message'], 'a\ufffdb');
  assert.equal(event['logwarden.parse.error'], 'invalid_field');
});

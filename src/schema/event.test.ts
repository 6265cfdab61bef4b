// An anonymous sender's events carry no `logwarden.source.identity` at all rather than an empty
// one (sourceFields), so that each is its own stored view and the stream hands it out without a
// copy. That must change no record: every line of the detection scenarios, stored through the
// real embedded engine once with the empty identity (as before) and once without, has the same
// ledger leaf in the engine and in JavaScript, in both leaf formats, and reads back the same.
// R-TAMPER-1.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LEAF_HASH_SQL, LEAF_SQL_WITH, leafSql } from '../ledger/leaf-sql.ts';
import { eventLeafHash } from '../ledger/leaf.ts';
import { ChdbEngine } from '../store/chdb-engine.ts';
import { EventStore } from '../store/event-store.ts';
import { storedView } from '../store/row-codec.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { fitColumns } from '../transforms/fit-columns.ts';
import { sourceFields, type LogEvent } from './event.ts';

const SCENARIOS = new URL('../../test/fixtures/detection/', import.meta.url);
const ANONYMOUS = { protocol: 'syslog-tcp', listener: '127.0.0.1:5514', peer: '192.0.2.1:40000', identity: '' };
const RECEIVED = Date.UTC(2026, 11, 1, 12);

let dir: string;
let engine: ChdbEngine;
let store: EventStore;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lw-source-fields-'));
  engine = new ChdbEngine(dir);
  store = new EventStore(engine);
  await store.open();
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every syslog line of the scenarios, as an anonymous TCP sender's events. */
function scenarioEvents(): LogEvent[] {
  return readdirSync(SCENARIOS)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => readFileSync(new URL(file, SCENARIOS), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => normaliseSyslog({ bytes: Buffer.from(line), truncated: false }, { source: ANONYMOUS, receivedAt: RECEIVED }).event);
}

/** Sequence number → the engine's leaf of that stored record in formats 2 and 1, hex. */
async function engineLeaves(first: number, end: number): Promise<Map<number, [string, string]>> {
  const rows = await engine.query<{ seq: string; leaf: string; leaf1: string }>(
    `${LEAF_SQL_WITH} SELECT event_sequence AS seq, lower(hex(${LEAF_HASH_SQL})) AS leaf, lower(hex(${leafSql(1).leafHash})) AS leaf1 FROM events
     WHERE event_sequence >= {first:UInt64} AND event_sequence < {end:UInt64}`,
    { first, end },
  );
  return new Map(rows.map((row) => [Number(row.seq), [row.leaf, row.leaf1]]));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('source fields of an anonymous sender', () => {
  test('an empty identity is left out; a sender with one keeps it', () => {
    assert.equal('logwarden.source.identity' in sourceFields(ANONYMOUS), false);
    assert.equal(sourceFields({ ...ANONYMOUS, identity: 'CN=relay' })['logwarden.source.identity'], 'CN=relay');
  });

  test('R-TAMPER-1: leaving the empty identity out changes no ledger leaf, in the engine or in JavaScript', async () => {
    const events = scenarioEvents();
    assert.ok(events.length > 1000, 'the scenarios are all there');
    const withoutIdentity = events.map((event, sequence) => ({ ...event, 'event.sequence': sequence }));
    const withEmpty = withoutIdentity.map((event) => ({ ...event, 'logwarden.source.identity': '' }));
    for (const event of [...withoutIdentity, ...withEmpty]) fitColumns(event, RECEIVED);
    // The two forms stored side by side: the old one at 0…n-1, the new one at n…2n-1.
    const offset = events.length;
    await store.insert(withEmpty);
    await store.insert(withoutIdentity.map((event) => ({ ...event, 'event.sequence': Number(event['event.sequence']) + offset })));
    const before = await engineLeaves(0, offset);
    const after = await engineLeaves(offset, 2 * offset);
    for (const [sequence, event] of withoutIdentity.entries()) {
      assert.equal('logwarden.source.identity' in event, false);
      assert.deepEqual(storedView(event), event, `line ${sequence} is its own stored view`);
      const leaves = [hex(eventLeafHash(event)), hex(eventLeafHash(event, 1))];
      assert.deepEqual(leaves, [hex(eventLeafHash(withEmpty[sequence] as LogEvent)), hex(eventLeafHash(withEmpty[sequence] as LogEvent, 1))], `JavaScript leaf of line ${sequence}`);
      assert.deepEqual(before.get(sequence), leaves, `engine leaf of line ${sequence} stored with the empty identity`);
      const shifted = { ...event, 'event.sequence': sequence + offset };
      assert.deepEqual(after.get(sequence + offset), [hex(eventLeafHash(shifted)), hex(eventLeafHash(shifted, 1))], `engine leaf of line ${sequence} stored without it`);
    }
  });
});

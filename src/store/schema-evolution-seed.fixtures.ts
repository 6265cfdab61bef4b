// Test-only, run as a process of its own with the registry as released: a store with records and
// their ledger leaves, as a server of this version would leave it. Prints the tree's size and root.
import { LEAF_HASH_SQL, LEAF_SQL_WITH } from '../ledger/leaf-sql.ts';
import { MerkleFrontier } from '../ledger/merkle.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';

const [dir, countText] = process.argv.slice(2);
const count = Number(countText);
const engine = new ChdbEngine(String(dir));
const store = new EventStore(engine);
await store.open({ node: 'node-a' });
const events: LogEvent[] = Array.from({ length: count }, (_, k) => ({
  'event.sequence': k,
  '@timestamp': Date.UTC(2026, 10, 1) + k,
  'event.ingested': Date.UTC(2026, 10, 1) + k,
  message: `before the new fields ${k}`,
  'event.category': ['authentication'],
  'source.port': 22,
}));
await store.insert(events);
await engine.command(`INSERT INTO ledger_leaves ${LEAF_SQL_WITH} SELECT event_sequence, ${LEAF_HASH_SQL} FROM events`);
const leaves = await engine.queryRowBinary('SELECT leaf FROM ledger_leaves ORDER BY seq');
const frontier = new MerkleFrontier();
frontier.appendLeaves(leaves);
await store.close();
process.stdout.write(JSON.stringify({ size: frontier.size, root: Buffer.from(frontier.root()).toString('hex') }));

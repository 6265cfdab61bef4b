// Test-only, run as a process of its own with the registry as released: a store with records and
// their ledger leaves, as a server of this version would leave it (the leaves hashed as one ledger
// round in the store's leaf formats, read back into the tree, then committed). Prints the tree's
// size and root.
import { MerkleFrontier } from '../ledger/merkle.ts';
import { LeafRounds } from '../ledger/rounds.ts';
import type { LogEvent } from '../schema/event.ts';
import { ChdbEngine } from './chdb-engine.ts';
import { EventStore } from './event-store.ts';

const [dir, countText, node] = process.argv.slice(2);
const count = Number(countText);
const engine = new ChdbEngine(String(dir));
const store = new EventStore(engine);
await store.open({ node: String(node) });
const events: LogEvent[] = Array.from({ length: count }, (_, k) => ({
  'event.sequence': k,
  '@timestamp': Date.UTC(2026, 10, 1) + k,
  'event.ingested': Date.UTC(2026, 10, 1) + k,
  message: `before the new fields ${k}`,
  'event.category': ['authentication'],
  'source.port': 22,
}));
await store.insert(events);
const rounds = new LeafRounds(engine, String(node), () => Date.now());
const first = await rounds.open();
const round = await rounds.hash(first, count, store.leafFormats);
const frontier = new MerkleFrontier();
for await (const leaves of rounds.roundLeaves(round, first, count)) frontier.appendLeaves(leaves);
await rounds.commit(round, first, count);
await store.close();
process.stdout.write(JSON.stringify({ size: frontier.size, root: Buffer.from(frontier.root()).toString('hex') }));

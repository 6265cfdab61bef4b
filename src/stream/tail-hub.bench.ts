// How many stored records per second the live tail's hub matches and queues for 32 tails, in
// one process on one core (docs/benchmarks.md, "Live tail fan-out"). Sinks take everything, so
// this is the hub's own cost: matching, presenting and queueing. Run:
//   node_modules/.bin/node src/stream/tail-hub.bench.ts
import { ALL_SYSTEMS } from '../query/scope.ts';
import { tailFilter } from './tail-filter.ts';
import { TailHub, type TailSink } from './tail-hub.ts';
import type { LogEvent } from '../schema/event.ts';
const N = 100_000;
const events: LogEvent[] = Array.from(
  { length: N },
  (_, at) =>
    ({
      '@timestamp': Date.now(),
      message: `GET /item/${at} 200 ${at % 97 === 0 ? 'error timeout' : 'ok'}`,
      'host.name': `web-${at % 8}`,
      'log.level': at % 50 === 0 ? 'error' : 'info',
      'logwarden.system': 'web',
      'event.sequence': at,
    }) as LogEvent,
);
const sink = (): TailSink => ({ record: () => true, skipped: () => true, onceDrained: () => undefined, end: () => undefined });
{
  const hub = new TailHub({ maxSubscribers: 32, queueLimit: 1000 });
  for (let i = 0; i < 32; i++) hub.subscribe(tailFilter({ query: i % 2 ? `host.name:web-${i % 8} AND log.level:error` : `"item/${i}"`, scope: ALL_SYSTEMS, now: Date.now() }), sink());
  hub.publish(events.slice(0, 5000));
  const start = performance.now();
  hub.publish(events);
  const ms = performance.now() - start;
  console.log(`32 distinct queries (16 field, 16 free text): ${(N / (ms / 1000)).toFixed(0)} records/s (${ms.toFixed(0)} ms for ${N})`);
}
for (const [label, query, subs] of [
  ['32 × log.level:error (2% match)', 'log.level:error', 32],
  ['32 × "timeout" free text (1% match)', 'timeout', 32],
  ['32 × every record', '', 32],
  ['1 × every record', '', 1],
] as const) {
  const hub = new TailHub({ maxSubscribers: 32, queueLimit: 1000 });
  for (let i = 0; i < subs; i++) hub.subscribe(tailFilter({ query, scope: ALL_SYSTEMS, now: Date.now() }), sink());
  hub.publish(events.slice(0, 5000));
  const start = performance.now();
  hub.publish(events);
  const ms = performance.now() - start;
  console.log(`${label}: ${(N / (ms / 1000)).toFixed(0)} records/s through the hub (${ms.toFixed(0)} ms for ${N})`);
}

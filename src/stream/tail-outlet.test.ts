// The SSE framing of a live tail (docs/api.md, "Live tail"): the opening retry and ready frames,
// one `record` and `skipped` event each, a heartbeat comment after a quiet interval, and the
// stream's back-pressure reported to the subscription until the client reads again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TailOutlet } from './tail-outlet.ts';

async function readSome(outlet: TailOutlet): Promise<string> {
  const chunks: string[] = [];
  let chunk: unknown;
  while ((chunk = outlet.read()) !== null) chunks.push(String(chunk));
  return chunks.join('');
}

test('frames: retry and ready first, then record and skipped events, then a heartbeat after a quiet interval', async () => {
  const outlet = new TailOutlet(30);
  outlet.open({ query: 'q', heartbeatSeconds: 15, queueLimit: 1000 });
  outlet.record('{"message":"m"}');
  outlet.skipped(4);
  assert.equal(
    await readSome(outlet),
    'retry: 3000\nevent: ready\ndata: {"query":"q","heartbeatSeconds":15,"queueLimit":1000}\n\nevent: record\ndata: {"message":"m"}\n\nevent: skipped\ndata: {"skipped":4}\n\n',
  );
  await sleep(80);
  assert.match(await readSome(outlet), /^: heartbeat\n\n/);
  outlet.end();
});

test('a client that does not read fills the stream: writes say so, and the drain listener runs once it reads', async () => {
  const outlet = new TailOutlet(60_000);
  const big = JSON.stringify({ message: 'x'.repeat(70 * 1024) });
  assert.equal(outlet.record(big), false);
  let drained = false;
  outlet.onceDrained(() => (drained = true));
  assert.equal(drained, false);
  await readSome(outlet);
  await sleep(5);
  assert.equal(drained, true);
  outlet.end();
});

// The UI bench's data (src/bench/ui.ts): N sshd-like events posted to the HTTP NDJSON ingest in
// large batches by several clients at once (as the fastest existing HTTP bench does), timed over
// the ten minutes before the load, so the search view's default range (the last 15 minutes) holds
// them all. Exactly one event carries the rare token.

export const RARE_TOKEN = 'zebracorn4242';
const BATCH = 20_000;
const CLIENTS = 4;
const SPREAD_MS = 10 * 60_000;

function line(i: number, total: number, start: number): string {
  const at = new Date(start + Math.floor((i * SPREAD_MS) / total)).toISOString();
  const word = i === Math.floor(total / 2) ? RARE_TOKEN : `session${i % 5000}`;
  return JSON.stringify({
    '@timestamp': at,
    message: `Failed password for user${i % 1000} from 10.${i % 250}.${i % 200}.${i % 100} port ${20000 + (i % 40000)} ssh2 ${word}`,
    'process.name': 'sshd',
    'host.name': `web-${i % 20}`,
  });
}

/** Post `total` events; resolves with the events per second the ingest acknowledged. */
export async function loadEvents(http: string, token: string, total: number): Promise<number> {
  const start = Date.now() - SPREAD_MS;
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let first = next; first < total; first = next) {
        next += BATCH;
        const body = Array.from({ length: Math.min(BATCH, total - first) }, (_, k) => line(first + k, total, start)).join('\n');
        const response = await fetch(`${http}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body });
        const answer = await response.text();
        if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${answer.slice(0, 300)}`);
      }
    }),
  );
  return total / ((performance.now() - began) / 1000);
}

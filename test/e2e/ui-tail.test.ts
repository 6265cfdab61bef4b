// Live tail end to end on the built server (issue 15): records sent with util-linux `logger` to
// the syslog listeners appear in the Live tail view of a signed-in browser as they are stored,
// matching ones only; Pause holds new ones and Resume shows them; a reader limited to another
// system sees none of them; the SSE answer keeps the security headers, is never cached, needs a
// session or token, answers a bad query and a full server with JSON; a masked caller's records
// are masked; opening a tail is audited; and `logwarden tail` prints records as they arrive.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { tailReady } from '../../src/contracts/index.ts';
import { ingest, readToken } from '../helpers/ledger.ts';
import { eventually, ROOT, withTimeout } from '../helpers/server.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const execFileAsync = promisify(execFile);
const run = randomUUID().slice(0, 8);
const CONFIG = `
ingest:
  parsers: false
systems:
  - name: web
    owner: web team
    match:
      peer: [127.0.0.0/8, "::1"]
      app: [webapp]
  - name: db
    owner: db team
    match:
      peer: [127.0.0.0/8, "::1"]
      app: [dbapp]
`;
const NOT_AUDIT = 'AND NOT event.category:logwarden-audit';

describe('live tail end to end', () => {
  let world: UiWorld;
  let admin: string;
  const send = async (tag: string, message: string, transport: '--tcp' | '--udp' = '--tcp'): Promise<void> => {
    const address = transport === '--tcp' ? world.server.syslogTcp : world.server.syslogUdp;
    await execFileAsync('logger', [transport, '--server', address.host, '--port', String(address.port), '--tag', tag, message]);
  };
  const rowsWith = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
  const openTail = async (page: Page, query: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live tail' }).click();
    await page.getByLabel('Query').fill(query);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('status', { name: 'Connection: Live' }).waitFor();
  };

  before(async () => {
    world = await startUiWorld({ config: CONFIG });
    admin = await readToken(world.server);
  });
  after(async () => world?.close());

  test('R-ACCESS-1: matching records appear as they are stored, others do not; Pause holds new ones, Resume shows them; a reader of another system sees none', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await openTail(page, `"${run}" ${NOT_AUDIT}`);
    await send('webapp', `first ${run}`);
    await send('webapp', `unrelated line ${randomUUID()}`, '--udp');
    await send('webapp', `second ${run}`, '--udp');
    await rowsWith(page, `first ${run}`).waitFor();
    await rowsWith(page, `second ${run}`).waitFor();
    assert.equal(await rowsWith(page, 'unrelated line').count(), 0);
    assert.equal(
      await rowsWith(page, 'web')
        .filter({ hasText: `first ${run}` })
        .count(),
      1,
      'the row names the system',
    );

    await page.getByRole('button', { name: 'Pause' }).click();
    await send('webapp', `while paused ${run}`);
    await page.getByText('Paused: 1 new').waitFor();
    assert.equal(await rowsWith(page, `while paused ${run}`).count(), 0, 'nothing new shows while paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await rowsWith(page, `while paused ${run}`).waitFor();

    // A reader of db only: its tail is live, gets db's record, never web's.
    await world.addUser('dora', 'reader', 'a-db-reader-password-long-enough', ['db']);
    const dora = await world.signedIn('dora', 'a-db-reader-password-long-enough');
    await openTail(dora.page, `"${run}" ${NOT_AUDIT}`);
    await send('webapp', `web only ${run}`);
    await send('dbapp', `db only ${run}`);
    await rowsWith(page, `web only ${run}`).waitFor();
    await rowsWith(page, `db only ${run}`).waitFor();
    await rowsWith(dora.page, `db only ${run}`).waitFor();
    assert.equal(await rowsWith(dora.page, run).count(), 1, 'the db reader sees its record and none of web');
    assert.deepEqual(watched.problems(), []);
    assert.deepEqual(dora.problems(), []);
    await dora.close();
    await watched.close();
  });

  test('a bad query is shown as the server’s error; the page has no CSP violation or console error', async () => {
    const watched = await world.signedIn(undefined, undefined, { expectedErrors: [/400 \(Bad Request\)/, /EventSource/] });
    await watched.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live tail' }).click();
    await watched.page.getByLabel('Query').fill('message:(');
    await watched.page.getByRole('button', { name: 'Start' }).click();
    await watched.page.getByRole('alert').filter({ hasText: 'LW_QUERY_SYNTAX' }).waitFor();
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-2: the stream keeps the security headers and no-store, needs auth, refuses bad queries as JSON, and is audited', async () => {
    const url = `${world.url}/api/v1/tail?q=${encodeURIComponent(`"${run}"`)}`;
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /application\/json/);
    await anonymous.body?.cancel();
    const bad = await fetch(`${world.url}/api/v1/tail?q=${encodeURIComponent('message:(')}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /LW_QUERY_SYNTAX/);
    const stream = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(stream.headers.get('cache-control'), 'no-store');
    assert.match(stream.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(stream.headers.get('x-content-type-options'), 'nosniff');
    const first = await withTimeout(readUntil(stream, /event: ready\ndata: (.*)\n/), 10_000, 'ready event');
    assert.equal(tailReady.parse(JSON.parse(first[1] as string)).query, `"${run}"`);
    await closeStream(stream);
    const audited = await eventually(async () => {
      const query = new URLSearchParams({ q: 'event.category:logwarden-audit AND event.action:tail', from: 'now-1h', limit: '100' });
      const answer = (await (await fetch(`${world.url}/api/v1/search?${query}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { events: Record<string, unknown>[] };
      return answer.events.some((event) => String(event['message'] ?? '').includes(run) || JSON.stringify(event).includes(run)) ? true : undefined;
    });
    assert.equal(audited, true);
  });

  test('R-MASK-1: a third-party caller’s tail shows masked values only', async () => {
    const created = await world.cli(['token', 'create', '--name', `vendor-${run}`, '--role', 'third-party']);
    assert.equal(created.code, 0, created.stderr);
    const vendor = created.stdout.trim();
    const stream = await fetch(`${world.url}/api/v1/tail?q=${encodeURIComponent(`event.action:tail-mask-${run}`)}`, { headers: { authorization: `Bearer ${vendor}` } });
    assert.equal(stream.status, 200);
    await withTimeout(readUntil(stream, /event: ready/), 10_000, 'ready event');
    await ingest(world.server, [{ 'event.action': `tail-mask-${run}`, 'user.name': 'mallory', 'source.ip': '203.0.113.9', message: 'Failed password for mallory from 203.0.113.9' }]);
    const match = await withTimeout(readUntil(stream, /event: record\ndata: (.*)\n/), 20_000, 'masked record');
    await closeStream(stream);
    const record = JSON.parse(match[1] as string) as Record<string, unknown>;
    assert.match(String(record['user.name']), /^user-[0-9a-f]{10}$/);
    for (const planted of ['mallory', '203.0.113.9']) assert.ok(!(match[1] as string).includes(planted), `${planted} in ${match[1]}`);
  });

  test('subscribers are bounded: the 33rd tail is refused with 503 LW_TAIL_FULL and Retry-After; a closed one frees its place', async () => {
    const open: Response[] = [];
    let refused: Response | undefined;
    for (let at = 0; at < 40 && !refused; at++) {
      const answer = await fetch(`${world.url}/api/v1/tail`, { headers: { authorization: `Bearer ${admin}` } });
      if (answer.status === 200) open.push(answer);
      else refused = answer;
    }
    assert.ok(refused, 'a tail was refused');
    assert.equal(open.length, 32);
    assert.equal(refused.status, 503);
    assert.ok(refused.headers.get('retry-after'));
    assert.match(await refused.text(), /LW_TAIL_FULL/);
    await Promise.all(open.map((answer) => answer.body?.cancel()));
    const again = await eventually(async () => {
      const answer = await fetch(`${world.url}/api/v1/tail`, { headers: { authorization: `Bearer ${admin}` } });
      if (answer.status === 200) return answer;
      await answer.body?.cancel();
      return undefined;
    });
    await again.body?.cancel();
  });

  test('`logwarden tail QUERY` prints matching records as they arrive, until stopped', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), '--server', world.url, '--token-file', world.server.tokenFile, 'tail', `"cli-${run}" ${NOT_AUDIT}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await eventually(async () => (stderr.includes('following') ? true : undefined), 15_000, `tail following (stderr: ${stderr})`);
      await send('webapp', `one cli-${run}`);
      await send('webapp', `not this one ${run}`);
      await send('dbapp', `two cli-${run}`);
      const lines = await eventually(async () => {
        const parsed = stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        return parsed.length >= 2 ? parsed : undefined;
      }, 20_000);
      assert.deepEqual(
        lines.map((line) => line['message']),
        [`one cli-${run}`, `two cli-${run}`],
      );
      assert.deepEqual(
        lines.map((line) => line['logwarden.system']),
        ['web', 'db'],
      );
    } finally {
      child.kill('SIGINT');
      await withTimeout(exited, 10_000, 'tail exit');
    }
  });

  // Last: it stops the server. An open tail must not hold the API's close for its whole grace (10 s).
  test('a stopping server ends its open tails at once', async () => {
    const stream = await fetch(`${world.url}/api/v1/tail`, { headers: { authorization: `Bearer ${admin}` } });
    await withTimeout(readUntil(stream, /event: ready/), 10_000, 'ready event');
    const started = performance.now();
    const ended = readUntil(stream, /(?!)/).then(
      () => 'matched',
      (error: unknown) => String(error),
    );
    const stopped = world.server.stop();
    assert.match(await withTimeout(ended, 5_000, 'the tail’s end'), /the stream ended/);
    assert.ok(performance.now() - started < 5_000);
    assert.equal(await stopped, 0);
  });
});

/** Reads the stream until its text matches; the stream stays open for more. */
async function readUntil(response: Response, pattern: RegExp): Promise<RegExpExecArray> {
  const state = streams.get(response) ?? { reader: (response.body as ReadableStream<Uint8Array>).getReader(), text: '', decoder: new TextDecoder() };
  streams.set(response, state);
  for (;;) {
    const found = pattern.exec(state.text);
    if (found) {
      state.text = state.text.slice(found.index + found[0].length);
      return found;
    }
    const { done, value } = await state.reader.read();
    if (done) throw new Error(`the stream ended before ${pattern}: ${state.text}`);
    state.text += state.decoder.decode(value, { stream: true });
  }
}
const streams = new WeakMap<Response, { reader: ReadableStreamDefaultReader<Uint8Array>; text: string; decoder: InstanceType<typeof TextDecoder> }>();

/** Ends a stream, read from or not. */
async function closeStream(response: Response): Promise<void> {
  const state = streams.get(response);
  await (state ? state.reader.cancel() : response.body?.cancel());
}

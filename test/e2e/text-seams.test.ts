// End to end (issue 10), against the built server with real sockets and clients: one time parser
// (the shared table of times through the API's from/to and the CLI's --from/--to, held equal to the
// query language), one UTF-8 decoder (a byte order mark sent through every protocol is stored
// byte-exact in event.original) and one label-limit policy (fields beyond it flagged alike for JSON,
// `_bulk` and OTLP). R-STORE-1: nothing sent is lost.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { encodeRelpFrame, RelpParser, type RelpFrame } from '../../src/codecs/relp.ts';
import { TIME_CASES } from '../../src/query/time.fixtures.ts';
import { exportRequest, keyValue, logRecord, stringValue } from '../helpers/otlp-protobuf.ts';
import { readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, withTimeout, type SpawnedServer } from '../helpers/server.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const run = Date.now().toString(36);

let server: SpawnedServer;
let dataDir: string;
let token: string;

async function call(route: string, init: { method?: string; type?: string; body?: Uint8Array | string } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.type !== undefined) headers['content-type'] = init.type;
  const response = await fetch(`${server.httpUrl}${route}`, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function count(params: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  return call(`/api/v1/count?${new URLSearchParams(params)}`);
}

/** The one stored event `query` finds (by default: its message holds `marker`), once it is searchable. */
async function stored(marker: string, query = `"${marker}"`): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const answer = await call(`/api/v1/search?${new URLSearchParams({ q: query })}`);
      const events = answer.json['events'] as Record<string, unknown>[] | undefined;
      return events?.length === 1 ? events[0] : undefined;
    },
    20_000,
    `the event ${marker}`,
  );
}

const originalBytes = (event: Record<string, unknown>): Buffer => Buffer.from(String(event['event.original']));

before(async () => {
  dataDir = await makeDataDir();
  server = await spawnServer(dataDir, ['--relp', '127.0.0.1:0']);
  token = await readToken(server);
});
after(async () => {
  if (server) await server.stop();
  await removeDataDir(dataDir);
});

describe('one time parser: the shared table through the API and the CLI', () => {
  test('from/to: every accepted time answers 200, every other one 400 LW_BAD_REQUEST naming the forms or the range', async () => {
    for (const c of TIME_CASES) {
      for (const name of ['from', 'to']) {
        const answer = await count({ q: '', [name]: c.text });
        if (!('problem' in c) || c.text === '') {
          assert.equal(answer.status, 200, `${name}=${c.text}: ${JSON.stringify(answer.json)}`);
          continue;
        }
        assert.equal(answer.status, 400, `${name}=${c.text}`);
        const error = answer.json['error'] as { code: string; message: string };
        assert.equal(error.code, 'LW_BAD_REQUEST');
        assert.match(error.message, c.problem === 'range' ? /is outside the times logwarden can search/ : /expected an ISO 8601 time .*epoch milliseconds, now, now-15m or now\+1h/);
      }
    }
  });

  test('from gives the same bound as the query language: count(from=T) equals count(@timestamp:>=T) on stored events', async () => {
    const marker = `time-${run}`;
    const fixed = TIME_CASES.filter((c) => !('problem' in c) && !c.text.startsWith('now'));
    // An event at each case's start and one a millisecond before it: an off-by-one bound shows.
    const times = fixed.flatMap((c) => ('start' in c ? [c.start, c.start - 1] : []));
    const body = times.map((time, index) => JSON.stringify({ '@timestamp': new Date(time).toISOString(), message: `${marker} ${index}` })).join('\n');
    const ingested = await call('/api/v1/ingest', { method: 'POST', type: 'application/x-ndjson', body });
    assert.equal(ingested.json['accepted'], times.length);
    await eventually(async () => ((await count({ q: marker })).json['count'] === times.length ? true : undefined), 20_000, 'the events are searchable');
    for (const c of fixed) {
      if (!('start' in c)) continue;
      const byParameter = (await count({ q: marker, from: c.text })).json['count'];
      const byQuery = (await count({ q: `${marker} AND @timestamp:>="${c.text}"` })).json['count'];
      assert.equal(byParameter, byQuery, c.text);
      assert.equal(byParameter, times.filter((time) => time >= c.start).length, c.text);
    }
  });

  test('a bare + in a URL (now+1h read as "now 1h") is refused with a hint to write %2B', async () => {
    const answer = await call('/api/v1/count?from=now+1h');
    assert.equal(answer.status, 400);
    assert.match((answer.json['error'] as { message: string }).message, /found "now 1h" \(in a URL, a \+ reads as a space: write \+ as %2B\)/);
    assert.equal((await call('/api/v1/count?from=now%2B1h')).status, 200);
  });

  test('CLI --from/--to: accepted forms reach the server, others are refused before any request', async () => {
    const cli = (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);
    for (const text of ['now+1h', 'now-1d/d', '2026-11-24T12:00:00.123+02:00', '1764000000000']) {
      const result = await cli(['count', '--from', text, '--to', 'now/d', '']);
      assert.equal(result.code, 0, `${text}: ${result.stderr}`);
      assert.match(result.stdout, /^\d+\n$/);
    }
    const bad = await cli(['count', '--from', 'yesterday', '']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^LW_CLI_SERVER: --from: expected an ISO 8601 time .*; found "yesterday"/);
    const far = await cli(['search', '--to', '9999-01-01', '']);
    assert.equal(far.code, 1);
    assert.match(far.stderr, /^LW_CLI_SERVER: --to: "9999-01-01" is outside the times logwarden can search/);
  });
});

describe('one UTF-8 decoder: a byte order mark is kept in event.original, byte for byte, on every protocol', () => {
  test('NDJSON (POST /api/v1/ingest): 18 bytes in, the same 18 bytes stored', async () => {
    const marker = `bomnd${run}`;
    const line = Buffer.concat([BOM, Buffer.from(`{"message":"${marker}"}`)]);
    const answer = await call('/api/v1/ingest', { method: 'POST', type: 'application/x-ndjson', body: line });
    assert.deepEqual([answer.json['accepted'], answer.json['flagged']], [1, 0]);
    const event = await stored(marker);
    assert.equal(event['message'], marker, 'the JSON was parsed past the BOM');
    assert.deepEqual(originalBytes(event), line);
  });

  test('_bulk: a body starting with a BOM, and a source line starting with one', async () => {
    const marker = `bombulk${run}`;
    const source = Buffer.concat([BOM, Buffer.from(`{"message":"${marker}"}`)]);
    const body = Buffer.concat([BOM, Buffer.from('{"index":{"_index":"logs"}}\n'), source, Buffer.from('\n')]);
    const answer = await call('/_bulk', { method: 'POST', type: 'application/x-ndjson', body });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.equal(answer.json['errors'], false, JSON.stringify(answer.json));
    const event = await stored(marker);
    assert.equal(event['message'], marker);
    assert.deepEqual(originalBytes(event), source);
  });

  test('OTLP/JSON: a body starting with a BOM is accepted; a BOM inside the body string is kept', async () => {
    const marker = `bomotlpj${run}`;
    const record = { body: { stringValue: `\uFEFF${marker}` }, attributes: [{ key: 'user.name', value: { stringValue: marker } }] };
    const request = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [record] }] }] };
    const answer = await call('/v1/logs', { method: 'POST', type: 'application/json', body: Buffer.concat([BOM, Buffer.from(JSON.stringify(request))]) });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const event = await stored(marker, `user.name:${marker}`);
    assert.equal(event['message'], `\uFEFF${marker}`);
    assert.deepEqual(JSON.parse(String(event['event.original'])).logRecord.body, `\uFEFF${marker}`);
  });

  test('OTLP protobuf: a BOM at the start of a string is kept', async () => {
    const marker = `bomotlpp${run}`;
    const body = exportRequest([logRecord({ body: stringValue(`\uFEFF${marker}`), attributes: [keyValue('user.name', stringValue(marker))] })]);
    const response = await fetch(`${server.httpUrl}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' }, body });
    assert.equal(response.status, 200);
    const event = await stored(marker, `user.name:${marker}`);
    assert.equal(event['message'], `\uFEFF${marker}`);
  });

  // RFC 5424 allows a BOM at the start of MSG: the message drops it, event.original keeps it.
  const syslogLine = (marker: string): Buffer => Buffer.concat([Buffer.from('<13>1 2026-11-24T12:00:00Z bom-host bomapp - - - '), BOM, Buffer.from(marker)]);

  test('syslog TCP and UDP: the line with its BOM is event.original, byte for byte', async () => {
    const tcpLine = syslogLine(`bomtcp${run}`);
    const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    await new Promise<void>((resolve) => socket.end(Buffer.concat([tcpLine, Buffer.from('\n')]), resolve));
    const udpLine = syslogLine(`bomudp${run}`);
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => udp.send(udpLine, server.syslogUdp.port, server.syslogUdp.host, (error) => (error ? reject(error) : resolve())));
    udp.close();
    for (const [marker, line] of [
      [`bomtcp${run}`, tcpLine],
      [`bomudp${run}`, udpLine],
    ] as const) {
      const event = await stored(marker);
      assert.equal(event['message'], marker);
      assert.deepEqual(originalBytes(event), line);
    }
  });

  test('RELP: the syslog frame with its BOM is event.original, byte for byte', async () => {
    assert.ok(server.relp);
    const line = syslogLine(`bomrelp${run}`);
    const relp = server.relp;
    const replies = await withTimeout(
      new Promise<RelpFrame[]>((resolve, reject) => {
        const parser = new RelpParser({ maxDataBytes: 4096 });
        const frames: RelpFrame[] = [];
        const socket = net.connect(relp.port, relp.host, () =>
          socket.write(Buffer.concat([encodeRelpFrame(1, 'open', 'relp_version=0\nrelp_software=test\ncommands=syslog'), encodeRelpFrame(2, 'syslog', line)])),
        );
        socket.on('data', (chunk: Buffer) => {
          frames.push(...parser.push(chunk).frames);
          if (frames.length === 2) socket.end();
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(frames));
      }),
      20_000,
      'RELP acks',
    );
    assert.equal(replies[1]?.data.toString(), '200 OK');
    const event = await stored(`bomrelp${run}`);
    assert.deepEqual(originalBytes(event), line);
  });
});

describe('one label-limit policy: fields beyond 256 labels are flagged alike on JSON, _bulk and OTLP', () => {
  const DETAIL = /^4 field\(s\) beyond the limit of 256 labels \("k256", "k257", "k258", "k259"\) not stored as labels; they are only in event\.original$/;
  const wide = (marker: string): Record<string, unknown> => ({ message: marker, ...Object.fromEntries(Array.from({ length: 260 }, (_, i) => [`k${i}`, i])) });

  /** `added`: labels the route adds beside the sender's (`_bulk`: es.index). */
  async function checkStored(marker: string, added: readonly string[] = []): Promise<void> {
    const event = await stored(marker);
    assert.equal(event['logwarden.parse.error'], 'invalid_field');
    assert.match(String(event['logwarden.parse.detail']), DETAIL);
    const labels = event['labels'] as Record<string, string>;
    assert.equal(Object.keys(labels).length, 256 + added.length);
    for (const name of added) assert.ok(name in labels, name);
  }

  test('NDJSON: reported in the answer`s errors, stored flagged', async () => {
    const marker = `wide${run}nd`;
    const answer = await call('/api/v1/ingest', { method: 'POST', type: 'application/x-ndjson', body: JSON.stringify(wide(marker)) });
    const errors = answer.json['errors'] as { line: number; reason: string; detail: string }[];
    assert.deepEqual([answer.json['accepted'], answer.json['flagged'], errors[0]?.reason], [1, 1, 'invalid_field']);
    assert.match(errors[0]?.detail ?? '', DETAIL);
    await checkStored(marker);
  });

  test('_bulk: the item is created with logwarden.parse.error, stored flagged', async () => {
    const marker = `wide${run}bulk`;
    const answer = await call('/_bulk', { method: 'POST', type: 'application/x-ndjson', body: `{"index":{"_index":"logs"}}\n${JSON.stringify(wide(marker))}\n` });
    const item = (answer.json['items'] as Record<string, Record<string, unknown>>[])[0]?.['index'];
    assert.deepEqual([item?.['status'], item?.['logwarden.parse.error']], [201, 'invalid_field']);
    await checkStored(marker, ['es.index']);
  });

  test('OTLP: the answer names the record stored flagged, stored flagged (no longer dropped silently)', async () => {
    const marker = `wide${run}otlp`;
    const attributes = Array.from({ length: 260 }, (_, i) => ({ key: `k${i}`, value: { intValue: String(i) } }));
    const request = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: {}, logRecords: [{ body: { stringValue: marker }, attributes }] }] }] };
    const answer = await call('/v1/logs', { method: 'POST', type: 'application/json', body: JSON.stringify(request) });
    assert.equal(answer.status, 200);
    assert.match(JSON.stringify(answer.json), /1 log record\(s\) stored flagged \(logwarden\.parse\.error: invalid_field\)/);
    await checkStored(marker);
  });
});

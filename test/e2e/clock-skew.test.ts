// End to end (R-FIELDS-2): the built server and real util-linux `logger` writing RFC 3164 lines in
// New York time (TZ=America/New_York: a BSD timestamp carries no zone). On a listener without a
// zone the lines are read as UTC, land hours away from their receipt, are flagged with their skew,
// and open one clock-skew episode, stored as a logwarden event; /metrics shows the source's median.
// On a listener given the zone (ingest.listenerTimezones) the same lines land at the true instant.
// One server: TCP on 127.0.0.1 has the zone, UDP on 127.0.0.2 has none.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { STEADY_MS } from '../../src/systems/clock-skew.ts';
import { zoneOffsetMs } from '../../src/transforms/local-time.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const run = randomUUID().slice(0, 8);
const NEW_YORK = 'America/New_York';
let server: SpawnedServer;
let dataDir: string;
let token: string;

/** logger as a New York machine runs it: its BSD timestamp is New York's wall clock. */
async function newYorkLogger(args: string[], message: string): Promise<void> {
  await execFileAsync('logger', ['--rfc3164', '-t', 'skewapp', ...args, message], { env: { ...process.env, TZ: NEW_YORK } });
}

async function search(query: string, count: number): Promise<Record<string, unknown>[]> {
  return eventually(
    async () => {
      const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: query, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { events: Record<string, unknown>[] };
      return body.events.length === count ? body.events : undefined;
    },
    20_000,
    `${count} events for ${query}`,
  );
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const epochMs = (value: unknown): number => (typeof value === 'number' ? value : Date.parse(String(value)));

describe('senders’ clocks end to end (R-FIELDS-2)', () => {
  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'logwarden.yaml');
    await writeFile(config, ['ingest:', '  clockSkew:', '    thresholdSeconds: 60', '  listenerTimezones:', `    "127.0.0.1:0": ${NEW_YORK}`, ''].join('\n'));
    server = await spawnServer(dataDir, ['--config', config, '--syslog-udp', '127.0.0.2:0']);
    token = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('a listener without a zone: New York lines flagged about −5 h, one clock-skew-detected event, the median in /metrics', async () => {
    const marker = `unzoned${run}`;
    const udp = ['-d', '-n', server.syslogUdp.host, '-P', String(server.syslogUdp.port)];
    await newYorkLogger(udp, `${marker} first`);
    await search(`message:${marker}`, 1);
    // Behind the server: a backlog looks the same, so the episode opens once the skew has held.
    await new Promise((resolve) => setTimeout(resolve, STEADY_MS + 500));
    await newYorkLogger(udp, `${marker} second`);
    await newYorkLogger(udp, `${marker} third`);
    const events = await search(`message:${marker}`, 3);
    for (const event of events) {
      const ingested = epochMs(event['event.ingested']);
      const expected = zoneOffsetMs(NEW_YORK, ingested); // −5 h in winter, −4 h in summer
      const skew = Number(event['logwarden.time.skew_ms']);
      assert.ok(Math.abs(skew - expected) < 3000, `skew ${skew} ms, expected about ${expected} ms`);
      assert.equal(epochMs(event['@timestamp']) - ingested, skew);
    }
    const [episode] = await search('event.action:clock-skew-detected', 1);
    // logger names the machine as HOSTNAME: the source is that host name, case folded.
    const source = escape(String(events[0]?.['host.name']).toLowerCase());
    assert.match(String(episode?.['message']), new RegExp(`^source ${source} \\(system unassigned\\) clock is off by -\\d+ s`));
    assert.match(String(episode?.['message']), /RFC 3164 timestamps carry no zone and were read as UTC: set a timezone for the system or listener$/);
    assert.equal(episode?.['logwarden.system'], 'logwarden');
    const metrics = await (await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const gauge = new RegExp(`^logwarden_source_clock_skew_ms\\{source="${source}"\\} (-?\\d+)$`, 'm').exec(metrics);
    assert.ok(gauge, 'the source’s gauge is in /metrics');
    assert.ok(Math.abs(Number(gauge[1]) - zoneOffsetMs(NEW_YORK, epochMs(events[0]?.['event.ingested']))) < 3000, `median ${gauge[1]}`);
    assert.match(metrics, new RegExp(`^logwarden_events_clock_skewed_total\\{source="${source}"\\} 3$`, 'm'));
  });

  test('a listener given the sender’s zone: the true instant, not flagged', async () => {
    const marker = `zoned${run}`;
    await newYorkLogger(['-T', '-n', server.syslogTcp.host, '-P', String(server.syslogTcp.port)], `${marker} line`);
    const [event] = await search(`message:${marker}`, 1);
    const gap = epochMs(event?.['event.ingested']) - epochMs(event?.['@timestamp']);
    assert.ok(gap >= 0 && gap < 3000, `@timestamp is the second logger wrote it in (${gap} ms before receipt)`);
    assert.equal(event?.['logwarden.time.skew_ms'], undefined);
    assert.match(String(event?.['event.original']), new RegExp(`^<13>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d `));
  });
});

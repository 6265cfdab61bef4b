// End to end: the fields only the server sets (logwarden.system, logwarden.retention_class,
// logwarden.node) are stamped on every event whatever the sender claims, the claim is kept as a
// label, and event.category / event.type given as a string or a list come back as lists and are
// searched per value. The built server, a YAML config naming the node, real HTTP.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const run = randomUUID().slice(0, 8);
let server: SpawnedServer;
let dataDir: string;
let token: string;

async function search(query: string, count: number): Promise<Record<string, unknown>[]> {
  return eventually(
    async () => {
      const response = await fetch(`${server.httpUrl}/api/v1/search?${new URLSearchParams({ q: query, from: '2000-01-01T00:00:00Z' })}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { events: Record<string, unknown>[] };
      return body.events.length === count ? body.events : undefined;
    },
    20_000,
    `${count} events for ${query}`,
  );
}

describe('server-owned fields and list fields end to end', () => {
  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'logwarden.yaml');
    await writeFile(config, 'node: node-e2e\n');
    server = await spawnServer(dataDir, ['--config', config]);
    token = (await readFile(server.tokenFile, 'utf8')).trim();
  });
  after(async () => {
    if (server) await server.stop();
    await removeDataDir(dataDir);
  });

  test('R-FIELDS-1: a sender cannot set logwarden.system, retention class or node; its claim is kept as a label', async () => {
    const marker = `sf${run}`;
    const body = [
      { message: `claims ${marker}`, logwarden: { system: 'x', node: 'elsewhere' }, 'logwarden.retention_class': 'forever', 'event.category': 'authentication', 'event.type': ['start', 'allowed'] },
      { message: `plain ${marker}`, event: { category: ['network', 'authentication'] } },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const response = await fetch(`${server.httpUrl}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body });
    assert.equal(response.status, 200, await response.text());
    const [claims] = await search(`message:claims AND message:${marker}`, 1);
    assert.equal(claims?.['logwarden.system'], 'unassigned');
    assert.equal(claims?.['logwarden.retention_class'], 'standard');
    assert.equal(claims?.['logwarden.node'], 'node-e2e');
    assert.deepEqual(claims?.['labels'], { 'logwarden.system': 'x', 'logwarden.node': 'elsewhere', 'logwarden.retention_class': 'forever' });
    assert.deepEqual(claims?.['event.category'], ['authentication'], 'a string becomes a one-value list');
    assert.deepEqual(claims?.['event.type'], ['start', 'allowed']);
    const both = await search(`event.category:authentication AND message:${marker}`, 2);
    assert.equal(both.length, 2);
    const [plain] = await search(`event.category:netw* AND message:${marker}`, 1);
    assert.deepEqual(plain?.['event.category'], ['network', 'authentication']);
    assert.equal(plain?.['logwarden.system'], 'unassigned');
  });
});

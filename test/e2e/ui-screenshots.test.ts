// Screenshots of the web UI's main views for docs/ui.md (issue 15), in real headless Chromium on
// a fresh built server seeded through the HTTP ingest (test/e2e/ui-seed.ts: sshd lines, a brute
// force the shipped pack turns into an alert). With UPDATE_SCREENSHOTS=1 (`npm run docs:ui`) it
// writes docs/ui/*.png at 1280×800 and rewrites docs/ui.md's "## Screenshots" section from the
// files; without it, it still opens every view, asserts its h1 and no console error or CSP
// violation, writes nothing, and checks that the section matches the PNGs on disk. A view the
// navigation does not offer (not built yet) is skipped with a note, not failed.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { openPage, type WatchedPage } from '../helpers/browser.ts';
import { screenshotsSectionNowAndExpected, SHOTS_DIR, writeScreenshotsSection, type ShotCaption } from './ui-screenshots-doc.ts';
import { ATTACKER, SEED_CONFIG, seed, seedEvents } from './ui-seed.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const UPDATE = process.env['UPDATE_SCREENSHOTS'] === '1';
const VIEWPORT = { width: 1280, height: 800 };

interface Shot extends ShotCaption {
  /** The navigation entry the view needs; without it the shot is skipped. */
  readonly nav?: string;
  /** Bring the view to what the picture shows; a string is why it cannot be shown (skipped with that note). */
  readonly open: (page: Page) => Promise<string | void>;
}

let world: UiWorld;
let alertId = '';

const clickNav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const eventRows = (page: Page) => page.locator('main').getByRole('row').filter({ hasText: 'Failed password' });

async function searchFailures(page: Page): Promise<string | void> {
  await clickNav(page, 'Search');
  const box = page.getByLabel('Query', { exact: true });
  if ((await box.count()) === 0) return 'the search view has no "Query" box yet';
  await box.fill(`"Failed password"`);
  await box.press('Enter');
  await eventRows(page).first().waitFor({ timeout: 15_000 });
}

const SHOTS: readonly Shot[] = [
  { file: 'search.png', caption: 'Search: failed SSH logins over the last 15 minutes', nav: 'Search', open: searchFailures },
  {
    file: 'record.png',
    caption: 'One record: its fields, context and integrity',
    nav: 'Search',
    open: async (page) => {
      const cannot = await searchFailures(page);
      if (cannot) return cannot;
      await eventRows(page).filter({ hasText: ATTACKER }).first().click();
    },
  },
  {
    file: 'tail.png',
    caption: 'Live tail: events as they arrive',
    nav: 'Live tail',
    open: async (page) => {
      await clickNav(page, 'Live tail');
      await page.waitForTimeout(500);
      await ingest(seedEvents().slice(-6));
      await page.waitForTimeout(1500);
    },
  },
  { file: 'alerts.png', caption: 'Alerts: the brute force the shipped pack detected', nav: 'Alerts', open: (page) => clickNav(page, 'Alerts') },
  {
    file: 'alert.png',
    caption: 'One alert: its detections, state and comments',
    nav: 'Alerts',
    open: async (page) => {
      await clickNav(page, 'Alerts');
      await page.goto(`${world.url}/ui/alerts/${encodeURIComponent(alertId)}`);
    },
  },
  { file: 'detections.png', caption: 'Detections: the rules in force', nav: 'Detections', open: (page) => clickNav(page, 'Detections') },
  { file: 'systems.png', caption: 'Systems: the inventory and what each system sent', nav: 'Systems', open: (page) => clickNav(page, 'Systems') },
  { file: 'integrity.png', caption: 'Integrity: the ledger, checkpoints and verification', nav: 'Integrity', open: (page) => clickNav(page, 'Integrity') },
  { file: 'admin.png', caption: 'Administration: users, tokens and the audit log', nav: 'Administration', open: (page) => clickNav(page, 'Administration') },
];
const SIGN_IN: ShotCaption = { file: 'sign-in.png', caption: 'Sign-in' };
const CAPTIONS: readonly ShotCaption[] = [SIGN_IN, ...SHOTS];

async function ingest(events: readonly Record<string, unknown>[]): Promise<void> {
  const token = (await readFile(world.server.tokenFile, 'utf8')).trim();
  const body = events.map((event) => JSON.stringify({ ...event, '@timestamp': new Date().toISOString() })).join('\n');
  const response = await fetch(`${world.url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
  assert.equal(response.status, 200, await response.text());
}

/** The view is drawn: its h1 is there, nothing is loading, the network is quiet. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page
    .locator('main .busy')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

async function capture(page: Page, file: string, t: TestContext): Promise<void> {
  if (!UPDATE) return;
  await mkdir(SHOTS_DIR, { recursive: true });
  await writeFile(path.join(SHOTS_DIR, file), await page.screenshot({ type: 'png' }));
  t.diagnostic(`wrote docs/ui/${file}`);
}

describe(`screenshots of the web UI${UPDATE ? ' (writing docs/ui/*.png)' : ' (rendering only)'}`, () => {
  let watched: WatchedPage;
  before(async () => {
    world = await startUiWorld({ config: SEED_CONFIG });
    alertId = await seed(world.url, world.server.tokenFile);
  });
  after(async () => {
    await watched?.close();
    await world?.close();
  });

  test('the sign-in page', async (t) => {
    const signIn = await openPage(world.browser, { viewport: VIEWPORT });
    await signIn.page.goto(`${world.url}/ui/`);
    await signIn.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await capture(signIn.page, SIGN_IN.file, t);
    assert.deepEqual(signIn.problems(), []);
    await signIn.close();
  });

  for (const shot of SHOTS) {
    test(`${shot.caption} (${shot.file})`, async (t) => {
      watched ??= await world.signedIn(undefined, undefined, { viewport: VIEWPORT });
      const { page } = watched;
      if (shot.nav && (await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: shot.nav, exact: true }).count()) === 0) {
        t.skip(`the navigation has no "${shot.nav}" entry (view not built yet): no ${shot.file}`);
        return;
      }
      const cannot = await shot.open(page);
      if (cannot) {
        t.skip(`${cannot}: no ${shot.file}`);
        return;
      }
      await settled(page);
      assert.equal(await page.locator('h1').count(), 1, `${shot.file}: one h1`);
      await capture(page, shot.file, t);
      assert.deepEqual(watched.problems(), [], shot.file);
    });
  }

  test('docs/ui.md lists exactly the screenshots in docs/ui/', async () => {
    if (UPDATE) await writeScreenshotsSection(CAPTIONS);
    const { now, expected } = await screenshotsSectionNowAndExpected(CAPTIONS);
    assert.equal(now, expected, 'run `npm run docs:ui` to remake the section from the files');
  });
});

// The web UI's shell on the built server, in real headless Chromium (issue 15): served at /ui/
// from the same listener, a browser asking `/` for HTML sent there, sign-in by the contract's
// labels, a wrong password refused with a message, the strict Content Security Policy with no
// violation, and sign-out. R-ACCESS-1 (access needs authentication), R-ACCESS-2 (least privilege).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage } from '../helpers/browser.ts';
import { ADMIN, startUiWorld, type UiWorld } from './ui-world.ts';

describe('the web UI shell in headless Chromium', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld();
  });
  after(async () => world?.close());

  test('`/` from a browser redirects to /ui/; shippers still get the Elasticsearch handshake', async () => {
    const browserAsk = await fetch(`${world.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
    assert.equal(browserAsk.status, 302);
    assert.equal(browserAsk.headers.get('location'), '/ui/');
    const shipper = await fetch(`${world.url}/`, { redirect: 'manual' });
    assert.equal(shipper.status, 401, 'the handshake still needs a token');
  });

  test('the page and its assets: strict CSP, no inline code, hashed assets cached, the page not', async () => {
    const page = await fetch(`${world.url}/ui/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    assert.doesNotMatch(html, /<script>|<style>|style=|onload=/, 'no inline script or style');
    const script = /src="(\/ui\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const asset = await fetch(`${world.url}${script}`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    const deep = await fetch(`${world.url}/ui/alerts/abc`);
    assert.equal(deep.status, 200, 'a client-side route answers the page');
    assert.equal((await fetch(`${world.url}/ui/assets/nope.js`)).status, 404);
  });

  test('a wrong password is refused with a message; the right one signs in; sign-out ends the session', async () => {
    const watched = await openPage(world.browser, { expectedErrors: [/401 \(Unauthorized\)/] });
    const { page } = watched;
    await page.goto(`${world.url}/ui/`);
    await page.getByLabel('User name').fill(ADMIN.user);
    await page.getByLabel('Password').fill('not-the-password-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'LW_SIGN_IN_FAILED' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    for (const name of ['Search', 'Live tail', 'Alerts', 'Detections', 'Systems', 'Integrity', 'Administration']) {
      assert.equal(await nav.getByRole('link', { name }).count(), 1, name);
    }
    await page.waitForURL(/\/ui\/search$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('a reader sees only the views its role grants', async () => {
    await world.addUser('rita', 'reader', 'a-reader-password-long-enough');
    const watched = await world.signedIn('rita', 'a-reader-password-long-enough');
    const nav = watched.page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Search' }).count(), 1);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

// The Administration and Account views on the built server, in real headless Chromium (issue 15):
// an admin creates a token whose secret is shown once and works, is gone from the page when the
// dialog closes, is listed without it, and stops working when revoked; the audit trail shows both
// changes with their actor; a user added in the page can sign in; callers without a permission see
// neither the view nor its forms; a user changes their own password and signs in with it.
// R-ACCESS-1 (access needs authentication; rights by role), R-ACCESS-2 (the use is audited).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInThroughForm } from '../helpers/browser.ts';
import { ADMIN, startUiWorld, type UiWorld } from './ui-world.ts';

const run = randomUUID().slice(0, 6);

/** Reloads the page until `check` holds: what the server just stored is searchable a moment later. */
async function untilShown(page: Page, check: () => Promise<boolean>, what: string, shown: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // Give the page's own fetch a few seconds to answer before asking again by a reload.
    for (const started = Date.now(); Date.now() - started < 3_000; await page.waitForTimeout(250)) if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not shown in time: ${what}; the page shows: ${await shown()}`);
    await page.reload();
  }
}

describe('the Administration and Account views in headless Chromium', () => {
  let world: UiWorld;
  const tokenName = `ui-token-${run}`;
  before(async () => {
    world = await startUiWorld();
  });
  after(async () => world?.close());

  test('R-ACCESS-1: a token made in the page shows its secret once, works, is listed without it, and is refused once revoked', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await watched.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Tokens' }).click();
    await page.waitForURL(/\/ui\/admin\/tokens$/);
    const form = page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Token name').fill(tokenName);
    await form.getByLabel('Role', { exact: true }).selectOption('reader');
    await form.getByLabel('Expires').fill('30d');
    await form.getByRole('button', { name: 'Create token' }).click();

    const dialog = page.getByRole('dialog', { name: `Token ${tokenName} created` });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /shown only this once/);
    const secret = await dialog.getByLabel('Token secret').inputValue();
    assert.match(secret, /^lw_/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), secret);

    const me = await fetch(`${world.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { name: string; role: string }).name, tokenName);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page once the dialog closed');
    // Evaluated in the page (a string: this file is type-checked without the DOM's types).
    const kept = String(await page.evaluate('JSON.stringify({ url: location.href, local: { ...localStorage }, session: { ...sessionStorage }, history: history.state })'));
    assert.ok(!kept.includes(secret), kept);

    const row = page.getByRole('table', { name: 'Tokens' }).getByRole('row').filter({ hasText: tokenName });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    assert.match(rowText, /reader/);
    assert.match(rowText, /active/);
    assert.ok(!rowText.includes(secret), 'listed without its secret');
    assert.ok(rowText.includes(secret.slice(3, 9)), 'listed with its hint');

    await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke token' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await row.filter({ hasText: 'revoked' }).waitFor();
    const refused = await fetch(`${world.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(refused.status, 401);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-2: the audit trail lists the token’s creation and revocation with the actor, filtered by action', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/admin/audit`);
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Action').selectOption('token-change');
    await filters.getByLabel('Actor').fill(ADMIN.user);
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/action=token-change/);
    const rows = page.getByRole('table', { name: 'Audit trail' }).getByRole('row').filter({ hasText: tokenName });
    const texts = async () => (await rows.allTextContents()).join('\n');
    const table = page.getByRole('table', { name: 'Audit trail' });
    // Both changes listed, and nothing but token changes (the header row aside).
    const onlyTokenChanges = async () => (await table.getByRole('row').filter({ hasNotText: 'token-change' }).count()) === 1;
    await untilShown(
      page,
      async () => /\(create\)/.test(await texts()) && /\(revoke\)/.test(await texts()) && (await onlyTokenChanges()),
      'token-change create and revoke, and only those',
      async () => (await table.innerText()).slice(0, 3000),
    );
    for (const text of await rows.allTextContents()) {
      assert.match(text, new RegExp(`^[^\\n]*${ADMIN.user}token-change`), 'each row names the actor and the action');
    }
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-1: a user added in the page signs in with the initial password and gets the role given', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/admin/users`);
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('New user name').fill(`reed-${run}`);
    await form.getByLabel('Role', { exact: true }).selectOption('reader');
    await form.getByLabel('Systems').fill('logwarden');
    await form.getByLabel('Initial password').fill('a-long-initial-password-1');
    await form.getByRole('button', { name: 'Add user' }).click();
    const row = page
      .getByRole('table', { name: 'Users' })
      .getByRole('row')
      .filter({ hasText: `reed-${run}` });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /reader.*logwarden.*password.*active/);
    assert.deepEqual(watched.problems(), []);
    await watched.close();

    const reed = await world.signedIn(`reed-${run}`, 'a-long-initial-password-1');
    await reed.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    const facts = (await reed.page.locator('.facts').textContent()) ?? '';
    assert.match(facts, new RegExp(`reed-${run}.*reader.*logwarden`));
    assert.deepEqual(reed.problems(), []);
    await reed.close();
  });

  test('R-ACCESS-1: changing a user in the page: role and systems, a new password, disabled (asked first) and enabled again', async () => {
    const name = `vic-${run}`;
    await world.addUser(name, 'reader', 'vics-first-password-1');
    const signIn = async (password: string) =>
      (await fetch(`${world.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: name, password }) })).status;
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/admin/users`);
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: `Change ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Change user ${name}` });
    await dialog.getByLabel('Role', { exact: true }).selectOption('analyst');
    await dialog.getByLabel('Systems', { exact: true }).fill('logwarden');
    await dialog.getByRole('button', { name: 'Save role and systems' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Role and systems saved.' }).waitFor();
    await row.filter({ hasText: /analyst.*logwarden/ }).waitFor();
    await dialog.getByLabel(`New password for ${name}`).fill('vics-second-password-2');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Password set' }).waitFor();
    assert.equal(await signIn('vics-second-password-2'), 200, 'the new password signs in');
    await dialog.getByRole('button', { name: 'Disable user' }).click();
    await page.getByRole('alertdialog', { name: 'Disable user' }).getByRole('button', { name: 'Disable' }).click();
    await row.filter({ hasText: 'disabled' }).waitFor();
    assert.equal(await signIn('vics-second-password-2'), 401, 'a disabled user cannot sign in');
    await dialog.getByRole('button', { name: 'Enable user' }).click();
    await row.filter({ hasText: 'active' }).waitFor();
    assert.equal(await signIn('vics-second-password-2'), 200, 'enabled again');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-1: without users.manage there is no user form; without any admin permission no Administration entry', async () => {
    await world.addUser(`rita-${run}`, 'reader', 'a-reader-password-long-enough');
    const reader = await world.signedIn(`rita-${run}`, 'a-reader-password-long-enough');
    const nav = reader.page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Account' }).count(), 1, 'every signed-in caller has an Account page');
    await reader.page.goto(`${world.url}/ui/admin/users`);
    await reader.page.waitForURL((url) => !url.pathname.startsWith('/ui/admin'));
    assert.equal(await reader.page.getByRole('form', { name: 'Add a user' }).count(), 0);
    assert.deepEqual(reader.problems(), []);
    await reader.close();

    // An auditor reads the roles and the trail, but manages neither users nor tokens.
    await world.addUser(`otto-${run}`, 'auditor', 'an-auditor-password-long-enough');
    const auditor = await world.signedIn(`otto-${run}`, 'an-auditor-password-long-enough');
    await auditor.page.goto(`${world.url}/ui/admin/users`);
    await auditor.page.waitForURL(/\/ui\/admin\/roles$/);
    const tabs = auditor.page.getByRole('navigation', { name: 'Administration' });
    assert.deepEqual(await tabs.getByRole('link').allTextContents(), ['Roles', 'Audit trail']);
    const roles = auditor.page.getByRole('table', { name: 'Roles' });
    await roles.getByRole('row').filter({ hasText: 'third-party' }).waitFor();
    assert.match((await roles.getByRole('row').filter({ hasText: 'auditor' }).first().textContent()) ?? '', /audit\.read/);
    assert.equal(await auditor.page.getByRole('form', { name: 'Add a user' }).count(), 0);
    assert.equal(await auditor.page.getByRole('form', { name: 'Create a token' }).count(), 0);
    assert.deepEqual(auditor.problems(), []);
    await auditor.close();
  });

  test('R-ACCESS-1: on Account a user changes their own password (the policy named when refused), signs out and in with the new one', async () => {
    const name = `carol-${run}`;
    await world.addUser(name, 'analyst', 'carols-first-password-1');
    const watched = await world.signedIn(name, 'carols-first-password-1', { expectedErrors: [/400 \(Bad Request\)/] });
    const { page } = watched;
    await page.goto(`${world.url}/ui/account`);
    const form = page.getByRole('form', { name: 'Change password' });
    const fill = async (current: string, next: string, repeat: string) => {
      await form.getByLabel('Current password').fill(current);
      await form.getByLabel('New password', { exact: true }).fill(next);
      await form.getByLabel('Repeat new password').fill(repeat);
      await form.getByRole('button', { name: 'Change password' }).click();
    };
    await fill('carols-first-password-1', 'carols-second-password-2', 'carols-second-password-X');
    await form.getByRole('alert').filter({ hasText: 'differ' }).waitFor();
    await fill('carols-first-password-1', 'short', 'short');
    await form.getByRole('alert').filter({ hasText: 'LW_PASSWORD_POLICY' }).waitFor();
    await fill('carols-first-password-1', 'carols-second-password-2', 'carols-second-password-2');
    await form.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signInThroughForm(page, world.url, name, 'carols-second-password-2');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

// The search view's record panel, field sidebar and saved searches on the built server, in real
// headless Chromium (issue 15): filter for / out from the sidebar's top values and from the record,
// "Add column", the context from the same source, the inclusion proof checked in the browser and
// the evidence downloaded (and accepted by `logwarden verify-proof`), saved searches per user, and
// a masked viewer who sees no integrity evidence. No CSP violation, no console error anywhere.
// R-TAMPER-1 (a record's integrity can be shown), R-MASK-1, R-ACCESS-2 (each user's own data).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { currentVerifierKey, ingest } from '../helpers/ledger.ts';
import { eventually, runCli } from '../helpers/server.ts';
import { ADMIN, startUiWorld, type UiWorld } from './ui-world.ts';

/** A word only this run's events hold, so the queries find exactly them. */
const word = `uirec${randomUUID().slice(0, 8)}`;
const ANALYST = { user: 'anna', password: 'an-analyst-password-long-enough' } as const;
const VENDOR = { user: 'vera', password: 'a-third-party-password-long' } as const;

/** web-1/sshd 0–5, web-1/nginx 0–2 and db-1/sshd 0–2, interleaved, a second apart. */
function events(): Record<string, unknown>[] {
  const sources = [
    ...Array.from({ length: 6 }, (_, n) => ({ host: 'web-1', app: 'sshd', n })),
    ...Array.from({ length: 3 }, (_, n) => ({ host: 'web-1', app: 'nginx', n })),
    ...Array.from({ length: 3 }, (_, n) => ({ host: 'db-1', app: 'sshd', n })),
  ].sort((a, b) => a.n - b.n);
  const start = Date.now() - 60_000;
  return sources.map(({ host, app, n }, index) => ({
    '@timestamp': new Date(start + index * 1000).toISOString(),
    host: { name: host },
    log: { syslog: { appname: app } },
    message: `${word} ctx-${host}-${app}-${n}`,
  }));
}

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Query', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The result rows of this run's events (not a header row). */
const resultRows = (page: Page) => page.getByRole('row').filter({ hasText: 'ctx-' });

async function rowCount(page: Page, expected: number): Promise<void> {
  await eventually(async () => ((await resultRows(page).count()) === expected ? true : undefined), 15_000, `${expected} result rows`);
}

async function openRecord(page: Page, message: string) {
  await resultRows(page).filter({ hasText: message }).first().click();
  const record = page.getByRole('region', { name: 'Record', exact: true });
  await record.waitFor();
  return record;
}

describe('the record panel, field sidebar and saved searches in headless Chromium', () => {
  let world: UiWorld;
  before(async () => {
    world = await startUiWorld();
    await ingest(world.server, events());
    await world.addUser(ANALYST.user, 'analyst', ANALYST.password);
    await world.addUser(VENDOR.user, 'third-party', VENDOR.password);
  });
  after(async () => world?.close());

  test('R-TAMPER-1: filter for and out from the sidebar and the record, add a column, close with Escape', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await search(page, word);
    await rowCount(page, 12);

    const fields = page.getByRole('navigation', { name: 'Fields' });
    await fields.getByRole('button', { name: /^host\.name/ }).click();
    const hosts = fields.getByRole('list', { name: 'Top values of host.name' });
    await hosts.getByText('web-1').waitFor();
    assert.match((await hosts.textContent()) ?? '', /web-1\s*9/, 'the count is over the whole search');
    await fields.getByRole('button', { name: 'Filter out host.name: db-1' }).click();
    await rowCount(page, 9);
    assert.equal(await page.getByLabel('Query', { exact: true }).inputValue(), `${word} -host.name:db-1`);
    // The open field's counts follow the new search.
    await eventually(async () => ((await hosts.textContent())?.includes('db-1') ? undefined : true), 10_000, 'db-1 gone from the top values');

    let record = await openRecord(page, 'ctx-web-1-sshd-3');
    const appRow = record.getByRole('row', { name: /log\.syslog\.appname/ });
    assert.match((await appRow.textContent()) ?? '', /sshd/);
    await record.getByRole('button', { name: 'Filter for log.syslog.appname: sshd' }).click();
    await rowCount(page, 6);
    assert.equal(await page.getByLabel('Query', { exact: true }).inputValue(), `${word} -host.name:db-1 log.syslog.appname:sshd`);

    record = await openRecord(page, 'ctx-web-1-sshd-3');
    await record.getByRole('button', { name: 'Add column event.sequence' }).click();
    await page.getByRole('columnheader', { name: 'event.sequence' }).waitFor();
    assert.equal(await record.getByRole('button', { name: 'Add column event.sequence' }).count(), 0, 'a column already shown is not offered again');

    await page.keyboard.press('Escape');
    await eventually(async () => ((await page.getByRole('region', { name: 'Record', exact: true }).count()) === 0 ? true : undefined), 5000, 'the record closed');
    record = await openRecord(page, 'ctx-web-1-sshd-2');
    await record.getByRole('button', { name: 'Close the record' }).click();
    await eventually(async () => ((await page.getByRole('region', { name: 'Record', exact: true }).count()) === 0 ? true : undefined), 5000, 'the record closed');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-TAMPER-1: the context is the same source’s neighbours; the proof is checked in the browser and the evidence verifies offline', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await search(page, word);
    await rowCount(page, 12);
    const record = await openRecord(page, 'ctx-web-1-sshd-3');

    const context = record.getByRole('list', { name: 'Surrounding events' });
    await context.getByText('ctx-web-1-sshd-5').waitFor();
    const text = (await context.textContent()) ?? '';
    for (let n = 0; n < 6; n++) assert.match(text, new RegExp(`ctx-web-1-sshd-${n}`));
    assert.doesNotMatch(text, /nginx|db-1/, 'only the same host and app');
    assert.match((await context.locator('[aria-current="true"]').textContent()) ?? '', /ctx-web-1-sshd-3/);

    // The proof needs a checkpoint that covers the record (one is signed every second).
    const seq = Number(/#(\d+)/.exec((await context.locator('[aria-current="true"]').textContent()) ?? '')?.[1]);
    const token = (await readFile(world.server.tokenFile, 'utf8')).trim();
    await eventually(async () => ((await fetch(`${world.url}/api/v1/ledger/proof/inclusion?seq=${seq}`, { headers: { authorization: `Bearer ${token}` } })).ok ? true : undefined));
    await record.getByRole('button', { name: 'Check the proof' }).click();
    const verdict = record.getByText(/^Proof checked: included in checkpoint size \d+, signed by /);
    await verdict.waitFor({ timeout: 15_000 });
    const key = await currentVerifierKey(world.dataDir);
    assert.match((await verdict.textContent()) ?? '', new RegExp(key.replace(/[+/]/g, '\\$&')));

    const [download] = await Promise.all([page.waitForEvent('download'), record.getByRole('button', { name: 'Download evidence' }).click()]);
    assert.equal(download.suggestedFilename(), `logwarden-evidence-${seq}.json`);
    const file = path.join(world.dataDir, 'evidence-download.json');
    await download.saveAs(file);
    const evidence = JSON.parse(await readFile(file, 'utf8')) as { record: Record<string, unknown>; browserCheck: { ok: boolean } };
    assert.equal(evidence.record['message'], `${word} ctx-web-1-sshd-3`);
    assert.equal(evidence.browserCheck.ok, true);
    const checked = await runCli(['verify-proof', '--evidence', file, '--public-key', key]);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, new RegExp(`^OK: record ${seq} is in the tree`));
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-2: saved searches are saved, opened and deleted, and are their owner’s alone', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    const query = `${word} host.name:db-1`;
    await search(page, query);
    await rowCount(page, 3);
    await page.getByText('Saved searches', { exact: true }).click();
    await page.getByLabel('Name of the search to save').fill('db sshd');
    await page.getByRole('button', { name: 'Save search' }).click();
    const open = page.getByRole('button', { name: 'Open saved search db sshd' });
    await open.waitFor();

    await search(page, word);
    await rowCount(page, 12);
    await open.click();
    await rowCount(page, 3);
    assert.equal(await page.getByLabel('Query', { exact: true }).inputValue(), query);

    // Another user sees none of it.
    const other = await world.signedIn(ANALYST.user, ANALYST.password);
    await other.page.getByText('Saved searches', { exact: true }).click();
    await other.page.getByText('None saved yet.').waitFor();
    assert.equal(await other.page.getByRole('button', { name: 'Open saved search db sshd' }).count(), 0);
    assert.deepEqual(other.problems(), []);
    await other.close();

    await page.getByRole('button', { name: 'Delete saved search db sshd' }).click();
    await eventually(async () => ((await open.count()) === 0 ? true : undefined), 5000, 'the saved search gone');
    await page.reload();
    await page.getByText('Saved searches', { exact: true }).click();
    await page.getByText('None saved yet.').waitFor();

    // Saving and deleting are on the audit trail, with who did it.
    const token = (await readFile(world.server.tokenFile, 'utf8')).trim();
    const trail = (await (await fetch(`${world.url}/api/v1/audit?action=saved-search-change`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: Record<string, unknown>[] };
    const done = trail.events.filter((event) => event['event.outcome'] === 'success').map((event) => [event['user.name'], event['event.type']]);
    assert.deepEqual(done, [
      [ADMIN.user, ['deletion']],
      [ADMIN.user, ['creation']],
    ]);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-MASK-1: a masked viewer sees the record and its context masked, and no Integrity section', async () => {
    const watched = await world.signedIn(VENDOR.user, VENDOR.password);
    const { page } = watched;
    // A masked caller may not search free text: ask by a shown field.
    await search(page, 'log.syslog.appname:nginx');
    await rowCount(page, 3);
    const record = await openRecord(page, 'ctx-');
    await record.getByRole('list', { name: 'Surrounding events' }).waitFor();
    const host = record.getByRole('row').filter({ hasText: /^host\.name/ });
    assert.equal(await host.count(), 1);
    assert.doesNotMatch((await host.textContent()) ?? '', /web-1/, 'the host name is a pseudonym');
    assert.equal(await record.getByRole('heading', { name: 'Integrity' }).count(), 0);
    assert.equal(await record.getByRole('button', { name: 'Check the proof' }).count(), 0);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

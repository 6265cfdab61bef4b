// The Integrity view on the built server in headless Chromium (issue 15): the latest signed
// checkpoints and the transparency file's lines, "Run verify" started in the server with its
// progress polled, ending "verified N records, no problems" and audited; a role without
// integrity.verify sees no Run button; a masked viewer has no Integrity view and the routes
// refuse masked callers; then the store is tampered with (server stopped, a record rewritten
// through the engine, server restarted) and the UI's verify names the first bad record.
// R-TAMPER-1 (tampering detected, by record), R-TAMPER-2 (signed checkpoints published),
// R-ACCESS-2 (least privilege), R-MASK-1 (no integrity evidence for masked viewers).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { checkpointsResponse, transparencyTailResponse, verifyJob, verifyJobsResponse } from '../../src/contracts/index.ts';
import { openPage, signInThroughForm } from '../helpers/browser.ts';
import { ingest, withEngine } from '../helpers/ledger.ts';
import { eventually, removeDataDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';
import { ADMIN, startUiWorld, type UiWorld } from './ui-world.ts';

const CONFIG = `
ingest:
  parsers: false
access:
  roles:
    - name: masked-auditor
      permissions: [events.read, integrity.verify, systems.read]
      masking: third-party
`;
const READER = { user: 'rita', password: 'a-reader-password-long-enough' } as const;
const TARGET = 'the record that will be rewritten';

describe('the Integrity view in headless Chromium', () => {
  let world: UiWorld;
  let restarted: SpawnedServer | undefined;
  let adminToken: string;
  const asAdmin = async (route: string, init: RequestInit = {}) => fetch(`${(restarted ?? world.server).httpUrl}${route}`, { ...init, headers: { authorization: `Bearer ${adminToken}` } });

  before(async () => {
    world = await startUiWorld({ config: CONFIG });
    adminToken = (await readFile(world.server.tokenFile, 'utf8')).trim();
    await ingest(world.server, [{ message: 'first' }, { message: TARGET }, { message: 'third' }]);
    await world.addUser(READER.user, 'reader', READER.password);
  });
  after(async () => {
    if (!restarted) return world?.close();
    await world.browser.close();
    await restarted.stop();
    await removeDataDir(world.dataDir);
  });

  test('R-TAMPER-2: the latest signed checkpoint and the transparency file’s latest lines are shown', async () => {
    const checkpoints = checkpointsResponse.parse(await (await asAdmin('/api/v1/ledger/checkpoints?limit=5')).json());
    const latest = checkpoints.checkpoints[0];
    assert.ok(latest, 'a checkpoint was signed');
    const watched = await world.signedIn();
    const { page } = watched;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrity' }).click();
    await page.waitForURL(/\/ui\/integrity$/);
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Root hash' }) });
    await table.waitFor();
    // The newest row is at least as new as the checkpoint read just before.
    const firstRow = table.getByRole('row').nth(1);
    const size = Number(((await firstRow.getByRole('cell').nth(0).textContent()) ?? '').replaceAll(',', ''));
    assert.ok(size >= latest.size, `${size} >= ${latest.size}`);
    assert.match((await firstRow.textContent()) ?? '', /[0-9a-f]{64}/);
    assert.match((await firstRow.textContent()) ?? '', new RegExp(`${checkpoints.origin.replaceAll('.', '\\.')}\\+[0-9a-f]{8}`));
    const tail = page.getByLabel('The transparency file’s latest lines');
    await tail.waitFor();
    assert.match((await tail.textContent()) ?? '', new RegExp(`${checkpoints.origin.replaceAll('.', '\\.')}\\n\\d+\\n`));
    assert.match((await page.getByRole('region', { name: 'Transparency file' }).textContent()) ?? '', /ledger\/checkpoints/);
    // The download is the whole file, as the browser's session gets it.
    const href = await page.getByRole('link', { name: 'Download the transparency file' }).getAttribute('href');
    const downloaded = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    assert.equal(downloaded, await readFile(`${world.dataDir}/ledger/checkpoints`, 'utf8').then((text) => text.slice(0, downloaded.length)));
    const tailAnswer = transparencyTailResponse.parse(await (await asAdmin('/api/v1/ledger/transparency-file/tail?lines=3')).json());
    assert.equal(tailAnswer.lines.length, 3);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-TAMPER-1: Run verify shows progress and ends "verified N records, no problems"; the run is audited', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.goto(`${world.url}/ui/integrity`);
    await page.getByText('No verify has run since the server started.').waitFor();
    // The progress bar shows from the start's answer (a running job) until a poll finds it done:
    // on three records that is one poll (~500 ms), so a page-side observer records that it showed.
    await page.evaluate(`new MutationObserver(() => {
      const bar = document.querySelector('progress');
      if (bar) window.progressSeen = bar.getAttribute('aria-label');
    }).observe(document.body, { childList: true, subtree: true })`);
    await page.getByRole('button', { name: 'Run verify' }).click();
    const result = page.getByRole('status', { name: 'Last verify result' });
    await result.getByText(/^verified \d+ records, no problems$/).waitFor({ timeout: 30_000 });
    assert.match((await result.textContent()) ?? '', new RegExp(`by ${ADMIN.user}`));
    assert.match(String(await page.evaluate('window.progressSeen ?? "no progress shown"')), /^verifying/);
    assert.equal(await page.locator('progress').count(), 0, 'the bar is gone once the verify ended');
    const jobs = verifyJobsResponse.parse(await (await asAdmin('/api/v1/ledger/verify-jobs')).json());
    assert.equal(jobs.running, null);
    assert.equal(jobs.last?.state, 'done');
    assert.equal(jobs.last?.report?.ok, true);
    assert.equal(jobs.last?.checked, jobs.last?.total, 'progress reached the total');
    assert.ok((jobs.last?.report?.records ?? 0) >= 3);
    // Audited: the start (the request) and the finish (with its result).
    const audit = await (await asAdmin('/api/v1/audit?action=verify')).json();
    const messages = (audit as { events: { message: string }[] }).events.map((event) => event.message).join('\n');
    assert.match(messages, new RegExp(`verify ${jobs.last?.id}: verified \\d+ records against \\d+ checkpoints, no problems`));
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-TAMPER-1: one verify at a time: two starts at once give one job, the second answered the running one', async () => {
    const starts = await Promise.all([0, 1].map(async () => asAdmin('/api/v1/ledger/verify-jobs', { method: 'POST' })));
    const answers = await Promise.all(starts.map(async (response) => ({ status: response.status, job: verifyJob.parse(await response.json()) })));
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 202]);
    assert.equal(answers[0]?.job.id, answers[1]?.job.id);
    await eventually(async () => {
      const jobs = verifyJobsResponse.parse(await (await asAdmin('/api/v1/ledger/verify-jobs')).json());
      return jobs.running === null && jobs.last?.id === answers[0]?.job.id ? true : undefined;
    });
  });

  test('R-ACCESS-2: a role without integrity.verify sees the evidence but no Run verify button; POST is 403', async () => {
    // The page's own POST below is refused on purpose.
    const watched = await world.signedIn(READER.user, READER.password, { expectedErrors: [/403 \(Forbidden\)/] });
    const { page } = watched;
    await page.goto(`${world.url}/ui/integrity`);
    await page.getByRole('heading', { name: 'Signed checkpoints' }).waitFor();
    await page.getByRole('status', { name: 'Last verify result' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Run verify' }).count(), 0);
    const refused = await page.evaluate(async () => (await fetch('/api/v1/ledger/verify-jobs', { method: 'POST' })).status);
    assert.equal(refused, 403);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-MASK-1: a masked viewer has no Integrity view, and every integrity route refuses masked callers', async () => {
    await world.addUser('mona', 'masked-auditor', 'a-masked-password-long-enough');
    const watched = await world.signedIn('mona', 'a-masked-password-long-enough');
    const nav = watched.page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Integrity' }).count(), 0);
    await watched.page.goto(`${world.url}/ui/integrity`);
    await watched.page.waitForURL((url) => !url.pathname.startsWith('/ui/integrity'));
    assert.deepEqual(watched.problems(), []);
    await watched.close();
    const token = await world.cli(['token', 'create', '--name', 'masked-probe', '--role', 'masked-auditor']);
    assert.equal(token.code, 0, token.stderr);
    for (const [method, route] of [
      ['GET', '/api/v1/ledger/checkpoints'],
      ['GET', '/api/v1/ledger/transparency-file'],
      ['GET', '/api/v1/ledger/transparency-file/tail'],
      ['GET', '/api/v1/ledger/verify-jobs'],
      ['GET', '/api/v1/ledger/verify-jobs/some-id'],
      ['POST', '/api/v1/ledger/verify-jobs'],
    ] as const) {
      const answer = await fetch(`${world.url}${route}`, { method, headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      const text = await answer.text();
      assert.equal(answer.status, 403, `${method} ${route}: ${text}`);
      assert.match(text, /LW_AUTH_FORBIDDEN/);
      if (method === 'POST') assert.match(text, /masked caller/, 'refused for the masking (the role holds integrity.verify)');
    }
  });

  test('R-TAMPER-1: after a record is rewritten in the store, the UI’s verify names the first bad record', async () => {
    await world.server.stop();
    const seq = await withEngine(world.dataDir, async (engine) => {
      const [row] = await engine.query<{ seq: string }>('SELECT toString(event_sequence) AS seq FROM events WHERE message = {m:String}', { m: TARGET });
      assert.ok(row, 'the target record is stored');
      await engine.command(`ALTER TABLE events UPDATE message = 'nothing to see' WHERE message = {m:String} SETTINGS mutations_sync = 2`, { m: TARGET });
      return Number(row.seq);
    });
    restarted = await spawnServer(world.dataDir, ['--config', `${world.dataDir}/logwarden.yaml`]);
    const watched = await openPage(world.browser);
    const { page } = watched;
    await signInThroughForm(page, restarted.httpUrl, ADMIN.user, ADMIN.password);
    await page.goto(`${restarted.httpUrl}/ui/integrity`);
    await page.getByRole('button', { name: 'Run verify' }).click();
    const result = page.getByRole('status', { name: 'Last verify result' });
    await result.getByText(/^\d+ problems? in \d+ records$/).waitFor({ timeout: 30_000 });
    assert.match((await result.textContent()) ?? '', new RegExp(`First problem: record ${seq} \\(changed\\): record ${seq} was changed`));
    const jobs = verifyJobsResponse.parse(await (await asAdmin('/api/v1/ledger/verify-jobs')).json());
    const job = verifyJob.parse(jobs.last);
    assert.equal(job.report?.ok, false);
    assert.equal(job.report?.problems[0]?.seq, seq);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

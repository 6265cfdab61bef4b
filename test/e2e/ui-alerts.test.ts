// The Alerts and Detections views on the built server, in real headless Chromium (issue 15): an SSH
// brute force sent as sshd's own lines with `logger --tcp` makes the shipped pack's rule fire and
// notify a webhook; the analyst finds the alert in /ui/alerts, opens it and sees why it fired, its
// evidence (linked to exactly those events in the search) and the notice sent; acknowledges,
// assigns, comments and closes it with a disposition, and the history names each change and who
// made it, as the API does; a reader sees the alert and no action; the detections list shows the
// detection with its alert, the rules in use and a hunt (a long one shows progress and is
// cancelled); a masked third party sees the detection masked; an unknown alert shows the API's
// refusal; the list picks up a new alert by itself while visible and makes no call while hidden.
// R-ANALYSE-1, R-ANALYSE-2, R-ANALYSE-4, R-ACCESS-1, R-ACCESS-2, R-MASK-1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { alertDetailResponse, alertsResponse, type AlertContract, type AlertDetailResponse } from '../../src/contracts/index.ts';
import { eventually } from '../helpers/server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { startUiWorld, type UiWorld } from './ui-world.ts';

const execFileAsync = promisify(execFile);
/** The shipped pack's rule (rules/logwarden/authentication/sshd_brute_force_source.yml): ten failures from one address in 5 minutes. */
const BRUTE_FORCE_BY_SOURCE = 'caa1c4e1-c62e-47d9-83f8-6da1cab0359a';
const BRUTE_FORCE_TITLE = 'SSH brute force from one address';
const ATTACKER = '203.0.113.9';
const LATER_ATTACKER = '203.0.113.77';
const SYSTEM = 'bastion';
const HOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
/** The inventory puts sshd's lines in one system; every alert goes to a webhook on loopback. */
const config = (hookUrl: string) => `systems:
  - name: ${SYSTEM}
    owner: ops
    match: {app: [sshd]}
alerts:
  groupWait: 1s
notifications:
  channels:
    - {name: hook, type: webhook, url: "${hookUrl}/hook", secret: "${HOOK_SECRET}"}
  routes:
    - channels: [hook]
`;
const ANALYST = { user: 'ann', password: 'an-analyst-password-long-enough' };
const READER = { user: 'rita', password: 'a-reader-password-long-enough' };
const THIRD_PARTY = { user: 'vera', password: 'a-vendor-password-long-enough' };

let world: UiWorld;
let hook: WebhookReceiver;
let alert: AlertContract;

async function adminGet(route: string): Promise<unknown> {
  const token = (await readFile(world.server.tokenFile, 'utf8')).trim();
  const response = await fetch(new URL(route, world.url), { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${route}: ${await response.clone().text()}`);
  return response.json();
}

/** Ten failed logins for `user` from `address`, as sshd's lines over TCP. */
async function bruteForce(address: string, user: string): Promise<void> {
  const file = path.join(world.dataDir, `brute-${address}.log`);
  await writeFile(file, `${Array.from({ length: 10 }, (_, k) => `Failed password for ${user} from ${address} port ${40_000 + k} ssh2`).join('\n')}\n`);
  const port = String(world.server.syslogTcp.port);
  await execFileAsync('logger', ['--tcp', '--rfc5424', '-n', '127.0.0.1', '-P', port, '-t', 'sshd', '--id=4242', '-p', 'auth.info', '-f', file], { timeout: 60_000 });
}

async function alertFor(address: string): Promise<AlertContract> {
  return eventually(
    async () => alertsResponse.parse(await adminGet(`/api/v1/alerts?rule=${BRUTE_FORCE_BY_SOURCE}`)).alerts.find((found) => found.group['source.ip'] === address),
    60_000,
    `an alert for ${address}`,
  );
}

async function detail(id: string): Promise<AlertDetailResponse> {
  return alertDetailResponse.parse(await adminGet(`/api/v1/alerts/${id}`));
}

describe('the Alerts and Detections views in headless Chromium', () => {
  before(async () => {
    hook = await startWebhookReceiver({ secret: HOOK_SECRET });
    world = await startUiWorld({ config: config(hook.url) });
    await world.addUser(ANALYST.user, 'analyst', ANALYST.password);
    await world.addUser(READER.user, 'reader', READER.password);
    await world.addUser(THIRD_PARTY.user, 'third-party', THIRD_PARTY.password);
    await bruteForce(ATTACKER, 'root');
    alert = await alertFor(ATTACKER);
    await eventually(async () => ((await detail(alert.id)).notifications.some((notice) => notice.status === 'delivered') ? true : undefined), 30_000, 'the webhook delivered');
  });
  after(async () => {
    await world?.close();
    await hook?.close();
  });

  test('R-ANALYSE-2: the alert is listed and filtered in /ui/alerts; its page shows why it fired and links its evidence to the search', async () => {
    const watched = await world.signedIn(ANALYST.user, ANALYST.password);
    const { page } = watched;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    const table = page.getByRole('table', { name: 'Alerts' });
    const row = table.getByRole('row').filter({ hasText: `source.ip=${ATTACKER}` });
    await row.waitFor();
    assert.match(await row.innerText(), /high[\s\S]*open[\s\S]*SSH brute force from one address[\s\S]*bastion/);
    await page.getByLabel('Level').selectOption('low');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No alert matches these filters.').waitFor();
    assert.match(page.url(), /\/ui\/alerts\?level=low$/);
    await page.getByLabel('Level').selectOption('high');
    await page.getByLabel('State').selectOption('open');
    await page.getByLabel('System').fill(SYSTEM);
    await page.getByRole('button', { name: 'Apply' }).click();
    await row.waitFor();

    await row.getByRole('link', { name: BRUTE_FORCE_TITLE }).click();
    await page.waitForURL(new RegExp(`/ui/alerts/${alert.id}$`));
    await page.getByRole('heading', { level: 1, name: BRUTE_FORCE_TITLE }).waitFor();
    const why = page.getByLabel('Explanation');
    await why.waitFor();
    const explanation = await why.innerText();
    for (const expected of ['correlation', 'event_count', 'Condition', '≥ 10', `source.ip=${ATTACKER}`, 'Window']) assert.ok(explanation.includes(expected), `${expected} in:\n${explanation}`);
    const facts = await page.getByLabel('About this alert').innerText();
    for (const expected of [BRUTE_FORCE_BY_SOURCE, 'high', SYSTEM, `source.ip=${ATTACKER}`]) assert.ok(facts.includes(expected), `${expected} in:\n${facts}`);

    const { detections } = await detail(alert.id);
    const evidence = detections.flatMap((detection) => detection.events);
    assert.equal(evidence.length, 10, 'the ten failures');
    const href = await page.getByRole('link', { name: 'Open in search' }).getAttribute('href');
    const link = new URL(href ?? '', world.url);
    assert.equal(link.pathname, '/ui/search');
    assert.equal(link.searchParams.get('q'), `event.sequence:(${[...evidence].sort((a, b) => a - b).join(' OR ')})`);
    const [from, to] = [Date.parse(link.searchParams.get('from') ?? ''), Date.parse(link.searchParams.get('to') ?? '')];
    assert.ok(from < Date.parse(alert.firstSeen) && Date.parse(alert.lastSeen) < to, `${link.search} spans the alert`);
    const search = (await adminGet(
      `/api/v1/search?${new URLSearchParams({ q: link.searchParams.get('q') ?? '', from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: '100' })}`,
    )) as {
      events: Record<string, unknown>[];
    };
    assert.deepEqual(search.events.map((event) => event['event.sequence']).sort(), [...evidence].sort(), 'the link selects exactly the evidence');
    assert.ok(search.events.every((event) => event['source.ip'] === ATTACKER));
    const notice = page.getByRole('table', { name: 'Notifications' }).getByRole('row').filter({ hasText: 'hook (webhook, route' });
    assert.match(await notice.innerText(), /initial[\s\S]*delivered[\s\S]*1 \(0 failed/);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-4: acknowledge, assign, comment and close with a disposition; the history names each change with its user; the API agrees', async () => {
    const watched = await world.signedIn(ANALYST.user, ANALYST.password);
    const { page } = watched;
    await page.goto(`${world.url}/ui/alerts/${alert.id}`);
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('.page-actions .state-acknowledged').waitFor();
    assert.equal(await actions.getByRole('status').innerText(), 'Acknowledged.', 'the change is announced');
    assert.equal(await actions.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'an acknowledged alert offers no acknowledge');
    await actions.getByLabel('Assign to').fill(ANALYST.user);
    await actions.getByRole('button', { name: 'Assign' }).click();
    await page.getByLabel('About this alert').getByText(ANALYST.user, { exact: true }).waitFor();
    await actions.getByLabel('Comment', { exact: true }).fill('our own scanner, ticket 4711');
    await actions.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('region', { name: 'Comments' }).getByText('our own scanner, ticket 4711').waitFor();
    await actions.getByLabel('Disposition').selectOption('false-positive');
    await actions.getByLabel('Closing comment').fill('scanner confirmed');
    await actions.getByRole('button', { name: 'Close alert' }).click();
    await page.locator('.page-actions .state-closed').waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Close alert' }).count(), 0, 'a closed alert offers reopen only');
    await actions.getByRole('button', { name: 'Reopen' }).waitFor();

    const history = page.getByRole('table', { name: 'History' });
    for (const change of ['create', 'acknowledge', 'assign', 'comment', 'close']) {
      const row = history.getByRole('row').filter({ has: page.getByRole('cell', { name: change, exact: true }) });
      assert.equal(await row.count(), 1, `one ${change} in the history`);
      if (change !== 'create') assert.ok((await row.innerText()).includes(ANALYST.user), `${change} names ${ANALYST.user}: ${await row.innerText()}`);
    }
    assert.ok((await history.innerText()).includes('scanner confirmed'), 'the close’s why');

    const after = await detail(alert.id);
    assert.equal(after.alert.state, 'closed');
    assert.equal(after.alert.disposition, 'false-positive');
    assert.equal(after.alert.assignee, ANALYST.user);
    assert.ok(after.alert.comments.some((comment) => comment.by === ANALYST.user && comment.text === 'our own scanner, ticket 4711'));
    assert.deepEqual(
      after.history.filter((transition) => transition.by === ANALYST.user).map((transition) => transition.change),
      ['acknowledge', 'assign', 'comment', 'close'],
    );
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-1: a reader (no alerts.act) sees the alert, its evidence and history, and no action', async () => {
    const watched = await world.signedIn(READER.user, READER.password);
    const { page } = watched;
    await page.goto(`${world.url}/ui/alerts/${alert.id}`);
    await page.getByRole('heading', { level: 1, name: BRUTE_FORCE_TITLE }).waitFor();
    await page.getByRole('table', { name: 'History' }).waitFor();
    await page.getByRole('link', { name: 'Open in search' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Actions' }).count(), 0);
    for (const name of ['Acknowledge', 'Resolve', 'Reopen', 'Assign', 'Add comment', 'Close alert']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-1: the detections list shows the detection with its alert and evidence, the rules in use, and a hunt finds it again; a long hunt shows progress and cancels', async () => {
    const watched = await world.signedIn();
    const { page } = watched;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detections' }).click();
    const row = page
      .getByRole('table', { name: 'Detections', exact: true })
      .getByRole('row')
      .filter({ hasText: `source.ip=${ATTACKER}` });
    await row.waitFor();
    assert.match(await row.innerText(), /SSH brute force from one address[\s\S]*bastion/);
    assert.equal(await row.getByRole('link', { name: 'Alert' }).getAttribute('href'), `/ui/alerts/${alert.id}`);
    assert.match((await row.getByRole('link', { name: 'Open in search' }).getAttribute('href')) ?? '', /^\/ui\/search\?q=event\.sequence%3A%28/);
    await page.getByLabel('Rule', { exact: true }).fill('no such rule');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No detection in this range.').waitFor();
    await page.goBack();
    await row.waitFor();

    const rules = page.getByRole('region', { name: 'Rules in use' });
    await rules.getByText(/\d+ loaded, \d+ skipped/).click();
    await rules.getByRole('row').filter({ hasText: BRUTE_FORCE_TITLE }).first().waitFor();

    await page.getByLabel('Hunt rule').fill(BRUTE_FORCE_TITLE);
    await page.getByLabel('Hunt from').fill('now-1h');
    await page.getByRole('button', { name: 'Hunt', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /matching events, 1 detections/ })
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole('table', { name: 'Hunt detections' })
      .getByRole('row')
      .filter({ hasText: `source.ip=${ATTACKER}` })
      .waitFor();

    // A long hunt: the real request held back 5 s on its way to the server, long enough to see the progress and cancel it.
    await page.route('**/api/v1/rules/hunt', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await route.continue().catch(() => undefined);
    });
    await page.getByRole('button', { name: 'Hunt', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Hunting over the stored events…' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Hunt', exact: true }).isDisabled(), 'one hunt at a time');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').filter({ hasText: 'cancelled' }).waitFor();
    assert.equal(await page.getByRole('progressbar').count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Hunt', exact: true }).isEnabled());
    await page.unroute('**/api/v1/rules/hunt');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-MASK-1: a masked third party sees the detection masked, and no alert link', async () => {
    const watched = await world.signedIn(THIRD_PARTY.user, THIRD_PARTY.password);
    const { page } = watched;
    await page.goto(`${world.url}/ui/detections`);
    const table = page.getByRole('table', { name: 'Detections', exact: true });
    await table.getByRole('row').filter({ hasText: 'source.ip=203.0.113.0/24' }).waitFor();
    assert.ok(!(await table.innerText()).includes(ATTACKER), 'the address is masked');
    assert.equal(await table.getByRole('link', { name: 'Alert' }).count(), 0, 'no alerts.read: no alert link');
    assert.equal(await page.getByRole('region', { name: 'Rules in use' }).count(), 0, 'no rules.read: no rules');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ANALYSE-2: an open alerts list picks up a new alert by itself while the tab is visible', async () => {
    const watched = await world.signedIn(ANALYST.user, ANALYST.password);
    const { page } = watched;
    await page.goto(`${world.url}/ui/alerts?state=open`);
    await page.getByText(/Refreshes every 10 s/).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: LATER_ATTACKER }).count(), 0);
    await bruteForce(LATER_ATTACKER, 'admin');
    await alertFor(LATER_ATTACKER);
    await page
      .getByRole('table', { name: 'Alerts' })
      .getByRole('row')
      .filter({ hasText: `source.ip=${LATER_ATTACKER}` })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
  test('an unknown alert shows the API’s refusal in the page', async () => {
    const watched = await world.signedIn(ANALYST.user, ANALYST.password, { expectedErrors: [/404 \(Not Found\)/] });
    const { page } = watched;
    await page.goto(`${world.url}/ui/alerts/0123456789abcdef0123`);
    await page.getByRole('alert').filter({ hasText: 'LW_ALERT_UNKNOWN' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Actions' }).count(), 0);
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });

  test('R-ACCESS-2: a hidden tab does not poll the alerts list (every read is audited); it reads again when shown', async () => {
    const watched = await world.signedIn(ANALYST.user, ANALYST.password);
    const { page } = watched;
    let reads = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/alerts') reads++;
    });
    await page.goto(`${world.url}/ui/alerts`);
    await page.getByRole('table', { name: 'Alerts' }).waitFor();
    /** The page's visibility as the browser reports it (headless Chromium's tab is always visible, so the test sets it). */
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' }); document.dispatchEvent(new Event('visibilitychange'));`);
    await setVisibility('hidden');
    const hiddenFrom = reads;
    await page.waitForTimeout(12_000);
    assert.equal(reads, hiddenFrom, 'no read while hidden, over more than one poll interval');
    await setVisibility('visible');
    await eventually(async () => (reads > hiddenFrom ? true : undefined), 5_000, 'a read when shown again');
    assert.deepEqual(watched.problems(), []);
    await watched.close();
  });
});

// End to end on the built server (R-ACCESS-1, R-ACCESS-2): a user added with `logwarden user add`
// signs in with fetch, searches with the session cookie, is refused a POST without the CSRF
// token, signs out and is refused after; wrong passwords answer 401 and after maxFailures lock
// the user out, which `user list` shows and `user passwd` ends. Passwords, session ids and CSRF
// tokens appear in no server log line, and users.json holds only hashes at 0600.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingest, readToken } from '../helpers/ledger.ts';
import { auditResponse } from '../../src/contracts/audit.ts';
import { searchResponse } from '../../src/contracts/search.ts';
import { signInResponse } from '../../src/contracts/users.ts';
import { eventually, makeDataDir, removeDataDir, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const PASSWORD = `first-${randomUUID()}`;
const NEW_PASSWORD = `second-${randomUUID()}`;
const COOKIE = '__Host-logwarden-session';

describe('users and browser sign-in on the built server', () => {
  let server: SpawnedServer;
  let dataDir: string;
  const secrets: string[] = [PASSWORD, NEW_PASSWORD];
  const cli = async (args: string[]) => runCli(['--server', server.httpUrl, '--token-file', server.tokenFile, ...args]);
  const passwordFile = async (name: string, password: string): Promise<string> => {
    const file = path.join(dataDir, name);
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return file;
  };
  const signIn = (user: string, password: string) =>
    fetch(`${server.httpUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;

  before(async () => {
    dataDir = await makeDataDir();
    const config = path.join(dataDir, 'logwarden.yaml');
    await writeFile(config, 'access:\n  users:\n    lockout:\n      maxFailures: 3\n      windowSeconds: 600\n      lockoutSeconds: 600\n');
    server = await spawnServer(dataDir, ['--config', config]);
  });
  after(async () => {
    await server?.stop();
    await removeDataDir(dataDir);
  });

  test('R-ACCESS-1: `logwarden user add` with a password file; `user list` shows the user without any hash', async () => {
    const added = await cli(['user', 'add', 'alice', '--role', 'analyst', '--password-file', await passwordFile('alice.pw', PASSWORD)]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /^added user "alice" \(role analyst, every system of its role\)\n$/);
    const listed = await cli(['user', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^alice\tanalyst\t\*\tenabled\t\S+\t\S+\n$/);
    const weak = await cli(['user', 'add', 'bobby', '--role', 'reader', '--password-file', await passwordFile('bobby.pw', 'i-am-bobby-and-ok')]);
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /LW_PASSWORD_POLICY: the password was refused: notUserName/);
    const file = path.join(dataDir, 'secrets/users.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(PASSWORD) && text.includes('$argon2id$'));
  });

  test('R-ACCESS-1: sign in with fetch, search with the cookie; a POST without X-CSRF-Token is refused; sign-out ends the session', async () => {
    const marker = `signed-in-search-${randomUUID().slice(0, 8)}`;
    await ingest(server, [{ message: `hello ${marker}` }]);
    const response = await signIn('alice', PASSWORD);
    assert.equal(response.status, 200);
    const setCookie = response.headers.getSetCookie()[0] ?? '';
    assert.match(setCookie, new RegExp(`^${COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict$`));
    const cookie = setCookie.split(';')[0] as string;
    const { csrfToken } = signInResponse.parse(await response.json());
    secrets.push(cookie.split('=')[1] as string, csrfToken);
    const found = await eventually(async () => {
      const search = await fetch(`${server.httpUrl}/api/v1/search?q=${marker}`, { headers: { cookie } });
      assert.equal(search.status, 200);
      const page = searchResponse.parse(await search.json());
      return page.events.length > 0 ? page.events : undefined;
    });
    assert.match(String(found[0]?.['message']), new RegExp(marker));
    const noCsrf = await fetch(`${server.httpUrl}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie } });
    assert.deepEqual([noCsrf.status, await errorCode(noCsrf)], [403, 'LW_CSRF_INVALID']);
    const out = await fetch(`${server.httpUrl}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    assert.equal(out.status, 204);
    const after = await fetch(`${server.httpUrl}/api/v1/search?q=${marker}`, { headers: { cookie } });
    assert.deepEqual([after.status, await errorCode(after)], [401, 'LW_SESSION_EXPIRED']);
  });

  test('R-ACCESS-1: wrong passwords answer 401, and after maxFailures the user is locked out until `user passwd`', async () => {
    for (let n = 0; n < 3; n++) {
      const wrong = await signIn('alice', `not-the-password-${n}`);
      assert.deepEqual([wrong.status, await errorCode(wrong)], [401, 'LW_SIGN_IN_FAILED']);
    }
    const locked = await signIn('alice', PASSWORD);
    assert.deepEqual([locked.status, await errorCode(locked)], [401, 'LW_SIGN_IN_FAILED'], 'the right password no longer helps');
    assert.match((await cli(['user', 'list'])).stdout, /^alice\tanalyst\t\*\tlocked until \S+\t/);
    const reset = await cli(['user', 'passwd', 'alice', '--password-file', await passwordFile('alice-new.pw', NEW_PASSWORD)]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal((await signIn('alice', PASSWORD)).status, 401, 'the old password is gone');
    assert.equal((await signIn('alice', NEW_PASSWORD)).status, 200);
  });

  test('R-ACCESS-1: `user roles` and `user disable` apply to an open session at once', async () => {
    const response = await signIn('alice', NEW_PASSWORD);
    const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const roles = await cli(['user', 'roles', 'alice', '--role', 'ingest']);
    assert.equal(roles.code, 0, roles.stderr);
    assert.equal((await fetch(`${server.httpUrl}/api/v1/search?q=x`, { headers: { cookie } })).status, 403);
    const disabled = await cli(['user', 'disable', 'alice']);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal((await fetch(`${server.httpUrl}/api/v1/auth/me`, { headers: { cookie } })).status, 401);
    assert.equal((await signIn('alice', NEW_PASSWORD)).status, 401);
    assert.equal((await cli(['user', 'enable', 'alice'])).code, 0);
    assert.equal((await signIn('alice', NEW_PASSWORD)).status, 200);
  });

  test('R-ACCESS-2: sign-ins (success and failure, with who tried), sign-outs and user changes are in the audit trail', async () => {
    const trail = async (action: string): Promise<Record<string, unknown>[]> => {
      const response = await fetch(`${server.httpUrl}/api/v1/audit?action=${action}&limit=1000`, { headers: { authorization: `Bearer ${await readToken(server)}` } });
      assert.equal(response.status, 200);
      return auditResponse.parse(await response.json()).events;
    };
    const signIns = await trail('sign-in');
    const outcomes = (outcome: string) => signIns.filter((event) => event['event.outcome'] === outcome && event['user.name'] === 'alice').length;
    assert.ok(outcomes('success') >= 4, `successful sign-ins of alice: ${outcomes('success')}`);
    assert.ok(outcomes('failure') >= 5, `failed sign-ins of alice: ${outcomes('failure')}`);
    assert.ok(
      signIns.some((event) => /locked-out/.test(String(event['message']))),
      'the reason of a refusal is on record',
    );
    assert.equal((await trail('sign-out')).filter((event) => event['user.name'] === 'alice').length, 1);
    const changes = (await trail('user-change')).map((event) => String(event['message']));
    for (const change of ['add', 'password', 'roles', 'disable', 'enable'])
      assert.ok(
        changes.some((message) => message.includes('alice') && message.includes(change)),
        `${change}: ${changes.join(' | ')}`,
      );
    const everything = JSON.stringify([...signIns, ...(await trail('user-change'))]);
    for (const secret of secrets) assert.ok(!everything.includes(secret), 'no secret in the audit trail');
  });

  test('R-ACCESS-1: no password, session id or CSRF token reaches the server log', async () => {
    const logs = JSON.stringify(server.logs);
    for (const secret of secrets) assert.ok(!logs.includes(secret), `a secret in the log: ${secret.slice(0, 6)}…`);
    assert.match(logs, /sign-in failed/, 'failures are logged, by reason');
    assert.match(logs, /"reason":"locked-out"/);
  });
});

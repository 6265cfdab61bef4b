// The webhook and Slack-compatible channels against a real HTTP(S) receiver on loopback that
// verifies each request with the `standardwebhooks` package (R-ANALYSE-2: alerts reach people's
// tools; R-TAMPER-1: signed, a tampered one refused). 500 is worth a retry, 400 is not; errors
// never show the URL's path or query (they often hold a token).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { LogwardenError } from '../../errors/codes.ts';
import { systemClock } from '../../runtime/clock.ts';
import { issue, makeCa, type CertFiles } from '../../../test/helpers/tls.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/helpers/webhook-receiver.ts';
import { DeliveryError, type Channel } from '../channel.ts';
import { channelSchema } from '../notifications-schema.ts';
import { openChannel } from './index.ts';
import { notice } from './notice.fixtures.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const options = { timeoutMs: 5000, env: {}, wallClock: systemClock };
const signal = (): AbortSignal => AbortSignal.timeout(5000);

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeliveryError, String(error));
    return error;
  }
  assert.fail('expected the delivery to fail');
}

describe('webhook channel', () => {
  let receiver: WebhookReceiver;
  let channel: Channel;

  before(async () => {
    receiver = await startWebhookReceiver({ secret });
    channel = await openChannel(channelSchema.parse({ name: 'hook', type: 'webhook', url: `${receiver.url}/hooks/lw?token=abc123`, secret }), options);
  });
  after(async () => {
    await channel.close();
    await receiver.close();
  });

  test('R-TAMPER-1: a signed JSON notice the standardwebhooks library verifies; webhook-id is the notice id', async () => {
    await channel.deliver(notice({ kind: 'escalation', level: 2 }), signal());
    const [got] = await receiver.waitFor(1);
    assert.ok(got);
    assert.equal(got.headers['webhook-id'], 'n0123456789abcdef');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.path, '/hooks/lw?token=abc123');
    const payload = new Webhook(secret).verify(got.body, got.headers) as { type: string; data: { alert: { id: string }; level: number; link: string } };
    assert.equal(payload.type, 'alert.escalation');
    assert.equal(payload.data.alert.id, '0123456789abcdef0123');
    assert.equal(payload.data.level, 2);
    assert.equal(payload.data.link, 'https://logwarden.example.org/alerts/0123456789abcdef0123');
    assert.ok(!got.body.includes(secret.slice(6)), 'the secret is not in the body');
  });

  test('R-TAMPER-1: the receiver refuses a tampered body with the signature logwarden made', async () => {
    const before = receiver.received.length;
    const wrong = await openChannel(channelSchema.parse({ name: 'wrong', type: 'webhook', url: receiver.url, secret: `whsec_${randomBytes(32).toString('base64')}` }), options);
    const failure = await rejection(wrong.deliver(notice(), signal()));
    assert.equal(failure.message, `HTTP 401 from ${receiver.url}`);
    assert.equal(failure.retryable, false);
    assert.equal(receiver.received.length, before);
    assert.match(receiver.refused.at(-1)?.reason ?? '', /No matching signature/);
  });

  test('500 is a retryable failure, 400 a final one, 429 and 408 retryable; the error shows scheme://host only', async () => {
    for (const [status, retryable] of [
      [500, true],
      [503, true],
      [429, true],
      [408, true],
      [400, false],
      [404, false],
    ] as const) {
      receiver.failNext(1, status);
      const failure = await rejection(channel.deliver(notice(), signal()));
      assert.equal(failure.retryable, retryable, `HTTP ${status}`);
      assert.equal(failure.message, `HTTP ${status} from ${receiver.url}`);
      assert.doesNotMatch(failure.message, /token|abc123|hooks/);
    }
    await channel.deliver(notice(), signal());
  });

  test('a receiver that is not there: a retryable failure naming the connection error', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    const gone = await openChannel(channelSchema.parse({ name: 'gone', type: 'webhook', url: `${closed.url}/x?token=abc123` }), options);
    const failure = await rejection(gone.deliver(notice(), signal()));
    assert.equal(failure.retryable, true);
    assert.match(failure.message, /^ECONNREFUSED from http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("a receiver that takes the request and never answers: a retryable failure when the attempt's time is up", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const hung = await openChannel(channelSchema.parse({ name: 'hung', type: 'webhook', url: `http://127.0.0.1:${port}/x` }), { ...options, timeoutMs: 300 });
      const failure = await rejection(hung.deliver(notice(), signal()));
      assert.equal(failure.message, `no answer from http://127.0.0.1:${port} in time`);
      assert.equal(failure.retryable, true);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a bad secret is refused at start with LW_CONFIG_INVALID naming the channel, not the secret', async () => {
    const bad = 'whsec_c2hvcnQ=';
    await assert.rejects(
      openChannel(channelSchema.parse({ name: 'bad', type: 'webhook', url: receiver.url, secret: bad }), options),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID' && /channel "bad".*holds 5 bytes/.test(error.message) && !error.message.includes('c2hvcnQ'),
    );
    await assert.rejects(
      openChannel(channelSchema.parse({ name: 'env', type: 'webhook', url: receiver.url, secretEnv: 'LW_TEST_HOOK_SECRET' }), options),
      /channel "env": the environment variable LW_TEST_HOOK_SECRET \(its signing secret\) is not set/,
    );
  });
});

describe('webhook and Slack channels over HTTPS', () => {
  let dir: string;
  let ca: CertFiles;
  let receiver: WebhookReceiver;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-webhook-tls-'));
    ca = await makeCa(dir, 'ca');
    const server = await issue(dir, 'server', ca, { subject: '/CN=localhost', serial: '1001', use: 'server' });
    receiver = await startWebhookReceiver({ secret, tls: { cert: await readFile(server.cert, 'utf8'), key: await readFile(server.key, 'utf8') } });
  });
  after(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('R-TAMPER-1: with tls.ca and a secret from a file, delivered over TLS and verified', async () => {
    const secretFile = path.join(dir, 'hook.secret');
    await writeFile(secretFile, `${secret}\n`);
    const channel = await openChannel(channelSchema.parse({ name: 'tls', type: 'webhook', url: `${receiver.url}/in`, secretFile, tls: { ca: ca.cert } }), options);
    const count = receiver.received.length;
    await channel.deliver(notice({ id: 'n-tls' }), signal());
    const got = (await receiver.waitFor(count + 1))[count];
    assert.equal(got?.headers['webhook-id'], 'n-tls');
  });

  test('without the CA the certificate is refused: a failure, nothing delivered', async () => {
    const channel = await openChannel(channelSchema.parse({ name: 'untrusted', type: 'webhook', url: `${receiver.url}/in`, secret }), options);
    const requests = receiver.requests;
    const failure = await rejection(channel.deliver(notice(), signal()));
    assert.match(failure.message, /SELF_SIGNED|UNABLE_TO_VERIFY|certificate/i);
    assert.equal(receiver.requests, requests);
  });

  test('R-ANALYSE-2: Slack-compatible: {text, blocks}, text alone tells what, where and the link', async () => {
    const plain = await startWebhookReceiver();
    try {
      const channel = await openChannel(channelSchema.parse({ name: 'chat', type: 'slack', url: `${plain.url}/services/T000/B000/XXXX` }), options);
      await channel.deliver(notice({ alert: { ...notice().alert, message: '<!channel> & <https://evil.example|click>' } }), signal());
      const [got] = await plain.waitFor(1);
      const body = got?.json as { text: string; blocks: { type: string }[] };
      assert.match(body.text, /^\*HIGH SSH brute force — web-1 \(source\.ip=203\.0\.113\.9\) — opened\*$/m);
      assert.match(body.text, /<https:\/\/logwarden\.example\.org\/alerts\/0123456789abcdef0123\|Open the alert>/);
      assert.match(body.text, /&lt;!channel&gt; &amp; &lt;https:\/\/evil\.example\|click&gt;/, 'event text cannot mention or link');
      assert.deepEqual(
        body.blocks.map((block) => block.type),
        ['section', 'section', 'context'],
      );
      plain.failNext(1, 404);
      const failure = await rejection(channel.deliver(notice(), signal()));
      assert.equal(failure.message, `HTTP 404 from ${plain.url}`, 'the token in the path is not shown');
    } finally {
      await plain.close();
    }
  });
});

// The email channel against a real SMTP server (smtp-server) on loopback with a throwaway
// certificate (R-ANALYSE-2: alerts reach people): STARTTLS and AUTH, implicit TLS, a wrong
// password refused with a clear reason and no password in it, STARTTLS required by default.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issue, makeCa, type CertFiles } from '../../../test/helpers/tls.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../../test/helpers/smtp-receiver.ts';
import { LogwardenError } from '../../errors/codes.ts';
import { DeliveryError, type Channel } from '../channel.ts';
import { channelSchema } from '../notifications-schema.ts';
import { openChannel } from './index.ts';
import { notice } from './notice.fixtures.ts';

const PASSWORD = 'correct horse battery staple';
const signal = (): AbortSignal => AbortSignal.timeout(10_000);

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeliveryError, String(error));
    return error;
  }
  assert.fail('expected the delivery to fail');
}

describe('email channel', () => {
  let dir: string;
  let ca: CertFiles;
  let server: CertFiles;
  let smtp: SmtpReceiver;
  let passwordFile: string;
  const open: Channel[] = [];

  const channel = async (fields: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<Channel> => {
    const config = channelSchema.parse({ name: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, from: 'logwarden@example.org', to: ['soc@example.org', 'oncall@example.org'], ...fields });
    const opened = await openChannel(config, { timeoutMs: 5000, env });
    open.push(opened);
    return opened;
  };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-email-'));
    ca = await makeCa(dir, 'ca');
    server = await issue(dir, 'smtp', ca, { subject: '/CN=localhost', serial: '1001', use: 'server' });
    smtp = await startSmtpReceiver({ cert: server.cert, key: server.key, users: { alerts: PASSWORD } });
    passwordFile = path.join(dir, 'smtp.password');
    await writeFile(passwordFile, `${PASSWORD}\n`);
  });
  after(async () => {
    for (const channel of open) await channel.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('R-ANALYSE-2: STARTTLS and AUTH: the message arrives over TLS with subject, text, Message-ID from the notice id', async () => {
    const mail = await channel({ user: 'alerts', passwordFile, tls: { ca: ca.cert } });
    await mail.deliver(notice(), signal());
    const [got] = await smtp.waitFor(1);
    assert.ok(got);
    assert.equal(got.secure, true, 'upgraded with STARTTLS before AUTH and DATA');
    assert.equal(got.user, 'alerts');
    assert.deepEqual(got.to, ['soc@example.org', 'oncall@example.org']);
    assert.equal(got.from, 'logwarden@example.org');
    assert.equal(got.headers.subject, '[logwarden] HIGH SSH brute force — web-1 (source.ip=203.0.113.9) — opened');
    assert.equal(got.headers['message-id'], '<n0123456789abcdef@logwarden>');
    assert.equal(got.headers['x-logwarden-alert'], '0123456789abcdef0123');
    assert.match(got.text, /^Hosts: {4}web-1$/m);
    assert.match(got.text, /^Open the alert: https:\/\/logwarden\.example\.org\/alerts\/0123456789abcdef0123$/m);
    assert.ok(!got.raw.includes(PASSWORD) && !got.raw.includes(Buffer.from(PASSWORD).toString('base64')), 'the password is not in the message');
  });

  test('a wrong password fails with a clear, final reason that does not contain the password', async () => {
    const mail = await channel({ user: 'alerts', passwordEnv: 'LW_SMTP_PASSWORD', tls: { ca: ca.cert } }, { LW_SMTP_PASSWORD: 'wrong password 123' });
    const failure = await failureOf(mail.deliver(notice(), signal()));
    assert.match(failure.message, /^the SMTP server refused the user and password \(EAUTH: .*535/);
    assert.equal(failure.retryable, false);
    assert.ok(!failure.message.includes('wrong password 123'));
    assert.ok(smtp.authFailures.includes('alerts'));
  });

  test('the certificate is checked: without the CA, nothing is sent', async () => {
    const count = smtp.received.length;
    const mail = await channel({ user: 'alerts', passwordFile });
    const failure = await failureOf(mail.deliver(notice(), signal()));
    assert.match(failure.message, /certificate|self-signed|ETLS|ESOCKET/i);
    assert.equal(smtp.received.length, count);
  });

  test('STARTTLS is required by default: a server that does not offer it is refused', async () => {
    const plain = await startSmtpReceiver({ cert: server.cert, key: server.key, hideStartTls: true });
    try {
      const fields = { type: 'email', host: '127.0.0.1', port: plain.port, from: 'lw@example.org', to: ['soc@example.org'], tls: { ca: ca.cert } };
      const mail = await openChannel(channelSchema.parse({ ...fields, name: 'plain' }), { timeoutMs: 5000, env: {} });
      open.push(mail);
      const failure = await failureOf(mail.deliver(notice(), signal()));
      assert.match(failure.message, /^no TLS with the SMTP server \(ETLS: .*STARTTLS/);
      assert.equal(plain.received.length, 0);
      const relay = await openChannel(channelSchema.parse({ ...fields, name: 'relay', requireTls: false }), { timeoutMs: 5000, env: {} });
      open.push(relay);
      await relay.deliver(notice({ id: 'n-relay' }), signal());
      const [got] = await plain.waitFor(1);
      assert.equal(got?.secure, false, 'requireTls: false sends in the clear to a relay that has no TLS');
    } finally {
      for (const channel of open.splice(0)) await channel.close();
      await plain.close();
    }
  });

  test('R-ANALYSE-2: secure: true is TLS from the first byte (like port 465)', async () => {
    const implicit = await startSmtpReceiver({ cert: server.cert, key: server.key, secure: true, users: { alerts: PASSWORD } });
    try {
      const config = channelSchema.parse({
        name: 'smtps',
        type: 'email',
        host: '127.0.0.1',
        port: implicit.port,
        secure: true,
        from: 'lw@example.org',
        to: ['soc@example.org'],
        user: 'alerts',
        passwordFile,
        tls: { ca: ca.cert },
      });
      const mail = await openChannel(config, { timeoutMs: 5000, env: {} });
      open.push(mail);
      await mail.deliver(notice({ kind: 'resolved', id: 'n-resolved' }), signal());
      const [got] = await implicit.waitFor(1);
      assert.equal(got?.secure, true);
      assert.match(got?.headers.subject ?? '', /— resolved$/);
    } finally {
      for (const channel of open.splice(0)) await channel.close();
      await implicit.close();
    }
  });

  test('a missing password file stops the start with LW_CONFIG_INVALID naming the file', async () => {
    await assert.rejects(
      channel({ user: 'alerts', passwordFile: path.join(dir, 'missing') }),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID' && error.message.includes('cannot read its SMTP password file') && error.message.includes('ENOENT'),
    );
  });
});

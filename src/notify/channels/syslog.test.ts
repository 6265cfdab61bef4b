// The syslog channel against the installed rsyslogd (test/helpers/syslog-receiver.ts) as the other
// SIEM (R-ANALYSE-2: alerts forwarded): RFC 5424, octet-counted, over TCP and over TLS (RFC 5425);
// rsyslog parses PRI, APP-NAME, MSGID and the STRUCTURED-DATA with its escapes intact; one
// connection kept, and a new one after the receiver went away.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issue, makeCa, type CertFiles } from '../../../test/helpers/tls.ts';
import { RSYSLOGD, startSyslogReceiver, type SyslogReceiver } from '../../../test/helpers/syslog-receiver.ts';
import { DeliveryError, type Channel } from '../channel.ts';
import { channelSchema } from '../notifications-schema.ts';
import { openChannel } from './index.ts';
import { ALERT, notice } from './notice.fixtures.ts';
import { SD_ALERT, SD_GROUP, SD_VALUES } from './syslog-format.ts';

const skip = RSYSLOGD === undefined ? 'rsyslogd is absent: run scripts/install-test-deps as root (it installs rsyslog)' : false;
const options = { timeoutMs: 5000, env: {}, syslogIdentity: { hostname: 'lw-test', procid: '4242' } };
const signal = (): AbortSignal => AbortSignal.timeout(5000);
const BOM = '\uFEFF';

describe('syslog channel into rsyslogd', { skip }, () => {
  let dir: string;
  let ca: CertFiles;
  let receiver: SyslogReceiver;
  const open: Channel[] = [];

  const channel = async (fields: Record<string, unknown>): Promise<Channel> => {
    const opened = await openChannel(channelSchema.parse({ name: 'siem', type: 'syslog', ...fields }), options);
    open.push(opened);
    return opened;
  };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-syslog-'));
    ca = await makeCa(dir, 'ca');
    const server = await issue(dir, 'rsyslog', ca, { subject: '/CN=localhost', serial: '1001', use: 'server' });
    receiver = await startSyslogReceiver({ ca: ca.cert, cert: server.cert, key: server.key });
  });
  after(async () => {
    for (const opened of open) await opened.close();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('R-ANALYSE-2: over TCP: PRI from facility and level, APP-NAME, MSGID and the structured data as rsyslog parsed it', async () => {
    const siem = await channel({ address: receiver.tcpAddress, facility: 'local4' });
    const tricky = { ...ALERT, group: { 'user.name': 'a"b\\c]d', 'source.ip': '203.0.113.9' }, systems: ['web', 'db'] };
    await siem.deliver(notice({ alert: tricky }), signal());
    const [got] = await receiver.waitFor(1);
    assert.ok(got);
    assert.equal(got.via, 'tcp');
    assert.equal(got.pri, 20 * 8 + 3, 'local4 (20), high → 3 (error)');
    assert.equal(got.hostname, 'lw-test');
    assert.equal(got.appName, 'logwarden');
    assert.equal(got.procid, '4242');
    assert.equal(got.msgid, 'alert-initial');
    assert.equal(got.msg.replace(BOM, ''), 'HIGH SSH brute force — web-1 (user.name=a"b\\c]d, source.ip=203.0.113.9) — opened');
    const sd = got.sd[SD_ALERT.toLowerCase()];
    assert.ok(sd, JSON.stringify(got.sd));
    assert.equal(sd.id, 'n0123456789abcdef');
    assert.equal(sd.alert, '0123456789abcdef0123');
    assert.equal(sd.rule, 'lw-ssh-brute-force');
    assert.equal(sd.level, 'high');
    assert.equal(sd.state, 'open');
    assert.equal(sd.systems, 'web,db');
    assert.equal(sd.count, '3');
    assert.equal(sd.link, 'https://logwarden.example.org/alerts/0123456789abcdef0123');
    assert.deepEqual(got.sd[SD_GROUP], { 'user.name': 'a"b\\c]d', 'source.ip': '203.0.113.9' }, 'escaped ", \\ and ] come back intact');
    assert.deepEqual(got.sd[SD_VALUES], { count: '12', 'source.ip': '203.0.113.9', 'user.name': 'root' });
  });

  test('R-ANALYSE-2: over TLS (RFC 5425) with the CA: received on the TLS input, severity by level', async () => {
    const siem = await channel({ address: receiver.tlsAddress, tls: { ca: ca.cert, serverName: 'localhost' } });
    const before = (await receiver.messages()).length;
    for (const level of ['critical', 'medium', 'informational'] as const)
      await siem.deliver(notice({ id: `n-${level}`, kind: 'escalation', level: 2, alert: { ...ALERT, rule: { ...ALERT.rule, level } } }), signal());
    const got = (await receiver.waitFor(before + 3)).slice(before);
    assert.deepEqual(
      got.map((message) => [message.via, message.pri, message.msgid, message.sd[SD_ALERT.toLowerCase()]?.id, message.sd[SD_ALERT.toLowerCase()]?.escalation]),
      [
        ['tls', 10 * 8 + 2, 'alert-escalation', 'n-critical', '2'],
        ['tls', 10 * 8 + 4, 'alert-escalation', 'n-medium', '2'],
        ['tls', 10 * 8 + 6, 'alert-escalation', 'n-informational', '2'],
      ],
    );
  });

  test('TLS without the CA: the certificate is refused, nothing is sent', async () => {
    const siem = await channel({ address: receiver.tlsAddress, tls: true });
    const count = (await receiver.messages()).length;
    await assert.rejects(
      siem.deliver(notice(), signal()),
      (error: unknown) => error instanceof DeliveryError && /^cannot connect to tls:\/\/127\.0\.0\.1:\d+: /.test(error.message) && error.retryable,
    );
    assert.equal((await receiver.messages()).length, count);
  });

  test('a receiver that went away and came back: retryable failures meanwhile, then the next delivery reconnects', async () => {
    const files = { ca: ca.cert, cert: path.join(dir, 'rsyslog.pem'), key: path.join(dir, 'rsyslog.key') };
    const first = await startSyslogReceiver(files);
    const siem = await channel({ address: first.tcpAddress });
    await siem.deliver(notice({ id: 'n-first' }), signal());
    await first.waitFor(1);
    await first.stop();
    const failure = await siem.deliver(notice({ id: 'n-gone' }), signal()).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failure instanceof DeliveryError && failure.retryable && /ECONNREFUSED/.test(failure.message), `nothing listens: ${String(failure)}`);
    const port = Number(first.tcpAddress.split(':')[1]);
    const second = await startSyslogReceiver({ ...files, tcpPort: port });
    try {
      await siem.deliver(notice({ id: 'n-back' }), signal());
      const [got] = await second.waitFor(1);
      assert.equal(got?.sd[SD_ALERT.toLowerCase()]?.id, 'n-back');
    } finally {
      await second.stop();
    }
  });
});

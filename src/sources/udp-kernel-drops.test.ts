// The kernel's UDP drop count, read from /proc/net/udp(6): the only trace of datagrams lost before
// logwarden reads them (R-STORE-1: a loss must at least be visible).
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { parseProcNetUdp, readUdpKernelDrops } from './udp-kernel-drops.ts';

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  145: 0100007F:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 812345 2 0000000000000000 17
  200: 00000000:0202 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 99 2 0000000000000000 0
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
   12: 00000000000000000000000001000000:158A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 3
   13: 0000000000000000FFFF00000100007F:0203 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0
`;

test('IPv4 rows: address in host byte order, port, inode and the drops column', () => {
  assert.deepEqual(parseProcNetUdp(UDP, 'LE'), [
    { address: '127.0.0.1', port: 5514, inode: 812345, drops: 17 },
    { address: '0.0.0.0', port: 514, inode: 99, drops: 0 },
  ]);
  assert.equal(parseProcNetUdp(UDP.replace('0100007F', '7F000001'), 'BE')[0]?.address, '127.0.0.1');
});

test('IPv6 rows, including an IPv4-mapped address, in their usual written form', () => {
  assert.deepEqual(parseProcNetUdp(UDP6, 'LE'), [
    { address: '::1', port: 5514, inode: 4242, drops: 3 },
    { address: '::ffff:127.0.0.1', port: 515, inode: 4243, drops: 0 },
  ]);
});

test('a header, blank or garbled line is skipped, not thrown on', () => {
  assert.deepEqual(parseProcNetUdp('header\n\n  1: zz:zz 0:0 07 x x x 0 0 nope 2 0 x\n', 'LE'), []);
});

test('a real socket with a tiny receive buffer shows the datagrams the kernel dropped', { skip: process.platform !== 'linux' }, async () => {
  const receiver = dgram.createSocket({ type: 'udp4', recvBufferSize: 4096 });
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  const { address, port } = receiver.address();
  assert.equal(await readUdpKernelDrops(address, port), 0);
  // Not read while the burst arrives (no 'message' listener, and the loop is busy sending).
  const sender = dgram.createSocket('udp4');
  const datagram = Buffer.alloc(512, 0x61);
  let sent = 0;
  await Promise.all(
    Array.from(
      { length: 200 },
      () =>
        new Promise<void>((resolve) =>
          sender.send(datagram, port, address, (error) => {
            if (!error) sent++;
            resolve();
          }),
        ),
    ),
  );
  const drops = await readUdpKernelDrops(address, port);
  assert.ok(drops !== undefined && drops > 0 && drops <= sent, `kernel drops ${drops} of ${sent} sent`);
  sender.close();
  receiver.close();
  assert.equal(await readUdpKernelDrops('127.0.0.1', 1), undefined, 'no such socket: undefined, not 0');
});

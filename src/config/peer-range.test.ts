// The inventory's own CIDR check agrees with node:net's BlockList on random addresses and ranges
// of both families, in every spelling of IPv6 the generators make (compressed, full, v4 tail).
import assert from 'node:assert/strict';
import { BlockList } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { addressWords, PeerRanges } from './peer-range.ts';

const ipv4 = fc.ipV4();
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc.ipV4().map((v4) => `::ffff:${v4}`),
  fc.ipV4().map((v4) => `64:ff9b::${v4}`),
);

function blockListHas(range: string, prefix: number, family: 'ipv4' | 'ipv6', address: string): boolean {
  const list = new BlockList();
  list.addSubnet(range, prefix, family);
  return list.check(address, family);
}

test('IPv4: in range exactly when BlockList says so', () => {
  fc.assert(
    fc.property(ipv4, fc.integer({ min: 0, max: 32 }), ipv4, fc.boolean(), (network, prefix, other, near) => {
      // half the time an address that shares the network's first bytes, so that hits are common
      const address = near ? `${network.split('.').slice(0, 3).join('.')}.${other.split('.')[3]}` : other;
      assert.equal(new PeerRanges([`${network}/${prefix}`]).has(addressWords(address) ?? []), blockListHas(network, prefix, 'ipv4', address), `${address} in ${network}/${prefix}`);
    }),
    { numRuns: 2000 },
  );
});

test('IPv6: in range exactly when BlockList says so', () => {
  fc.assert(
    fc.property(ipv6, fc.integer({ min: 0, max: 128 }), ipv6, fc.boolean(), (network, prefix, other, same) => {
      const address = same ? network : other;
      assert.equal(new PeerRanges([`${network}/${prefix}`]).has(addressWords(address) ?? []), blockListHas(network, prefix, 'ipv6', address), `${address} in ${network}/${prefix}`);
    }),
    { numRuns: 2000 },
  );
});

test('words of known spellings; families never mix; a single address is its /32 or /128', () => {
  assert.deepEqual(addressWords('192.0.2.1'), [0xc0000201]);
  assert.deepEqual(addressWords('::1'), [0, 0, 0, 1]);
  assert.deepEqual(addressWords('2001:db8::ffff:192.0.2.1'), [0x20010db8, 0, 0xffff, 0xc0000201]);
  assert.deepEqual(addressWords('fe80::1%eth0'), [0xfe800000, 0, 0, 1]);
  assert.equal(addressWords('example.org'), undefined);
  assert.equal(new PeerRanges(['0.0.0.0/0']).has(addressWords('::1') ?? []), false, 'an IPv4 range holds no IPv6 address');
  assert.equal(new PeerRanges(['::/0']).has(addressWords('10.0.0.1') ?? []), false);
  assert.equal(new PeerRanges(['192.0.2.7']).has(addressWords('192.0.2.7') ?? []), true);
  assert.equal(new PeerRanges(['192.0.2.7']).has(addressWords('192.0.2.6') ?? []), false);
  assert.throws(() => new PeerRanges(['10.0.0.0/33']), /not an address range/);
});

// Sender address ranges in the systems inventory (`match.peer`): `10.0.0.0/8`, `2001:db8::/32`, or
// one address (`192.0.2.7`, `::1`). Read once at config load and compiled into a BlockList. Pure.
import { BlockList, isIP } from 'node:net';

export interface PeerRange {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Prefix length; the whole address (32 or 128) for a single address. */
  readonly prefix: number;
}

/** `ADDRESS` or `ADDRESS/PREFIX`; undefined when malformed or the prefix is too long for the family. */
export function parsePeerRange(text: string): PeerRange | undefined {
  const match = /^([0-9A-Fa-f.:]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const address = match[1] as string;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = match[2] === undefined ? max : Number(match[2]);
  return prefix <= max ? { address, family, prefix } : undefined;
}

/** One BlockList holding every range (each already checked with parsePeerRange). */
export function compilePeerRanges(texts: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of texts) {
    const range = parsePeerRange(text);
    if (range === undefined) throw new RangeError(`not an address range: ${JSON.stringify(text)}`);
    if (range.prefix === (range.family === 'ipv4' ? 32 : 128)) list.addAddress(range.address, range.family);
    else list.addSubnet(range.address, range.prefix, range.family);
  }
  return list;
}

/**
 * The address part of `logwarden.source.peer` as the sources write it: `192.0.2.7:514`,
 * `[2001:db8::1]:514` (syslog), `::1:50000` (HTTP: no brackets). An IPv4 address a dual-stack
 * socket reports as `::ffff:192.0.2.7` is read as the IPv4 address. Empty when there is none.
 */
export function peerAddress(peer: string): string {
  let address: string;
  if (peer.startsWith('[')) {
    const close = peer.indexOf(']');
    address = close === -1 ? '' : peer.slice(1, close);
  } else {
    const colon = peer.lastIndexOf(':');
    address = colon === -1 ? peer : peer.slice(0, colon);
  }
  if (address.length > 7 && address.slice(0, 7).toLowerCase() === '::ffff:' && isIP(address.slice(7)) === 4) return address.slice(7);
  return address;
}

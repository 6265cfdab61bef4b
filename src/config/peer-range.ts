// Sender address ranges in the systems inventory (`match.peer`): `10.0.0.0/8`, `2001:db8::/32`, or
// one address (`192.0.2.7`, `::1`). Read once at config load and compiled into 32-bit words, so a
// check is a few integer comparisons: node:net's BlockList.check costs about 1 µs a call, which
// every event would pay for each peer rule it is tried against. Pure.
import { isIP } from 'node:net';

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

/** An address as unsigned 32-bit words: one for IPv4, four for IPv6; undefined when it is not one. */
export function addressWords(text: string): readonly number[] | undefined {
  const version = isIP(text);
  if (version === 4) return [ipv4Word(text)];
  if (version === 6) return ipv6Words(text);
  return undefined;
}

function ipv4Word(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Eight 16-bit groups (`::` filled, an IPv4 tail as two groups, a zone dropped) as four words; `text` passed isIP. */
function ipv6Words(text: string): number[] {
  const zone = text.indexOf('%');
  let head = zone === -1 ? text : text.slice(0, zone);
  const tail: number[] = [];
  const lastColon = head.lastIndexOf(':');
  if (head.includes('.', lastColon)) {
    const word = ipv4Word(head.slice(lastColon + 1));
    tail.push(word >>> 16, word & 0xffff);
    head = head.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const before = groups(left);
  const after = right === undefined ? [] : groups(right);
  const all = [...before, ...Array<number>(8 - tail.length - before.length - after.length).fill(0), ...after, ...tail];
  return [0, 2, 4, 6].map((i) => (((all[i] as number) << 16) | (all[i + 1] as number)) >>> 0);
}

/** Every range of one rule, compiled; an address is in it when it is in any of them. */
export class PeerRanges {
  readonly #ranges: readonly { readonly words: readonly number[]; readonly prefix: number }[];

  constructor(texts: readonly string[]) {
    this.#ranges = texts.map((text) => {
      const range = parsePeerRange(text);
      if (range === undefined) throw new RangeError(`not an address range: ${JSON.stringify(text)}`);
      return { words: addressWords(range.address) as readonly number[], prefix: range.prefix };
    });
  }

  /** Whether the address (from addressWords) is in any range of its family. */
  has(address: readonly number[]): boolean {
    return this.#ranges.some((range) => range.words.length === address.length && inPrefix(range.words, address, range.prefix));
  }
}

function inPrefix(network: readonly number[], address: readonly number[], prefix: number): boolean {
  for (let i = 0; i < network.length; i++) {
    const bits = Math.min(32, prefix - 32 * i);
    if (bits <= 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((network[i] as number) & mask) >>> 0 !== ((address[i] as number) & mask) >>> 0) return false;
  }
  return true;
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

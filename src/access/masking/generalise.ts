// Generalising an address: IPv4 to its /24, IPv6 to its /48 (an IPv4-mapped IPv6 address as the
// IPv4 it maps), so a masked caller still sees which network activity came from, not which
// machine. An `ip:port` or `[ipv6]:port` loses its port, a zone (`%eth0`) is dropped. Pure.
import { isIPv4, isIPv6 } from 'node:net';

/** The network of an address as `a.b.c.0/24` or `x:y:z::/48`; undefined when `text` is not an address. */
export function generaliseAddress(text: string): string | undefined {
  const address = withoutPort(text.trim());
  if (isIPv4(address)) return ipv4Network(address);
  const bare = address.split('%')[0] ?? '';
  if (!isIPv6(bare)) return undefined;
  const groups = expandIpv6(bare);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1] !== undefined) return ipv4Network(mapped[1]);
  return `${groups.slice(0, 3).join(':')}::/48`;
}

function ipv4Network(address: string): string {
  return `${address.split('.').slice(0, 3).join('.')}.0/24`;
}

/** `1.2.3.4:80` → `1.2.3.4`; `[::1]:80` → `::1`; anything else unchanged. */
function withoutPort(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text);
  return v4?.[1] ?? text;
}

/** The eight groups of a valid IPv6 address, lower case without leading zeros (an IPv4 tail becomes two groups). */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

// Checks and normalises typed values (integers, IP addresses, booleans) before they are bound as
// parameters. Anything that reaches the engine must already be valid for the function it feeds:
// e.g. isIPAddressInRange throws on a malformed CIDR, which would turn a typo into a server error.

import { isIPv4, isIPv6 } from 'node:net';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An Int64 parameter value: a number when exactly representable, else its decimal string (the
 * engine parses both). Undefined when the text is not a whole number in Int64's range.
 */
export function parseInt64(text: string): number | string | undefined {
  if (!/^[+-]?\d{1,30}$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return undefined;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

/**
 * A CIDR range for isIPAddressInRange: `a.b.c.d/n` or `x::y/n` as given, or a single address as a
 * one-address range (/32 or /128), so exact matching and CIDR share one, family-aware comparison.
 */
export function parseIpRange(text: string): string | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  // Zone ids (fe80::1%eth0) are valid for Node but not for ClickHouse's parser.
  const family = address.includes('%') ? 0 : isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) return undefined;
  const maxPrefix = family === 4 ? 32 : 128;
  if (slash < 0) return `${address}/${maxPrefix}`;
  const prefix = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > maxPrefix) return undefined;
  return text;
}

export function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

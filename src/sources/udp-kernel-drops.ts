// The kernel's count of datagrams it dropped on a UDP socket because its receive buffer was full:
// the `drops` column of /proc/net/udp and /proc/net/udp6 (Linux). Those datagrams never reach
// logwarden, so this is the only place their loss shows.
import { readdir, readFile, readlink } from 'node:fs/promises';
import os from 'node:os';

export interface UdpSocketRow {
  /** The local address, as Node writes it (`127.0.0.1`, `::1`, `0.0.0.0`). */
  readonly address: string;
  readonly port: number;
  readonly inode: number;
  readonly drops: number;
}

/**
 * Parse /proc/net/udp or /proc/net/udp6, pure. Addresses there are hex words in the host's byte
 * order (`0100007F:14CA` is 127.0.0.1:5322 on a little-endian machine); `drops` is the last column.
 */
export function parseProcNetUdp(text: string, endianness: 'LE' | 'BE' = os.endianness()): UdpSocketRow[] {
  const rows: UdpSocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const local = columns[1];
    const inode = Number(columns[9]);
    const drops = Number(columns[12]);
    if (!local || !Number.isSafeInteger(inode) || !Number.isSafeInteger(drops)) continue;
    const [hexAddress = '', hexPort = ''] = local.split(':');
    const address = decodeAddress(hexAddress, endianness);
    if (address === undefined) continue;
    rows.push({ address, port: Number.parseInt(hexPort, 16), inode, drops });
  }
  return rows;
}

function decodeAddress(hex: string, endianness: 'LE' | 'BE'): string | undefined {
  if (!/^(?:[0-9A-Fa-f]{8}){1,4}$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return undefined;
  const bytes = Buffer.alloc(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    const value = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
    if (endianness === 'LE') bytes.writeUInt32LE(value, word * 4);
    else bytes.writeUInt32BE(value, word * 4);
  }
  if (bytes.length === 4) return [...bytes].join('.');
  const mapped = bytes.subarray(0, 12).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]));
  if (mapped) return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  return compressIpv6(bytes);
}

/** An IPv6 address in its shortest form (RFC 5952): `::1`, `fe80::1`. */
function compressIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) [bestStart, bestLength] = [start, end - start];
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Inodes of the sockets this process holds open (from /proc/self/fd). */
async function ownSocketInodes(): Promise<Set<number>> {
  const inodes = new Set<number>();
  const fds = await readdir('/proc/self/fd');
  await Promise.all(
    fds.map(async (fd) => {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(Number(match[1]));
    }),
  );
  return inodes;
}

/**
 * The kernel's drop count for this process's UDP socket bound to `address`:`port`, or undefined
 * where /proc/net/udp cannot be read (not Linux) or the socket is not found.
 */
export async function readUdpKernelDrops(address: string, port: number): Promise<number | undefined> {
  const tables = await Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((file) => readFile(file, 'utf8').catch(() => '')));
  const candidates = tables.flatMap((table) => parseProcNetUdp(table)).filter((row) => row.port === port && row.address === address);
  if (candidates.length === 0) return undefined;
  // Another process may hold a socket on the same port (SO_REUSEPORT): count only ours.
  const own = candidates.length === 1 ? candidates : await ownSocketInodes().then((inodes) => candidates.filter((row) => inodes.has(row.inode)));
  return own.length === 0 ? undefined : own.reduce((sum, row) => sum + row.drops, 0);
}

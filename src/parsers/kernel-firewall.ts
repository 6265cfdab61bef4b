// Kernel firewall packet logs: what netfilter's LOG target (iptables, ip6tables) and nftables' `log`
// statement write through the kernel log, including UFW's "[UFW BLOCK]" lines (R-EVENTS-1 access
// attempts, access-control alerts; R-COLLECT-2 network logs). The kernel writes the rule's log prefix
// (free text, at most 29 bytes with iptables) and then "IN=… OUT=… [MAC=…] SRC=… DST=… … PROTO=…",
// after an optional "[seconds.micro] " timestamp when klogd or dmesg kept it.
//
// ECS: event.category [network]; the prefix's words decide event.type: BLOCK, DROP, REJECT, DENY →
// [connection, denied]; ALLOW, ACCEPT, PASS → [connection, allowed]; anything else (UFW AUDIT, a bare
// prefix) → [connection], outcome unknown. As in ECS's own firewall example, a packet the firewall
// blocked is its action carried out: outcome success, the block is in event.type and event.action.
// network.direction is seen from the host (the observer): only IN= → ingress, only OUT= → egress; a
// forwarded packet (both) gets none.
import { isIPv6 } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser } from './parser.ts';

// Words of the prefix, delimited by anything but a letter: firewalld writes filter_IN_public_REJECT.
const DENIED = /(?<![a-z])(?:BLOCK(?:ED)?|DROP(?:PED)?|REJECT(?:ED)?|DEN(?:Y|IED))(?![a-z])/i;
const ALLOWED = /(?<![a-z])(?:ALLOW(?:ED)?|ACCEPT(?:ED)?|PASS)(?![a-z])/i;

/** IANA keyword names (ECS network.transport) for what the kernel prints as PROTO=. */
const TRANSPORTS: Readonly<Record<string, string>> = {
  ICMPV6: 'ipv6-icmp',
  '1': 'icmp',
  '2': 'igmp',
  '6': 'tcp',
  '17': 'udp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '132': 'sctp',
};

/** The packet's KEY=VALUE words, the outer header's only: an ICMP error's quoted packet is in [brackets]. */
function packetFields(rest: string): Map<string, string> {
  const fields = new Map<string, string>();
  // Word by word with indexOf rather than split(' '): no array of words for every firewall line.
  for (let start = 0; start <= rest.length;) {
    const space = rest.indexOf(' ', start);
    const end = space < 0 ? rest.length : space;
    if (rest.charCodeAt(start) === 0x5b) break; // '['
    const equals = rest.indexOf('=', start);
    if (equals > start && equals < end) {
      const key = rest.slice(start, equals);
      if (!fields.has(key)) fields.set(key, rest.slice(equals + 1, end));
    }
    start = end + 1;
  }
  return fields;
}

/** The kernel prints IPv6 addresses in full (fe80:0000:…); store the RFC 5952 form (fe80::…) people search for. */
function address(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes(':') || !isIPv6(value)) return value;
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}

function verdict(rule: string): { type: string[]; action: string; outcome: string } {
  if (DENIED.test(rule)) return { type: ['connection', 'denied'], action: 'firewall-block', outcome: 'success' };
  if (ALLOWED.test(rule)) return { type: ['connection', 'allowed'], action: 'firewall-allow', outcome: 'success' };
  return { type: ['connection'], action: 'firewall-log', outcome: 'unknown' };
}

function direction(inbound: string, outbound: string): string | undefined {
  if (inbound !== '' && outbound === '') return 'ingress';
  if (inbound === '' && outbound !== '') return 'egress';
  return undefined;
}

function firewallFields(g: Readonly<Record<string, string | undefined>>): LogEvent {
  const rule = (g['prefix'] ?? '')
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/:$/, '')
    .trim();
  const packet = packetFields(g['rest'] ?? '');
  const proto = packet.get('PROTO');
  const inbound = g['in'] ?? '';
  const outbound = g['out'] ?? '';
  const { type, action, outcome } = verdict(rule);
  return {
    'event.category': ['network'],
    'event.type': type,
    'event.action': action,
    'event.outcome': outcome,
    'rule.name': rule,
    'observer.type': 'firewall',
    'observer.product': rule.startsWith('UFW ') ? 'ufw' : 'netfilter',
    'observer.ingress.interface.name': inbound,
    'observer.egress.interface.name': outbound,
    'network.direction': direction(inbound, outbound),
    'network.transport': proto === undefined ? undefined : (TRANSPORTS[proto.toUpperCase()] ?? proto.toLowerCase()),
    'source.ip': address(packet.get('SRC')),
    'source.port': packet.get('SPT'),
    'destination.ip': address(packet.get('DST')),
    'destination.port': packet.get('DPT'),
  };
}

export const KERNEL_FIREWALL_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'kernel-firewall',
    description: 'iptables/ip6tables LOG and nftables log lines from the kernel, UFW BLOCK/ALLOW/AUDIT included',
    module: 'iptables',
    programs: ['kernel'],
    rules: [
      {
        name: 'packet',
        needle: ' SRC=',
        pattern: /^(?:\[ *\d+\.\d+\] )?(?<prefix>[^=]*?)IN=(?<in>[^ =]*) OUT=(?<out>[^ =]*) (?<rest>(?:[^ ]+ )*?SRC=[^ ]+ DST=[^ ]+(?: .*)?)$/,
        fields: firewallFields,
      },
    ],
  }),
];

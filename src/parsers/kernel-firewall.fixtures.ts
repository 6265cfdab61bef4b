// Fixtures of the kernel firewall parser (R-EVENTS-1 access attempts and access-control alerts,
// R-COLLECT-2 network logs). The layout is the kernel's nf_log_syslog packet dump (net/netfilter/
// nf_log_syslog.c: "IN=%s OUT=%s ", "MAC=", "SRC=%pI4 DST=%pI4 LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u
// ID=%u ", "PROTO=TCP SPT=%u DPT=%u …", IPv6 addresses printed in full with %pI6) behind the rule's
// log prefix, as iptables -j LOG --log-prefix, nftables `log prefix` and ufw (its "[UFW BLOCK] " …
// prefixes, ufw's before.rules/user.rules) write it.
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const KERNEL = 'Linux nf_log_syslog packet dump format';
const UFW = 'ufw 0.36 log prefix in front of the Linux nf_log_syslog packet dump';

function line(name: string, syslog: string, expect: ParserFixture['expect'], origin = KERNEL): ParserFixture {
  return { name, origin, syslog, parser: 'kernel-firewall', rule: 'packet', expect };
}

export const KERNEL_FIREWALL_FIXTURES: ParserFixtures = {
  matching: [
    line(
      'UFW blocks an inbound SSH SYN, kernel timestamp kept (R-EVENTS-1 access attempt)',
      '<4>Mar  7 10:00:00 fw1 kernel: [12345.678901] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.1 DST=198.51.100.2 LEN=60 TOS=0x00 PREC=0x00 TTL=51 ID=54321 DF PROTO=TCP SPT=43210 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0',
      {
        'event.category': ['network'],
        'event.type': ['connection', 'denied'],
        'event.action': 'firewall-block',
        'event.outcome': 'success',
        'event.module': 'iptables',
        'event.dataset': 'kernel-firewall',
        'rule.name': 'UFW BLOCK',
        'observer.type': 'firewall',
        'observer.product': 'ufw',
        'observer.ingress.interface.name': 'eth0',
        'observer.egress.interface.name': undefined,
        'network.direction': 'ingress',
        'network.transport': 'tcp',
        'source.ip': '192.0.2.1',
        'source.port': 43210,
        'destination.ip': '198.51.100.2',
        'destination.port': 22,
        'related.ip': ['192.0.2.1', '198.51.100.2'],
      },
      UFW,
    ),
    line(
      'UFW allows, without the kernel timestamp (journald-forwarded)',
      '<4>Mar  7 10:00:00 fw1 kernel: [UFW ALLOW] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.9 DST=198.51.100.2 LEN=52 TOS=0x00 PREC=0x00 TTL=118 ID=1 DF PROTO=TCP SPT=50000 DPT=443 WINDOW=65535 RES=0x00 SYN URGP=0',
      { 'event.type': ['connection', 'allowed'], 'event.action': 'firewall-allow', 'rule.name': 'UFW ALLOW', 'destination.port': 443 },
      UFW,
    ),
    line(
      'UFW rate limit blocks',
      '<4>Mar  7 10:00:00 fw1 kernel: [ 9012.000001] [UFW LIMIT BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.50 DST=198.51.100.2 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=7 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0',
      { 'event.action': 'firewall-block', 'rule.name': 'UFW LIMIT BLOCK' },
      UFW,
    ),
    line(
      'UFW AUDIT: logged before the verdict',
      '<4>Mar  7 10:00:00 fw1 kernel: [UFW AUDIT] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.60 DST=198.51.100.2 LEN=76 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=UDP SPT=123 DPT=123 LEN=56',
      { 'event.type': ['connection'], 'event.action': 'firewall-log', 'event.outcome': 'unknown', 'network.transport': 'udp', 'source.port': 123 },
      UFW,
    ),
    line(
      'iptables LOG --log-prefix "IPTables-Dropped: " on an outbound packet',
      '<4>Mar  7 10:00:00 db1 kernel: IPTables-Dropped: IN= OUT=eth0 SRC=10.0.0.5 DST=203.0.113.80 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4242 DF PROTO=TCP SPT=51515 DPT=25 WINDOW=29200 RES=0x00 SYN URGP=0 UID=1001 GID=1001',
      {
        'event.action': 'firewall-block',
        'rule.name': 'IPTables-Dropped',
        'network.direction': 'egress',
        'observer.egress.interface.name': 'eth0',
        'observer.product': 'netfilter',
        'destination.port': 25,
      },
      'iptables-extensions(8) LOG target --log-prefix, Linux nf_log_syslog format',
    ),
    line(
      'nftables log prefix on a forwarded ICMP echo',
      '<4>Mar  7 10:00:00 gw1 kernel: nft fwd accept: IN=eth1 OUT=eth0 MAC=52:54:00:aa:bb:cc:52:54:00:dd:ee:ff:08:00 SRC=10.1.2.3 DST=192.0.2.200 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=9 DF PROTO=ICMP TYPE=8 CODE=0 ID=77 SEQ=1',
      { 'event.type': ['connection', 'allowed'], 'rule.name': 'nft fwd accept', 'network.transport': 'icmp', 'network.direction': undefined, 'source.port': undefined },
      'nft(8) log statement prefix, Linux nf_log_syslog format',
    ),
    line(
      'an ICMP error quoting the packet it answers: the outer addresses are kept',
      '<4>Mar  7 10:00:00 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.9 DST=198.51.100.2 LEN=88 TOS=0x00 PREC=0xC0 TTL=64 ID=1 PROTO=ICMP TYPE=3 CODE=3 [SRC=198.51.100.2 DST=192.0.2.9 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=2 PROTO=UDP SPT=53 DPT=40000 LEN=40 ]',
      { 'source.ip': '192.0.2.9', 'destination.ip': '198.51.100.2', 'network.transport': 'icmp', 'source.port': undefined },
      UFW,
    ),
    line(
      'IPv6: UFW blocks ICMPv6, addresses stored in RFC 5952 form',
      '<4>Mar  7 10:00:00 fw1 kernel: [ 777.123456] [UFW BLOCK] IN=eth0 OUT= MAC=33:33:00:00:00:01:52:54:00:65:43:21:86:dd SRC=fe80:0000:0000:0000:5054:00ff:fe65:4321 DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=72 TC=0 HOPLIMIT=1 FLOWLBL=0 PROTO=ICMPv6 TYPE=130 CODE=0',
      {
        'source.ip': 'fe80::5054:ff:fe65:4321',
        'destination.ip': 'ff02::1',
        'network.transport': 'ipv6-icmp',
        'related.ip': ['fe80::5054:ff:fe65:4321', 'ff02::1'],
      },
      UFW,
    ),
    line(
      'IPv6 TCP with ports',
      '<4>Mar  7 10:00:00 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:86:dd SRC=2001:0db8:0000:0000:0000:0000:0000:0007 DST=2001:0db8:0000:0000:0000:0000:0000:0001 LEN=80 TC=0 HOPLIMIT=55 FLOWLBL=12345 PROTO=TCP SPT=40022 DPT=3389 WINDOW=64800 RES=0x00 SYN URGP=0',
      { 'source.ip': '2001:db8::7', 'destination.ip': '2001:db8::1', 'destination.port': 3389, 'network.transport': 'tcp' },
      UFW,
    ),
    line(
      'firewalld rejects in the public zone',
      '<4>Mar  7 10:00:00 web3 kernel: filter_IN_public_REJECT: IN=ens3 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.44 DST=198.51.100.3 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=3 DF PROTO=TCP SPT=41000 DPT=3306 WINDOW=64240 RES=0x00 SYN URGP=0',
      { 'event.action': 'firewall-block', 'rule.name': 'filter_IN_public_REJECT', 'observer.ingress.interface.name': 'ens3', 'destination.port': 3306 },
      'firewalld LogDenied prefix (filter_IN_<zone>_REJECT), Linux nf_log_syslog format',
    ),
    line(
      'a LOG rule without a prefix',
      '<4>Mar  7 10:00:00 fw1 kernel: IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.77 DST=198.51.100.2 LEN=40 TOS=0x00 PREC=0x00 TTL=240 ID=5 PROTO=TCP SPT=1 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0',
      { 'event.type': ['connection'], 'event.outcome': 'unknown', 'rule.name': undefined, 'destination.port': 23 },
    ),
  ],
  nonMatching: [
    {
      name: 'a USB device appearing',
      syslog: '<6>Mar  7 10:00:00 web1 kernel: [    2.345678] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
      why: 'a kernel line with no firewall meaning',
    },
    { name: 'a link coming up', syslog: '<6>Mar  7 10:00:00 web1 kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None', why: 'a kernel line with no firewall meaning' },
    {
      name: 'a firewall-looking line from an application',
      syslog: '<4>Mar  7 10:00:00 fw1 myapp[1]: [UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1 DST=198.51.100.2 PROTO=TCP',
      why: 'only the kernel writes packet logs',
    },
    {
      name: 'a packet line cut before SRC',
      syslog: '<4>Mar  7 10:00:00 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56',
      why: 'without addresses there is nothing to record; the line stays as it came',
    },
  ],
};

// CEF fixtures (R-EVENTS-1, R-FIELDS-1, R-COLLECT-2): lines in the layout of the ArcSight "Common
// Event Format" specification (header of seven pipe-separated fields, extension of key=value with
// `\=` and `\|` escapes, the dictionary's key names), rewritten with our own vendors and values.
import type { ParserFixtures } from './fixture.ts';

export const CEF_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'firewall deny with addresses, ports, transport and direction',
      origin: 'ArcSight CEF specification: header layout and the src/dst/spt/dpt/proto/act/deviceDirection keys',
      syslog:
        '<134>Mar  7 10:00:00 fw1 CEF:0|Acme|Perimeter|4.2|deny-tcp|Connection denied|7|src=203.0.113.5 spt=51515 dst=192.0.2.10 dpt=22 proto=TCP act=Deny deviceDirection=0 deviceInboundInterface=eth0 dvchost=fw1.example.net',
      parser: 'cef',
      rule: 'cef',
      expect: {
        'observer.vendor': 'Acme',
        'observer.product': 'Perimeter',
        'event.code': 'deny-tcp',
        'event.reason': 'Connection denied',
        'event.severity': 7,
        'event.module': 'cef',
        'event.dataset': 'cef',
        'source.ip': '203.0.113.5',
        'source.port': 51515,
        'destination.ip': '192.0.2.10',
        'destination.port': 22,
        'network.transport': 'tcp',
        'network.direction': 'inbound',
        'event.action': 'deny',
        'observer.ingress.interface.name': 'eth0',
        'observer.hostname': 'fw1.example.net',
        'related.ip': ['203.0.113.5', '192.0.2.10'],
      },
    },
    {
      name: 'escaped pipes and backslashes in the header, spaces and \\= in extension values',
      origin: 'ArcSight CEF specification: header escapes \\| and \\\\, extension escape \\=, values with spaces',
      syslog:
        '<132>Mar  7 10:00:01 waf1 CEF:0|Acme|Web\\|Shield|1.0|942100|SQL injection \\\\ blocked|High|src=198.51.100.77 request=https://shop.example/search?q\\=1 OR 1\\=1 requestMethod=get requestClientApplication=Mozilla/5.0 (X11; Linux x86_64) suser=alice outcome=failure cs1Label=Rule Name cs1=SQLi generic',
      parser: 'cef',
      rule: 'cef',
      expect: {
        'observer.product': 'Web|Shield',
        'event.reason': 'SQL injection \\ blocked',
        'event.severity': 8,
        'url.original': 'https://shop.example/search?q=1 OR 1=1',
        'http.request.method': 'GET',
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)',
        'user.name': 'alice',
        'event.outcome': 'failure',
        'rule.name': 'SQLi generic',
      },
    },
    {
      name: 'one account acting on another (suser and duser), with a file path',
      origin: 'ArcSight CEF specification: suser/duser/suid/filePath keys',
      syslog: '<134>Mar  7 10:00:02 dc1 CEF:0|Acme|Directory|7.1|acct-reset|Password reset|Medium|suser=admin.jo suid=1001 duser=bob sntdom=CORP filePath=/var/lib/dir/users.db',
      parser: 'cef',
      rule: 'cef',
      expect: {
        'user.name': 'admin.jo',
        'user.id': '1001',
        'user.target.name': 'bob',
        'user.domain': 'CORP',
        'file.path': '/var/lib/dir/users.db',
        'event.severity': 6,
        'related.user': ['admin.jo', 'bob'],
      },
    },
    {
      name: 'CEF after a relay’s syslog header inside the message',
      origin: 'a relay forwarding an ArcSight connector’s line with its own RFC 3164 header in front (CEF specification: optional syslog prefix)',
      syslog: '<134>Mar  7 10:00:03 relay1 cef: Mar  7 10:00:02 ids1 CEF:0|Acme|Sensor|3.0|2010935|Scan detected|9|src=192.0.2.200 dst=192.0.2.10 app=SSH',
      parser: 'cef',
      rule: 'cef',
      expect: { 'observer.product': 'Sensor', 'event.code': '2010935', 'event.severity': 9, 'source.ip': '192.0.2.200', 'network.protocol': 'ssh' },
    },
    {
      name: 'CEF relayed by rsyslog’s forward format: the tag CEF: and a space',
      origin: 'generated: a CEF line sent through rsyslogd 8.2302.0 on Debian 12 with template RSYSLOG_ForwardFormat (TAG, space, MSG)',
      syslog: '<132>2026-03-07T10:00:02+00:00 h1 CEF: 0|Acme|Web\\|Shield|1.0|942100|SQL injection blocked|High|src=198.51.100.77',
      parser: 'cef',
      rule: 'cef',
      expect: { 'observer.product': 'Web|Shield', 'event.code': '942100', 'event.reason': 'SQL injection blocked', 'event.severity': 8, 'source.ip': '198.51.100.77' },
    },
    {
      name: 'CEF sent as an RFC 5424 message',
      origin: 'ArcSight CEF specification over RFC 5424 syslog',
      syslog: '<134>1 2026-03-07T10:00:04.000Z av1 - - - - CEF:0|Acme|Antivirus|12.0|virus-found|Malware quarantined|10|dhost=ws7 duser=carol fname=C:\\\\Users\\\\carol\\\\eicar.com act=quarantine',
      parser: 'cef',
      rule: 'cef',
      expect: { 'event.severity': 10, 'user.name': 'carol', 'file.path': 'C:\\Users\\carol\\eicar.com', 'event.action': 'quarantine' },
    },
  ],
  nonMatching: [
    {
      name: 'an application named cef writing prose',
      syslog: '<14>Mar  7 10:00:00 app1 cef: 0 events forwarded in the last minute',
      why: 'the tag cef alone does not make a CEF record: the header must follow',
    },
    {
      name: 'CEF mentioned in the middle of a sentence',
      syslog: '<14>Mar  7 10:00:00 app1 exporter: forwarding alerts as CEF:0|vendor|product lines from now on',
      why: 'CEF: is neither at the start nor right after a syslog header',
    },
    {
      name: 'a CEF header cut short',
      syslog: '<134>Mar  7 10:00:00 fw1 CEF:0|Acme|Perimeter|4.2',
      why: 'fewer than the seven header fields: not a CEF record',
    },
  ],
};

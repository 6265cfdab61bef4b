// LEEF fixtures (R-EVENTS-1, R-FIELDS-1, R-COLLECT-2): lines in the layouts of IBM QRadar's "Log Event
// Extended Format" guide (LEEF 1.0 tab-separated attributes; LEEF 2.0 with its delimiter field as a
// character or in hex; the predefined attribute names), with our own vendors and values.
import type { ParserFixtures } from './fixture.ts';

export const LEEF_FIXTURES: ParserFixtures = {
  matching: [
    {
      name: 'LEEF 1.0, tab-separated attributes with a space in a value',
      origin: 'IBM LEEF guide: LEEF:1.0 header, tab between attributes, predefined src/dst/srcPort/dstPort/usrName/proto/sev/cat',
      syslog: '<13>Mar  7 10:00:00 mail1 LEEF:1.0|Acme|MailGuard|2.3|login-fail|src=192.0.2.45\tdst=192.0.2.2\tsrcPort=40022\tdstPort=993\tproto=6\tsev=6\tcat=Authentication\tusrName=Jo Smith',
      parser: 'leef',
      rule: 'leef-1',
      expect: {
        'observer.vendor': 'Acme',
        'observer.product': 'MailGuard',
        'event.code': 'login-fail',
        'event.module': 'leef',
        'source.ip': '192.0.2.45',
        'source.port': 40022,
        'destination.ip': '192.0.2.2',
        'destination.port': 993,
        'network.transport': 'tcp',
        'event.severity': 6,
        'user.name': 'Jo Smith',
      },
    },
    {
      name: 'LEEF 1.0 relayed by rsyslog, each tab written as #011',
      origin: 'generated: a LEEF 1.0 line sent through rsyslogd 8.2302.0 on Debian 12 (imudp → omfile, default EscapeControlCharactersOnReceive)',
      syslog: '<13>Mar  7 10:00:00 mail1 LEEF:1.0|Acme|MailGuard|2.3|login-fail|src=192.0.2.45#011dst=192.0.2.2#011usrName=Jo Smith',
      parser: 'leef',
      rule: 'leef-1',
      expect: { 'source.ip': '192.0.2.45', 'destination.ip': '192.0.2.2', 'user.name': 'Jo Smith' },
    },
    {
      name: 'LEEF relayed by rsyslog’s forward format: the tag LEEF:, a space, tabs as #011',
      origin: 'generated: a LEEF 1.0 line sent through rsyslogd 8.2302.0 on Debian 12 with template RSYSLOG_ForwardFormat',
      syslog: '<13>2026-03-07T10:00:01+00:00 h1 LEEF: 1.0|Acme|MailGuard|2.3|login-fail|src=192.0.2.45#011dst=192.0.2.2',
      parser: 'leef',
      rule: 'leef-1',
      expect: { 'observer.vendor': 'Acme', 'event.code': 'login-fail', 'source.ip': '192.0.2.45', 'destination.ip': '192.0.2.2' },
    },
    {
      name: 'LEEF 2.0 with a caret delimiter and a login flag',
      origin: 'IBM LEEF guide: LEEF:2.0 header with the delimiter field (^), isLoginEvent, identSrc, domain',
      syslog: '<14>Mar  7 10:00:01 vpn1 LEEF:2.0|Acme|Gateway|5.0|vpn-login|^|identSrc=198.51.100.8^usrName=bob^domain=CORP^isLoginEvent=true^policy=remote-staff',
      parser: 'leef',
      rule: 'leef-2',
      expect: {
        'event.category': ['authentication', 'session'],
        'event.type': ['start'],
        'source.ip': '198.51.100.8',
        'user.name': 'bob',
        'user.domain': 'CORP',
        'rule.name': 'remote-staff',
      },
    },
    {
      name: 'LEEF 2.0 naming its delimiter in hex (x09, a tab)',
      origin: 'IBM LEEF guide: the delimiter field may be a hex value prefixed x or 0x',
      syslog: '<14>Mar  7 10:00:02 proxy1 LEEF:2.0|Acme|Proxy|1.1|url-block|x09|src=192.0.2.77\turl=http://bad.example/x?y=1\taction=Blocked\tsev=8',
      parser: 'leef',
      rule: 'leef-2',
      expect: { 'source.ip': '192.0.2.77', 'url.original': 'http://bad.example/x?y=1', 'event.action': 'blocked', 'event.severity': 8 },
    },
    {
      name: 'LEEF 1.0 whose tabs a relay turned into spaces, after the relay’s syslog header',
      origin: 'IBM LEEF guide: optional syslog header before LEEF; a relay replacing tabs with spaces',
      syslog: '<13>Mar  7 10:00:03 relay1 leef: Mar  7 10:00:02 exch1 LEEF:1.0|Acme|Exchange|2016|15345|src=10.50.1.1 dst=10.20.20.20 usrName=carol',
      parser: 'leef',
      rule: 'leef-1',
      expect: { 'source.ip': '10.50.1.1', 'destination.ip': '10.20.20.20', 'user.name': 'carol', 'event.code': '15345' },
    },
  ],
  nonMatching: [
    {
      name: 'LEEF mentioned in prose',
      syslog: '<14>Mar  7 10:00:00 app1 exporter: sending events as LEEF:2.0|x|y to the SIEM',
      why: 'LEEF: is neither at the start nor right after a syslog header',
    },
    {
      name: 'an unknown LEEF version',
      syslog: '<14>Mar  7 10:00:00 app1 LEEF:3.0|Acme|Thing|1|e1|src=192.0.2.1',
      why: 'only LEEF 1.0 and 2.0 are defined',
    },
  ],
};

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FACILITY_NAMES, SEVERITY_NAMES, facilityName, parseSyslog, severityName, stripTrailingLineEnding, type SyslogMessage, type SyslogParse } from './syslog.ts';

const RECEIVED = Date.UTC(2026, 10, 24, 13, 0, 0); // 2026-11-24T13:00:00Z
const BOM = '\uFEFF';

function parse(text: string, receivedAt = RECEIVED): SyslogParse {
  return parseSyslog(text, { receivedAt });
}

function parseOk(text: string, receivedAt = RECEIVED): SyslogMessage {
  const result = parse(text, receivedAt);
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.msg;
}

function parseError(text: string): string {
  const result = parse(text);
  assert.ok(!result.ok, `expected invalid_syslog, got ${JSON.stringify(result)}`);
  assert.equal(result.reason, 'invalid_syslog');
  return result.detail;
}

/** Parse that succeeds leniently: returns the message and its leniencies (at least one). */
function parseLenient(text: string, receivedAt = RECEIVED): { msg: SyslogMessage; leniencies: readonly string[] } {
  const msg = parseOk(text, receivedAt);
  assert.ok(msg.leniencies && msg.leniencies.length > 0, `expected leniencies, got ${JSON.stringify(msg)}`);
  return { msg, leniencies: msg.leniencies };
}

describe('parseSyslog: RFC 5424 §6.5 examples', () => {
  it('example 1: no structured data, BOM before MSG', () => {
    const msg = parseOk(`<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`);
    assert.deepEqual(msg, {
      format: 'rfc5424',
      facility: 4,
      severity: 2,
      version: 1,
      timestamp: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      timestampHadZone: true,
      hostname: 'mymachine.example.com',
      appName: 'su',
      msgId: 'ID47',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('example 2: microseconds and a negative offset, PROCID, no MSGID', () => {
    const msg = parseOk("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    assert.deepEqual(msg, {
      format: 'rfc5424',
      facility: 20,
      severity: 5,
      version: 1,
      timestamp: Date.UTC(2003, 7, 24, 12, 14, 15, 0),
      timestampHadZone: true,
      hostname: '192.0.2.1',
      appName: 'myproc',
      procId: '8710',
      message: "%% It's time to make the do-nuts.",
    });
  });

  it('example 3: structured data and a message', () => {
    const msg = parseOk(
      `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`,
    );
    assert.deepEqual(msg.structuredData, { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
    assert.equal(msg.message, 'An application event log entry...');
    assert.equal(msg.appName, 'evntslog');
    assert.equal(msg.procId, undefined);
  });

  it('example 4: two SD elements and no MSG', () => {
    const msg = parseOk(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    );
    assert.deepEqual(msg.structuredData, {
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'examplePriority@32473': { class: 'high' },
    });
    assert.equal(msg.message, '');
  });
});

describe('parseSyslog: RFC 5424 details', () => {
  it('parses what util-linux logger sends by default', () => {
    const msg = parseOk('<13>1 2026-11-24T12:00:00.123456+00:00 myhost root 1234 - [timeQuality tzKnown="1" isSynced="1" syncAccuracy="123"] hello');
    assert.deepEqual(msg, {
      format: 'rfc5424',
      facility: 1,
      severity: 5,
      version: 1,
      timestamp: Date.UTC(2026, 10, 24, 12, 0, 0, 123),
      timestampHadZone: true,
      hostname: 'myhost',
      appName: 'root',
      procId: '1234',
      structuredData: { timeQuality: { tzKnown: '1', isSynced: '1', syncAccuracy: '123' } },
      message: 'hello',
    });
  });

  it('treats NILVALUE fields as absent', () => {
    const msg = parseOk('<14>1 - - - - - -');
    assert.deepEqual(msg, { format: 'rfc5424', facility: 1, severity: 6, version: 1, timestampHadZone: false, message: '' });
  });

  it('converts offsets to UTC', () => {
    const at = (ts: string): number | undefined => parseOk(`<13>1 ${ts} h a - - - x`).timestamp;
    assert.equal(at('2026-11-24T12:00:00Z'), Date.UTC(2026, 10, 24, 12));
    assert.equal(at('2026-11-24T12:00:00+05:30'), Date.UTC(2026, 10, 24, 6, 30));
    assert.equal(at('2026-11-24T20:00:00-07:00'), Date.UTC(2026, 10, 25, 3));
    assert.equal(at('2026-01-01T00:30:00+01:00'), Date.UTC(2025, 11, 31, 23, 30));
    assert.equal(at('2026-11-24T12:00:00-00:00'), Date.UTC(2026, 10, 24, 12));
  });

  it('keeps millisecond precision and truncates beyond it', () => {
    const at = (ts: string): number | undefined => parseOk(`<13>1 ${ts} h a - - - x`).timestamp;
    assert.equal(at('2026-11-24T12:00:00.1Z'), Date.UTC(2026, 10, 24, 12, 0, 0, 100));
    assert.equal(at('2026-11-24T12:00:00.12Z'), Date.UTC(2026, 10, 24, 12, 0, 0, 120));
    assert.equal(at('2026-11-24T12:00:00.999999Z'), Date.UTC(2026, 10, 24, 12, 0, 0, 999));
    assert.equal(at('2026-11-24T12:00:00.123456789Z'), Date.UTC(2026, 10, 24, 12, 0, 0, 123));
  });

  it('accepts Feb 29 in a leap year and years before 100', () => {
    assert.equal(parseOk('<13>1 2024-02-29T00:00:00Z h a - - -').timestamp, Date.UTC(2024, 1, 29));
    assert.equal(parseOk('<13>1 0050-06-01T00:00:00Z h a - - -').timestamp, new Date('0050-06-01T00:00:00Z').getTime());
  });

  for (const [name, ts, fragment] of [
    ['month 13', '2026-13-01T00:00:00Z', 'month 13'],
    ['Feb 30', '2026-02-30T00:00:00Z', 'day 30'],
    ['Feb 29 outside a leap year', '2023-02-29T00:00:00Z', 'day 29'],
    ['hour 25', '2026-11-24T25:00:00Z', 'hour 25'],
    ['minute 60', '2026-11-24T12:60:00Z', 'minute 60'],
    ['leap second', '2026-12-31T23:59:60Z', 'second 60'],
    ['offset +24:00', '2026-11-24T12:00:00+24:00', 'zone offset'],
    ['no zone', '2026-11-24T12:00:00', 'zone'],
    ['lowercase t', '2026-11-24t12:00:00Z', 'YYYY-MM-DD'],
    ['BSD form', 'Nov 24 12:00:00', 'YYYY-MM-DD'],
    ['empty fraction', '2026-11-24T12:00:00.Z', 'YYYY-MM-DD'],
  ] as const) {
    it(`leaves out a bad timestamp, keeps the rest of the header and flags it: ${name}`, () => {
      const { msg, leniencies } = parseLenient(`<13>1 ${ts} h a - - - x`);
      assert.equal(leniencies.length, 1);
      const [detail = ''] = leniencies;
      assert.match(detail, /^TIMESTAMP at offset 6: .*; left out$/);
      assert.ok(detail.includes(fragment), detail);
      // A BSD timestamp is three tokens, so the fields after it are misread; event.original keeps the text.
      if (name !== 'BSD form') assert.deepEqual([msg.timestamp, msg.hostname, msg.appName, msg.message], [undefined, 'h', 'a', 'x']);
    });
  }

  it('unescapes \\", \\\\ and \\] in PARAM-VALUE', () => {
    const msg = parseOk('<13>1 - h a - - [x@1 q="say \\"hi\\"" b="C:\\\\dir" r="[a\\]" u="un]escaped"] m');
    assert.deepEqual(msg.structuredData, { 'x@1': { q: 'say "hi"', b: 'C:\\dir', r: '[a]', u: 'un]escaped' } });
    assert.equal(msg.message, 'm');
    assert.equal(msg.leniencies, undefined);
  });

  it('keeps a backslash before any other character literally and flags it', () => {
    const { msg, leniencies } = parseLenient('<13>1 - h a - - [x@1 o="tab\\t" p="a\\zb"] m');
    assert.deepEqual(msg.structuredData, { 'x@1': { o: 'tab\\t', p: 'a\\zb' } });
    assert.equal(msg.message, 'm');
    assert.deepEqual(leniencies, [
      `backslash at offset 27 escapes "t", which is not '"', '\\' or ']'; kept as a literal backslash`,
      `backslash at offset 35 escapes "z", which is not '"', '\\' or ']'; kept as a literal backslash`,
    ]);
  });

  it('keeps every element of a repeated SD-ID (as ID#2, ID#3) and flags it; a repeated PARAM-NAME keeps its first value unflagged', () => {
    const { msg, leniencies } = parseLenient('<13>1 - h a - - [a x="1" x="2"][b y="1"][a x="3"][a#2 z="4"][a w="5"]');
    assert.deepEqual(msg.structuredData, { a: { x: '1' }, b: { y: '1' }, 'a#2': { x: '3' }, 'a#2#2': { z: '4' }, 'a#3': { w: '5' } });
    assert.deepEqual(leniencies, [
      'SD-ID "a" at offset 41 repeats an earlier one; kept as "a#2"',
      'SD-ID "a#2" at offset 50 is the name given to a repeated one; kept as "a#2#2"',
      'SD-ID "a" at offset 61 repeats an earlier one; kept as "a#3"',
    ]);
    assert.equal(parseOk('<13>1 - h a - - [a x="1" x="2"]').leniencies, undefined);
  });

  it('stores an SD-ID named __proto__ as data, not as a prototype', () => {
    const msg = parseOk('<13>1 - h a - - [__proto__ polluted="yes"]');
    assert.ok(msg.structuredData && Object.hasOwn(msg.structuredData, '__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('accepts an SD element with no params', () => {
    assert.deepEqual(parseOk('<13>1 - h a - - [empty]').structuredData, { empty: {} });
  });

  it('trims one trailing LF or CRLF and keeps a message that is all spaces', () => {
    assert.equal(parseOk('<13>1 - h a - - - hello\n').message, 'hello');
    assert.equal(parseOk('<13>1 - h a - - - hello\r\n').message, 'hello');
    assert.equal(parseOk('<13>1 - h a - - -    ').message, '   ');
  });

  for (const [name, text, expected, kept] of [
    ['missing SP after TIMESTAMP', '<13>1 2026-11-24T12:00:00Z', 'expected SP after TIMESTAMP at offset 26, found end of input', { timestamp: Date.UTC(2026, 10, 24, 12), message: '' }],
    ['truncated header', '<13>1 - host app', 'expected SP after APP-NAME at offset 16, found end of input', { hostname: 'host', appName: 'app', message: '' }],
    ['empty HOSTNAME', '<13>1 -  app - - -', 'expected HOSTNAME (1-255 printable US-ASCII characters or "-") at offset 8, found " "', { appName: 'app' }],
    ['non-ASCII HOSTNAME', '<13>1 - hést app - - - m', 'expected printable US-ASCII in HOSTNAME at offset 9, found "é"', { appName: 'app', message: 'm' }],
    ['APP-NAME too long', `<13>1 - h ${'a'.repeat(49)} 7 - - m`, 'APP-NAME at offset 10 is 49 characters long; expected at most 48', { hostname: 'h', procId: '7', message: 'm' }],
    ['SD neither [ nor -', '<13>1 - h a - - x', 'expected "[" or "-" starting STRUCTURED-DATA at offset 16, found "x"', { hostname: 'h', appName: 'a', message: 'x' }],
    ['SD unterminated value', '<13>1 - h a - - [id k="v', "expected '\"' closing PARAM-VALUE opened at offset 22 at offset 24, found end of input", { message: '[id k="v' }],
    ['SD missing ]', '<13>1 - h a - - [ok a="1"][id k="v"', 'expected SP or "]" in SD-ELEMENT at offset 35, found end of input', { structuredData: { ok: { a: '1' } }, message: '[id k="v"' }],
    ['SD unquoted value', '<13>1 - h a - - [id k=v]', 'expected \'"\' opening PARAM-VALUE at offset 22, found "v"', { message: '[id k=v]' }],
    ['SD-ID missing', '<13>1 - h a - - [ k="v"]', "expected SD-ID (printable US-ASCII except '=', SP, ']', '\"') at offset 17, found \" \"", { message: '[ k="v"]' }],
    ['no SP before MSG', '<13>1 - h a - - -msg', 'expected SP or end of message after STRUCTURED-DATA at offset 17, found "m"', { hostname: 'h', message: 'msg' }],
  ] as const) {
    it(`keeps what parsed and flags the rest: ${name}, with the offset`, () => {
      const { msg, leniencies } = parseLenient(text);
      assert.equal(leniencies.length, 1);
      assert.ok(leniencies[0]?.startsWith(expected), leniencies[0]);
      for (const [key, value] of Object.entries(kept)) assert.deepEqual(msg[key as keyof SyslogMessage], value, key);
      assert.equal(msg.format, 'rfc5424');
    });
  }

  it('reads an invalid VERSION as RFC 3164 and flags it (R-FIELDS-1)', () => {
    for (const [text, version] of [
      ['<13>0 2026-11-24T12:00:00Z h a - - - m', '0'],
      ['<13>01 - h a - - - m', '01'],
      ['<13>1000 2026-11-24T12:00:00Z h a - - - m', '1000'],
    ] as const) {
      const { msg, leniencies } = parseLenient(text);
      assert.equal(msg.format, 'rfc3164');
      assert.equal(msg.message, text.slice(4));
      assert.deepEqual(leniencies, [`VERSION "${version}" at offset 4 is not a valid RFC 5424 VERSION (1-999, no leading zero); read as RFC 3164`]);
    }
  });
});

describe('parseSyslog: PRI', () => {
  it('accepts the bounds 0 and 191', () => {
    assert.deepEqual([parseOk('<0>x').facility, parseOk('<0>x').severity], [0, 0]);
    assert.deepEqual([parseOk('<191>x').facility, parseOk('<191>x').severity], [23, 7]);
  });

  for (const [name, text, expected] of [
    ['256', '<256>1 - - - - - -', 'PRI 256 at offset 1 is out of range; expected 0..191'],
    ['192', '<192>x', 'PRI 192 at offset 1 is out of range; expected 0..191'],
    ['leading zero 01', '<01>x', 'PRI "01" at offset 1 has a leading zero; expected 0..191 without leading zeros'],
    ['000', '<000>x', 'PRI "000" at offset 1 has a leading zero; expected 0..191 without leading zeros'],
    ['four digits', '<1234>x', 'PRI "1234" at offset 1 has 4 digits; expected at most 3'],
    ['missing >', '<13 hello', 'expected ">" closing PRI at offset 3, found " "'],
    ['missing > at end', '<13', 'expected ">" closing PRI at offset 3, found end of input'],
    ['empty PRI', '<>x', 'expected PRI digits after "<" at offset 1, found ">"'],
    ['negative', '<-1>x', 'expected PRI digits after "<" at offset 1, found "-"'],
  ] as const) {
    it(`rejects ${name}`, () => {
      assert.equal(parseError(text), expected);
    });
  }

  it('reads a message without PRI as user.notice and flags it', () => {
    const noPri = 'no PRI at offset 0; read as user.notice (facility 1, severity 5)';
    for (const text of ['hello', ' <13>x', '']) {
      const { msg } = parseLenient(text);
      assert.deepEqual(msg, { format: 'rfc3164', facility: 1, severity: 5, timestampHadZone: false, message: text, leniencies: [noPri] });
    }
    const { msg } = parseLenient('Nov 24 12:00:00 myhost sshd[7]: Accepted');
    assert.deepEqual([msg.facility, msg.severity, msg.timestamp, msg.hostname, msg.appName, msg.procId, msg.message], [1, 5, Date.UTC(2026, 10, 24, 12), 'myhost', 'sshd', '7', 'Accepted']);
  });
});

describe('parseSyslog: RFC 3164', () => {
  it('parses the RFC 3164 §5.4 example with a TAG', () => {
    assert.deepEqual(parseOk("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"), {
      format: 'rfc3164',
      facility: 4,
      severity: 2,
      timestamp: Date.UTC(2026, 9, 11, 22, 14, 15),
      timestampHadZone: false,
      timestampYearInferred: true,
      hostname: 'mymachine',
      appName: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('parses the §5.4 "BFG" example with a space-padded day, reading its first word as a TAG without ":" (as rsyslog does)', () => {
    const msg = parseOk('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!');
    assert.equal(msg.timestamp, Date.UTC(2026, 1, 5, 17, 32, 18));
    assert.equal(msg.hostname, '10.0.0.99');
    assert.equal(msg.appName, 'Use');
    assert.equal(msg.message, 'the BFG!');
  });

  it('reads a TAG without ":" or "[PID]" when a message follows it, and none when the word is the whole message', () => {
    const msg = parseOk('<13>Nov 24 12:00:00 fw1 kernel DROP IN=eth0');
    assert.deepEqual([msg.hostname, msg.appName, msg.procId, msg.message, msg.leniencies], ['fw1', 'kernel', undefined, 'DROP IN=eth0', undefined]);
    const alone = parseOk('<13>Nov 24 12:00:00 hello world');
    assert.deepEqual([alone.hostname, alone.appName, alone.message], ['hello', undefined, 'world']);
    // A word not starting with a letter is content, not a TAG (the §5.4 "1987" example).
    assert.equal(parseOk('<13>Nov 24 12:00:00 h 1987 x').appName, undefined);
  });

  it('reads a BSD timestamp with a year before the time (Cisco) in UTC', () => {
    const msg = parseOk('<189>Mar 7 2008 19:06:53 router1 %SYS-5-CONFIG_I: Configured from console');
    assert.deepEqual([msg.timestamp, msg.hostname, msg.appName, msg.message], [Date.UTC(2008, 2, 7, 19, 6, 53), 'router1', '%SYS-5-CONFIG_I', 'Configured from console']);
    assert.equal(parseOk('<13>Feb 29 2024 00:00:00 h t: m').timestamp, Date.UTC(2024, 1, 29));
    // A dated day that does not exist means no timestamp: everything is content.
    assert.equal(parseOk('<13>Feb 29 2023 00:00:00 h t: m').message, 'Feb 29 2023 00:00:00 h t: m');
    // The year was written, so the clock check must not choose it again (R-FIELDS-2).
    assert.deepEqual([msg.timestampHadZone, msg.timestampYearInferred], [false, false]);
  });

  it('skips a space after PRI before the timestamp', () => {
    const msg = parseOk('<13> Nov 24 12:00:00 myhost app: hi');
    assert.deepEqual([msg.timestamp, msg.hostname, msg.appName, msg.message], [Date.UTC(2026, 10, 24, 12), 'myhost', 'app', 'hi']);
    assert.equal(parseOk('<13> 2026-11-24T12:00:00Z myhost app: hi').timestamp, Date.UTC(2026, 10, 24, 12));
    assert.equal(parseOk('<13> just text').message, ' just text');
  });

  it('reads month names in any case', () => {
    for (const month of ['NOV', 'nov', 'NoV']) assert.equal(parseOk(`<13>${month} 24 12:00:00 h t: m`).timestamp, Date.UTC(2026, 10, 24, 12));
  });

  it('follows the layout for the §5.4 example with trailing year and zone (hostname "CST")', () => {
    const msg = parseOk("<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.");
    assert.equal(msg.hostname, 'CST');
    assert.equal(msg.message, "1987 mymachine myproc[10]: %% It's time to make the do-nuts.");
  });

  it('treats everything after PRI as content when there is no valid timestamp (§4.3.3)', () => {
    const text = "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!";
    assert.deepEqual(parseOk(text), {
      format: 'rfc3164',
      facility: 0,
      severity: 0,
      timestampHadZone: false,
      message: "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!",
    });
    assert.equal(parseOk('<13>').message, '');
    assert.equal(parseOk('<13>just text').message, 'just text');
    assert.equal(parseOk('<13>Nov 31 12:00:00 host tag: m').message, 'Nov 31 12:00:00 host tag: m');
    assert.equal(parseOk('<13>Nov 24 25:00:00 host tag: m').timestamp, undefined);
  });

  it('parses what util-linux logger --rfc3164 sends', () => {
    const msg = parseOk('<13>Nov 24 12:00:00 myhost root: hello');
    assert.deepEqual(msg, {
      format: 'rfc3164',
      facility: 1,
      severity: 5,
      timestamp: Date.UTC(2026, 10, 24, 12),
      timestampHadZone: false,
      timestampYearInferred: true,
      hostname: 'myhost',
      appName: 'root',
      message: 'hello',
    });
  });

  it('parses TAG[PID]: and keeps slashes in the TAG', () => {
    const msg = parseOk('<22>Nov 24 12:00:00 mail postfix/smtpd[4242]: connect from x');
    assert.deepEqual([msg.hostname, msg.appName, msg.procId, msg.message], ['mail', 'postfix/smtpd', '4242', 'connect from x']);
  });

  it('detects a missing hostname when the first token is a TAG', () => {
    const withPid = parseOk('<13>Nov 24 12:00:00 sshd[123]: Accepted publickey');
    assert.deepEqual([withPid.hostname, withPid.appName, withPid.procId, withPid.message], [undefined, 'sshd', '123', 'Accepted publickey']);
    const withoutPid = parseOk('<13>Nov 24 12:00:00 cron: job done');
    assert.deepEqual([withoutPid.hostname, withoutPid.appName, withoutPid.message], [undefined, 'cron', 'job done']);
  });

  it('takes an IPv6 address as the hostname, not as a TAG', () => {
    const msg = parseOk('<13>Nov 24 12:00:00 fe80::1 app: m');
    assert.deepEqual([msg.hostname, msg.appName, msg.message], ['fe80::1', 'app', 'm']);
  });

  it('accepts a bare single-digit day and a zero-padded one', () => {
    assert.equal(parseOk('<13>Nov 4 12:00:00 h t: m').timestamp, Date.UTC(2026, 10, 4, 12));
    assert.equal(parseOk('<13>Nov 04 12:00:00 h t: m').timestamp, Date.UTC(2026, 10, 4, 12));
    assert.equal(parseOk('<13>Nov  4 12:00:00 h t: m').timestamp, Date.UTC(2026, 10, 4, 12));
  });

  it('accepts the rsyslog high-precision ISO timestamp', () => {
    const msg = parseOk('<13>2026-11-24T12:00:00.123456+01:00 myhost app[7]: hi');
    assert.deepEqual([msg.timestamp, msg.timestampHadZone, msg.hostname, msg.appName, msg.procId], [Date.UTC(2026, 10, 24, 11, 0, 0, 123), true, 'myhost', 'app', '7']);
    const noZone = parseOk('<13>2026-11-24T12:00:00 myhost app: hi');
    assert.deepEqual([noZone.timestamp, noZone.timestampHadZone], [Date.UTC(2026, 10, 24, 12), false]);
  });

  it('handles a timestamp with nothing after it', () => {
    const msg = parseOk('<13>Nov 24 12:00:00');
    assert.deepEqual([msg.timestamp, msg.hostname, msg.message], [Date.UTC(2026, 10, 24, 12), undefined, '']);
  });

  describe('year inference', () => {
    it('uses the year of receivedAt', () => {
      assert.equal(parseOk('<13>Mar  1 00:00:00 h t: m').timestamp, Date.UTC(2026, 2, 1));
    });

    it('allows up to 24h in the future (clock skew)', () => {
      assert.equal(parseOk('<13>Nov 25 13:00:00 h t: m').timestamp, Date.UTC(2026, 10, 25, 13));
    });

    it('uses the previous year when more than 24h in the future', () => {
      assert.equal(parseOk('<13>Nov 25 13:00:01 h t: m').timestamp, Date.UTC(2025, 10, 25, 13, 0, 1));
      assert.equal(parseOk('<13>Dec 31 23:59:59 h t: m', Date.UTC(2027, 0, 1, 0, 0, 5)).timestamp, Date.UTC(2026, 11, 31, 23, 59, 59));
    });

    it('checks Feb 29 against the chosen year', () => {
      assert.equal(parseOk('<13>Feb 29 10:00:00 h t: m', Date.UTC(2028, 5, 1)).timestamp, Date.UTC(2028, 1, 29, 10));
      // Feb 29 2027 does not exist: no timestamp, everything is content.
      assert.equal(parseOk('<13>Feb 29 10:00:00 h t: m', Date.UTC(2027, 5, 1)).timestamp, undefined);
    });
  });
});

describe('name tables', () => {
  it('names all facilities and severities', () => {
    assert.equal(FACILITY_NAMES.length, 24);
    assert.equal(SEVERITY_NAMES.length, 8);
    assert.deepEqual(
      [facilityName(0), facilityName(4), facilityName(10), facilityName(13), facilityName(14), facilityName(15), facilityName(16), facilityName(23)],
      ['kern', 'auth', 'authpriv', 'security', 'console', 'solaris-cron', 'local0', 'local7'],
    );
    assert.deepEqual(SEVERITY_NAMES, ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug']);
    assert.equal(severityName(8), undefined);
    assert.equal(facilityName(24), undefined);
  });
});

// --- properties ------------------------------------------------------------------------------

/** Strings built from syslog-ish pieces after a plausible start, so the fuzzer reaches deep into the grammar. */
const syslogish = fc
  .tuple(
    fc.constantFrom('', '<', '<13>', '<13>1 ', '<13>1 2026-11-24T12:00:00Z ', '<13>1 - h a - - ', '<13>1 - h a - - [id', '<13>Nov 24 12:00:00 ', '<13>2026-11-24T12:00:00Z '),
    fc.array(
      fc.oneof(
        fc.constantFrom('<', '>', '<13>', '1 ', ' ', '-', '[', ']', '"', '\\', '=', ':', 'T', 'Z', '+01:00', '.', '\n', '\r\n', BOM),
        fc.constantFrom('2026-11-24T12:00:00', 'Nov 24 12:00:00', 'Feb 29 00:00:00', 'Nov  4 ', 'host', 'tag[1]:', 'a="b"', '[id', '\\]', '\\"'),
        fc.string({ maxLength: 4 }),
        fc.nat(300).map(String),
      ),
      { maxLength: 20 },
    ),
  )
  .map(([start, parts]) => start + parts.join(''));

const printUsAscii = fc.integer({ min: 33, max: 126 }).map((code) => String.fromCharCode(code));
const sdNameChar = printUsAscii.filter((ch) => ch !== '=' && ch !== ']' && ch !== '"');

function headerField(maxLength: number): fc.Arbitrary<string | undefined> {
  return fc.option(
    fc.string({ unit: printUsAscii, minLength: 1, maxLength }).filter((s) => s !== '-'),
    { nil: undefined },
  );
}

const sdName = fc.string({ unit: sdNameChar, minLength: 1, maxLength: 32 });
const sdElements = fc.uniqueArray(fc.record({ id: sdName, params: fc.uniqueArray(fc.tuple(sdName, fc.string({ unit: 'binary' })), { selector: ([name]) => name, maxLength: 4 }) }), {
  selector: (element) => element.id,
  minLength: 1,
  maxLength: 3,
});

function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (ch) => `\\${ch}`);
}

const MIN_EPOCH = new Date('0001-01-02T00:00:00Z').getTime();
const MAX_EPOCH = new Date('9999-12-30T00:00:00Z').getTime();
const timestamp = fc.record({
  epochMs: fc.integer({ min: MIN_EPOCH, max: MAX_EPOCH }),
  offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
  fractionDigits: fc.integer({ min: 0, max: 9 }),
  extraDigits: fc.stringMatching(/^\d{6}$/),
  utcAsZ: fc.boolean(),
});

type GeneratedTime = typeof timestamp extends fc.Arbitrary<infer T> ? T : never;

/** Format an instant as RFC 3339 in the given offset; returns the text and the instant it denotes. */
function formatRfc3339(t: GeneratedTime): { text: string; epochMs: number } {
  const local = new Date(t.epochMs + t.offsetMinutes * 60_000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const fraction = (pad(local.getUTCMilliseconds(), 3) + t.extraDigits).slice(0, t.fractionDigits);
  const abs = Math.abs(t.offsetMinutes);
  const zone = t.offsetMinutes === 0 && t.utcAsZ ? 'Z' : `${t.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const keptMs = Number(fraction.padEnd(3, '0').slice(0, 3));
  return { text: `${date}T${time}${fraction ? `.${fraction}` : ''}${zone}`, epochMs: t.epochMs - local.getUTCMilliseconds() + keptMs };
}

/** A valid RFC 5424 message and the SyslogMessage it must parse to. */
const rfc5424Message = fc
  .record({
    pri: fc.integer({ min: 0, max: 191 }),
    version: fc.integer({ min: 1, max: 999 }),
    timestamp: fc.option(timestamp, { nil: undefined }),
    hostname: headerField(255),
    appName: headerField(48),
    procId: headerField(128),
    msgId: headerField(32),
    sd: fc.option(sdElements, { nil: undefined }),
    message: fc.option(
      fc.string({ unit: 'binary' }).filter((s) => !s.startsWith(BOM) && !s.endsWith('\n')),
      { nil: undefined },
    ),
  })
  .map((g) => {
    const time = g.timestamp && formatRfc3339(g.timestamp);
    const sdText = g.sd ? g.sd.map((e) => `[${e.id}${e.params.map(([k, v]) => ` ${k}="${escapeParamValue(v)}"`).join('')}]`).join('') : '-';
    const fields = [g.hostname, g.appName, g.procId, g.msgId].map((f) => f ?? '-').join(' ');
    const text = `<${g.pri}>${g.version} ${time ? time.text : '-'} ${fields} ${sdText}${g.message === undefined ? '' : ` ${g.message}`}`;
    const expected: Record<string, unknown> = {
      format: 'rfc5424',
      facility: Math.floor(g.pri / 8),
      severity: g.pri % 8,
      version: g.version,
      timestampHadZone: time !== undefined,
      message: g.message ?? '',
    };
    if (time) expected['timestamp'] = time.epochMs;
    for (const key of ['hostname', 'appName', 'procId', 'msgId'] as const) if (g[key] !== undefined) expected[key] = g[key];
    if (g.sd) expected['structuredData'] = Object.fromEntries(g.sd.map((e) => [e.id, Object.fromEntries(e.params)]));
    return { text, expected };
  });

describe('parseSyslog properties', () => {
  it('never throws and returns ok or invalid_syslog with an offset in the detail', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), syslogish), fc.integer({ min: 0, max: 8_000_000_000_000 }), (text, receivedAt) => {
        const result = parseSyslog(text, { receivedAt });
        if (result.ok) {
          assert.ok(['rfc5424', 'rfc3164'].includes(result.msg.format));
          assert.ok(result.msg.facility >= 0 && result.msg.facility <= 23);
          assert.ok(result.msg.severity >= 0 && result.msg.severity <= 7);
          assert.equal(typeof result.msg.message, 'string');
        } else {
          assert.equal(result.reason, 'invalid_syslog');
          assert.match(result.detail, /offset \d+/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('flags every message the parser reads leniently, with an offset, and flags none of the valid ones', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), syslogish), (text) => {
        const result = parseSyslog(text, { receivedAt: RECEIVED });
        if (!result.ok) return;
        for (const leniency of result.msg.leniencies ?? []) assert.match(leniency, /offset \d+/);
        if (!text.startsWith('<')) assert.ok(result.msg.leniencies?.[0]?.startsWith('no PRI'), JSON.stringify(result));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(rfc5424Message, ({ text }) => assert.equal(parseOk(text).leniencies, undefined)),
      { numRuns: 300 },
    );
  });

  it('keeps every SD element of a generated message with repeated SD-IDs and flags each repeat', () => {
    const element = fc.record({ id: fc.constantFrom('a', 'b', 'c'), value: fc.stringMatching(/^[a-z0-9]{0,5}$/) });
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 6 }), (elements) => {
        const msg = parseOk(`<13>1 - h a - - ${elements.map((e) => `[${e.id} v="${e.value}"]`).join('')} m`);
        const stored = Object.values(msg.structuredData ?? {}).map((params) => params['v']);
        assert.deepEqual(stored.sort(), elements.map((e) => e.value).sort());
        const repeats = elements.length - new Set(elements.map((e) => e.id)).size;
        assert.equal(msg.leniencies?.length ?? 0, repeats);
        assert.equal(msg.message, 'm');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the header fields before a generated break and the text after it as the message', () => {
    fc.assert(
      fc.property(rfc5424Message, fc.nat(), ({ text, expected }, cut) => {
        // Cutting a valid message anywhere still yields the same facility and a message that is a
        // suffix of the text: nothing is invented.
        const prefix = text.slice(0, 7 + (cut % Math.max(1, text.length - 6)));
        const result = parseSyslog(prefix, { receivedAt: RECEIVED });
        assert.ok(result.ok, JSON.stringify(result));
        assert.equal(result.msg.facility, expected['facility']);
        // The parser drops one trailing line ending (what a line-oriented sender appends): a cut right after a newline inside the text ends there.
        assert.ok(stripTrailingLineEnding(prefix).endsWith(result.msg.message) || result.msg.format === 'rfc3164', JSON.stringify({ prefix, msg: result.msg }));
        // A field that was read is the generated one, or (cut inside it) its start.
        const hostname = expected['hostname'];
        if (result.msg.hostname !== undefined) assert.ok(typeof hostname === 'string' && hostname.startsWith(result.msg.hostname), JSON.stringify({ prefix, msg: result.msg }));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses generated RFC 5424 messages back to their fields', () => {
    fc.assert(
      fc.property(rfc5424Message, ({ text, expected }) => assert.deepEqual(parseOk(text), expected)),
      { numRuns: 1000 },
    );
  });
});

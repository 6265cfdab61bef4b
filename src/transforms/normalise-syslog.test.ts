import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { REJECT_REASONS, type SourceIdentity } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { normaliseSyslog, type NormaliseResult } from './normalise-syslog.ts';

const SOURCE: SourceIdentity = { protocol: 'syslog-tcp', listener: '0.0.0.0:6514', peer: '192.0.2.7:51234', identity: 'CN=relay' };
const RECEIVED = Date.UTC(2026, 10, 24, 13, 0, 0);
const CTX = { source: SOURCE, receivedAt: RECEIVED };

function normalise(input: string | Buffer, truncated = false): NormaliseResult {
  return normaliseSyslog({ bytes: typeof input === 'string' ? Buffer.from(input) : input, truncated }, CTX);
}

const SOURCE_FIELDS = {
  'logwarden.source.protocol': 'syslog-tcp',
  'logwarden.source.listener': '0.0.0.0:6514',
  'logwarden.source.peer': '192.0.2.7:51234',
  'logwarden.source.identity': 'CN=relay',
};

describe('normaliseSyslog: well-formed input', () => {
  it('maps an RFC 5424 message onto ECS fields', () => {
    const text =
      '<165>1 2026-11-24T12:00:00.123+01:00 web01 nginx 4321 ACCESS [req@32473 userId="u-7" user="alice" sessionId="s-9" traceId="t-1" srcIp="198.51.100.4" dstIp="2001:db8::1" dstPort="443"][meta sequenceId="5"] GET /';
    const { event, reject } = normalise(`${text}\n`);
    assert.equal(reject, undefined);
    assert.deepEqual(event, {
      '@timestamp': Date.UTC(2026, 10, 24, 11, 0, 0, 123),
      'event.ingested': RECEIVED,
      'event.original': text,
      'event.kind': 'event',
      message: 'GET /',
      ...SOURCE_FIELDS,
      'log.syslog.facility.code': 20,
      'log.syslog.facility.name': 'local4',
      'log.syslog.severity.code': 5,
      'log.syslog.severity.name': 'notice',
      'log.syslog.version': '1',
      'log.syslog.appname': 'nginx',
      'log.syslog.procid': '4321',
      'log.syslog.msgid': 'ACCESS',
      'log.syslog.structured_data': JSON.stringify({
        'req@32473': { userId: 'u-7', user: 'alice', sessionId: 's-9', traceId: 't-1', srcIp: '198.51.100.4', dstIp: '2001:db8::1', dstPort: '443' },
        meta: { sequenceId: '5' },
      }),
      'log.level': 'notice',
      // No event.severity: it holds the source's own scale (ECS); syslog's 0–7 is log.syslog.severity.code only.
      'host.name': 'web01',
      'host.hostname': 'web01',
      'service.name': 'nginx',
      'process.name': 'nginx',
      'process.pid': 4321,
      'user.id': 'u-7',
      'user.name': 'alice',
      'session.id': 's-9',
      'trace.id': 't-1',
      'source.ip': '198.51.100.4',
      'destination.ip': '2001:db8::1',
      'destination.port': 443,
    });
  });

  it('maps the RFC 3164 form logger sends', () => {
    const { event, reject } = normalise('<13>Nov 24 12:00:00 myhost root: hello');
    assert.equal(reject, undefined);
    assert.deepEqual(event, {
      '@timestamp': Date.UTC(2026, 10, 24, 12),
      'event.ingested': RECEIVED,
      'event.original': '<13>Nov 24 12:00:00 myhost root: hello',
      'event.kind': 'event',
      message: 'hello',
      ...SOURCE_FIELDS,
      'log.syslog.facility.code': 1,
      'log.syslog.facility.name': 'user',
      'log.syslog.severity.code': 5,
      'log.syslog.severity.name': 'notice',
      'log.syslog.appname': 'root',
      'log.level': 'notice',
      // No event.severity: it holds the source's own scale (ECS); syslog's 0–7 is log.syslog.severity.code only.
      'host.name': 'myhost',
      'host.hostname': 'myhost',
      'service.name': 'root',
      'process.name': 'root',
    });
  });

  it('uses only field names the schema registry knows', () => {
    const { event } = normalise('<13>1 - h a 1 - [x user="u" srcIp="10.0.0.1" srcPort="1"] m');
    for (const name of Object.keys(event)) assert.ok(fieldByName(name), `${name} is not in schema/fields.ts`);
  });

  it('falls back to receivedAt for @timestamp when the message has none', () => {
    assert.equal(normalise('<13>1 - h a - - - no time').event['@timestamp'], RECEIVED);
    assert.equal(normalise('<13>no header at all').event['@timestamp'], RECEIVED);
    assert.equal(normalise('<13>no header at all').event['event.ingested'], RECEIVED);
  });

  it('keeps event.original verbatim (BOM, PRI) but strips the trailing line ending', () => {
    const { event } = normalise('<13>1 - h a - - - \uFEFFhello\r\n');
    assert.equal(event['event.original'], '<13>1 - h a - - - \uFEFFhello');
    assert.equal(event.message, 'hello');
  });

  it('leaves service and process unset without APP-NAME, and pid unset for a non-numeric PROCID', () => {
    const { event } = normalise('<13>1 - h - abc - - m');
    assert.equal(event['service.name'], undefined);
    assert.equal(event['process.name'], undefined);
    assert.equal(event['process.pid'], undefined);
    assert.equal(event['log.syslog.procid'], 'abc');
    assert.ok(!('service.name' in event), 'unset fields are absent, not undefined');
  });

  it('maps structured data conservatively', () => {
    const { event } = normalise(
      '<13>1 - h a - - [first srcIp="not-an-ip" sessionId="" srcPort="70000" constructor="x"][second srcIp="10.1.2.3" correlationId="c-1" trace="t-2" session="s-1"][meta user="bob"]',
    );
    assert.equal(event['source.ip'], '10.1.2.3');
    assert.equal(event['source.port'], undefined);
    assert.equal(event['trace.id'], 'c-1');
    assert.equal(event['session.id'], 's-1');
    assert.equal(event['user.name'], 'bob');
    assert.equal(event['labels'], undefined);
  });

  it('omits structured_data when the message has none', () => {
    assert.equal(normalise('<13>1 - h a - - - m').event['log.syslog.structured_data'], undefined);
  });
});

describe('normaliseSyslog: flagged input', () => {
  it('decodes invalid UTF-8 lossily, keeps the raw bytes and names the offset', () => {
    const bytes = Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe]);
    const { event, reject } = normalise(bytes);
    assert.equal(event['event.original'], '<13>\uFFFD\uFFFD');
    assert.equal(event['logwarden.original_base64'], bytes.toString('base64'));
    assert.equal(event['logwarden.parse.error'], 'invalid_utf8');
    assert.match(String(event['logwarden.parse.detail']), /byte offset 4 \(starting with 0xff\)/);
    assert.deepEqual(reject, { reason: 'invalid_utf8', detail: event['logwarden.parse.detail'] });
    assert.equal(event['log.syslog.facility.code'], 1, 'still parses what it can');
  });

  it('flags a NUL byte with its offset and keeps it verbatim', () => {
    const { event, reject } = normalise('<13>1 - h a - - - he\0llo');
    assert.equal(event.message, 'he\0llo');
    assert.equal(event['event.original'], '<13>1 - h a - - - he\0llo');
    assert.equal(reject?.reason, 'nul_byte');
    assert.match(String(event['logwarden.parse.detail']), /NUL byte at byte offset 20/);
    assert.equal(event['logwarden.original_base64'], undefined);
    assert.equal(event['host.name'], 'h');
  });

  it('flags a truncated frame as oversize', () => {
    const { event, reject } = normalise('<13>1 - h a - - - abc', true);
    assert.equal(event['logwarden.truncated'], true);
    assert.equal(event['logwarden.parse.error'], 'oversize');
    assert.match(String(reject?.detail), /size limit.*first 21 bytes/);
    assert.equal(event.message, 'abc');
  });

  it('does not call a multi-byte character cut by truncation invalid UTF-8', () => {
    const cut = Buffer.from('<13>1 - h a - - - caf€').subarray(0, -1);
    const { event, reject } = normalise(cut, true);
    assert.equal(reject?.reason, 'oversize');
    assert.equal(event.message, 'caf');
    assert.equal(event['logwarden.original_base64'], undefined);
  });

  it('stores the whole text as the message when parsing fails', () => {
    const { event, reject } = normalise('<999>1 whatever');
    assert.equal(event.message, '<999>1 whatever');
    assert.equal(event['@timestamp'], RECEIVED);
    assert.equal(event['logwarden.parse.error'], 'invalid_syslog');
    assert.equal(event['logwarden.parse.detail'], 'PRI 999 at offset 1 is out of range; expected 0..191');
    assert.deepEqual(reject, { reason: 'invalid_syslog', detail: 'PRI 999 at offset 1 is out of range; expected 0..191' });
    assert.equal(event['log.syslog.facility.code'], undefined);
    assert.equal(event['event.kind'], 'event');
  });

  it('stores one reason by precedence invalid_utf8 > nul_byte > oversize > invalid_syslog, naming the others', () => {
    const all = normalise(Buffer.from([0x78, 0x00, 0xff]), true);
    assert.equal(all.reject?.reason, 'invalid_utf8');
    assert.match(String(all.reject?.detail), /also nul_byte: .*; oversize: .*; invalid_syslog: /);
    assert.equal(all.event['logwarden.parse.error'], 'invalid_utf8');
    assert.equal(normalise(Buffer.from('x\0'), true).reject?.reason, 'nul_byte');
    assert.equal(normalise(Buffer.from('no pri'), true).reject?.reason, 'oversize');
    assert.equal(normalise(Buffer.from('no pri')).reject?.reason, 'invalid_syslog');
    assert.match(String(normalise(Buffer.from('no pri')).reject?.detail), /^no PRI at offset 0/);
  });

  it('stores a framer bad_frame as a flagged event without parsing it', () => {
    const { event, reject } = normaliseSyslog({ error: 'bad_frame', bytes: Buffer.from('99999999999 <13>x'), detail: 'MSG-LEN too long' }, CTX);
    assert.deepEqual(reject, { reason: 'bad_frame', detail: 'MSG-LEN too long' });
    assert.equal(event['event.original'], '99999999999 <13>x');
    assert.equal(event.message, '99999999999 <13>x');
    assert.equal(event['@timestamp'], RECEIVED);
    assert.equal(event['log.syslog.facility.code'], undefined);
  });
});

describe('normaliseSyslog: lenient reads are kept and flagged', () => {
  for (const [name, text, detail, fields] of [
    [
      'no PRI',
      'Nov 24 12:00:00 myhost sshd[7]: Accepted',
      /^no PRI at offset 0; read as user\.notice/,
      { 'log.syslog.facility.name': 'user', 'log.level': 'notice', 'host.name': 'myhost', 'process.pid': 7, message: 'Accepted' },
    ],
    [
      'invalid VERSION',
      '<13>0 2026-11-24T12:00:00Z h a - - - m',
      /^VERSION "0" at offset 4 is not a valid RFC 5424 VERSION/,
      { 'log.syslog.version': undefined, message: '0 2026-11-24T12:00:00Z h a - - - m' },
    ],
    ['bad SD escape', '<13>1 - h a - - [x@1 userId="u\\7"] m', /^backslash at offset 30 escapes "7"/, { 'user.id': 'u\\7', message: 'm' }],
    [
      'repeated SD-ID',
      '<13>1 - h a - - [x user="a"][x user="b"] m',
      /^SD-ID "x" at offset 29 repeats an earlier one; kept as "x#2"$/,
      { 'log.syslog.structured_data': JSON.stringify({ x: { user: 'a' }, 'x#2': { user: 'b' } }), 'user.name': 'a' },
    ],
    [
      'a bad header field',
      '<13>1 2026-11-24T12:00:00Z h\u00e9 app 42 - - m',
      /^expected printable US-ASCII in HOSTNAME at offset 28/,
      { '@timestamp': Date.UTC(2026, 10, 24, 12), 'host.name': undefined, 'service.name': 'app', 'process.pid': 42, message: 'm' },
    ],
    [
      'a header cut short',
      '<13>1 2026-11-24T12:00:00Z h app 42 - [ok a="1"][bad',
      /^expected SP or "\]" in SD-ELEMENT at offset 52, found end of input; .* offset 48 is the message$/,
      { 'host.name': 'h', 'log.syslog.structured_data': JSON.stringify({ ok: { a: '1' } }), message: '[bad' },
    ],
  ] as const) {
    it(`${name}: parsed fields kept, flagged invalid_syslog, event.original unchanged`, () => {
      const { event, reject } = normalise(`${text}\n`);
      assert.equal(reject?.reason, 'invalid_syslog');
      assert.equal(event['logwarden.parse.error'], 'invalid_syslog');
      assert.match(String(event['logwarden.parse.detail']), detail);
      assert.equal(event['event.original'], text);
      for (const [field, value] of Object.entries(fields)) assert.deepEqual(event[field], value, field);
    });
  }

  it('does not flag what real senders do within the leniency rules (bare TAG, Cisco year, space after PRI, upper-case month)', () => {
    for (const text of ['<13>Nov 24 12:00:00 fw1 kernel DROP', '<189>Mar 7 2008 19:06:53 r1 %SYS-5-X: y', '<13> Nov 24 12:00:00 h app: hi', '<13>NOV 24 12:00:00 h app: hi']) {
      const { event, reject } = normalise(text);
      assert.equal(reject, undefined, text);
      assert.equal(event['event.original'], text);
      assert.equal(typeof event['service.name'], 'string', text);
    }
  });
});

describe('normaliseSyslog properties', () => {
  it('never throws on arbitrary bytes and always sets event.original and @timestamp', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.constantFrom('<13>', '<13>1 - h a - - ', '<0>Nov 24 12:00:00 '), fc.uint8Array({ maxLength: 100 })).map(([head, tail]) => Buffer.concat([Buffer.from(head), tail])),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (raw, truncated) => {
        const { event, reject } = normaliseSyslog({ bytes: Buffer.from(raw), truncated }, CTX);
        assert.equal(typeof event['event.original'], 'string');
        assert.equal(typeof event['@timestamp'], 'number');
        assert.equal(event['event.ingested'], RECEIVED);
        assert.equal(typeof event.message, 'string');
        assert.equal(event['logwarden.parse.error'], reject?.reason);
        if (reject) assert.ok(REJECT_REASONS.includes(reject.reason));
        for (const [name, value] of Object.entries(event)) assert.notEqual(value, undefined, name);
      }),
      { numRuns: 2000 },
    );
  });
});

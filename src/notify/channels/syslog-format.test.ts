// RFC 5424 form of a notice (pure): PRI, header fields, SD escapes, the size limit, octet
// counting. The round trip through a real rsyslogd is in syslog.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { oneLine } from '../content.ts';
import { ALERT, notice } from './notice.fixtures.ts';
import { facilityCode, octetCounted, sdName, sdValue, SEVERITY_BY_LEVEL, syslogMessage } from './syslog-format.ts';

const identity = { hostname: 'lw-1', procid: '77' };

/** Undo RFC 5424 §6.3.3 escapes the way a receiver does. */
const unescape = (text: string): string => text.replace(/\\(["\\\]])/g, '$1');

test('R-ANALYSE-2: header: PRI = facility × 8 + severity by level, version 1, time, host, logwarden, procid, alert-<kind>', () => {
  const message = syslogMessage(notice({ kind: 'resolved' }), 'authpriv', identity);
  assert.match(message, /^<83>1 2026-12-01T12:04:31\.000Z lw-1 logwarden 77 alert-resolved \[logwarden@32473 id="n0123456789abcdef" alert="0123456789abcdef0123" kind="resolved" /);
  assert.equal(facilityCode('kern'), 0);
  assert.equal(facilityCode('local7'), 23);
  assert.deepEqual(SEVERITY_BY_LEVEL, { critical: 2, high: 3, medium: 4, low: 5, informational: 6 });
  assert.ok(message.endsWith('] \uFEFFHIGH SSH brute force — web-1 (source.ip=203.0.113.9) — resolved'));
});

test('SD values escape ", \\ and ] and stay one line; names keep to the allowed characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const escaped = sdValue(text);
      assert.doesNotMatch(escaped.replace(/\\["\\\]]/g, ''), /["\]\\]/, 'no unescaped ", \\ or ]');
      assert.doesNotMatch(escaped, /[\r\n]/);
      assert.equal(unescape(escaped), oneLine(text, 1000), 'a receiver gets the text back');
      assert.match(sdName(text), /^[\x21-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/);
    }),
  );
  assert.equal(sdValue('a"b\\c]d'), 'a\\"b\\\\c\\]d');
  assert.equal(unescape(sdValue('a"b\\c]d')), 'a"b\\c]d');
});

test('an event cannot add a header field or a second message: host and text are made safe', () => {
  const forged = notice({ alert: { ...ALERT, rule: { ...ALERT.rule, title: 'x\n<13>1 - forged' }, group: { 'a b="c"]': 'v' } } });
  const message = syslogMessage(forged, 'user', { hostname: 'bad host\n', procid: '' });
  assert.doesNotMatch(message, /\n/);
  assert.match(message, /^<11>1 \S+ badhost logwarden - alert-initial /);
  assert.ok(message.includes('[group@32473 a_b__c__="v"]'), message);
});

test('a long notice stays under 8000 bytes: the matched values go first', () => {
  const big = notice({ values: Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`field${index}`, 'x'.repeat(200)])) });
  const message = syslogMessage(big, 'user', identity);
  assert.ok(Buffer.byteLength(message) <= 8000);
  assert.doesNotMatch(message, /values@32473/);
  assert.match(message, /\[group@32473 source\.ip="203\.0\.113\.9"\]/);
});

test('octet counting counts bytes, not characters', () => {
  assert.equal(octetCounted('<14>1 — é').toString('utf8'), `${Buffer.byteLength('<14>1 — é')} <14>1 — é`);
});

// CEF and LEEF header reading beyond the fixtures (R-FIELDS-1, R-COLLECT-2): where a record may
// start, header escapes, severities and LEEF delimiters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CEF_PARSERS, cefSeverity, cefStart, splitHeader } from './cef.ts';
import { LEEF_PARSERS, leefDelimiter, leefStart } from './leef.ts';

const parseCef = (message: string) => CEF_PARSERS[0]?.parse({ message, program: '', event: { message } });
const parseLeef = (message: string) => LEEF_PARSERS[0]?.parse({ message, program: '', event: { message } });

describe('CEF', () => {
  it('starts at the message start or right after a syslog header, never inside prose', () => {
    assert.equal(cefStart('CEF:0|a|b|c|d|e|1|'), 0);
    assert.equal(cefStart('Mar  7 10:00:00 fw1 CEF:0|a|b|c|d|e|1|'), 20);
    assert.equal(cefStart('<134>2026-03-07T10:00:00.123+01:00 fw1 CEF:1|a|b|c|d|e|1|'), 39);
    assert.equal(cefStart('we send CEF:0|a|b|c|d|e|1| lines'), -1);
    assert.equal(cefStart('CEF:x|a'), -1);
    assert.equal(cefStart(`${'x '.repeat(100)}CEF:0|a|b|c|d|e|1|`), -1);
  });

  it('splits the header on unescaped pipes only, unescaping \\| and \\\\', () => {
    assert.deepEqual(splitHeader('0|Ac\\|me|P\\\\Q|1|x|', 5), { fields: ['0', 'Ac|me', 'P\\Q', '1', 'x'], rest: '' });
    assert.deepEqual(splitHeader('0|a|b|c|d|e|5|src=1 | dst=2', 7)?.rest, 'src=1 | dst=2');
    assert.equal(splitHeader('0|a|b', 7), undefined);
  });

  it('reads severities 0–10 and the words, nothing else', () => {
    assert.deepEqual(['0', '10', 'Low', 'medium', 'HIGH', 'Very-High', '11', 'Unknown', ''].map(cefSeverity), ['0', '10', '3', '6', '8', '10', undefined, undefined, undefined]);
  });

  it('never sets a misfit value: a non-address src, a port out of range, an unknown direction', () => {
    const fields = parseCef('CEF:0|A|B|1|x|n|5|src=not-an-ip spt=70000 dpt=80 deviceDirection=2 requestMethod=G3T')?.fields ?? {};
    assert.equal(fields['source.ip'], undefined);
    assert.equal(fields['source.port'], undefined);
    assert.equal(fields['destination.port'], '80');
    assert.equal(fields['network.direction'], undefined);
    assert.equal(fields['http.request.method'], undefined);
  });

  it('a lone suser is user.name; suser acting on duser also gives user.target.name', () => {
    assert.equal(parseCef('CEF:0|A|B|1|x|n|5|duser=bob')?.fields['user.name'], 'bob');
    assert.equal(parseCef('CEF:0|A|B|1|x|n|5|duser=bob')?.fields['user.target.name'], undefined);
    assert.equal(parseCef('CEF:0|A|B|1|x|n|5|suser=root duser=bob')?.fields['user.target.name'], 'bob');
  });
});

describe('LEEF', () => {
  it('names its delimiter as a character or in hex (x or 0x, 1–4 digits); empty is a tab', () => {
    assert.deepEqual(['^', 'x09', '0x5E', 'xa6', '', '¦', 'ab', 'x12345'].map(leefDelimiter), ['^', '\t', '^', '¦', '\t', '¦', undefined, undefined]);
  });

  it('starts at the message start or right after a syslog header', () => {
    assert.equal(leefStart('LEEF:1.0|a|b|c|d|'), 0);
    assert.equal(leefStart('Jan 18 11:07:53 192.168.1.1 LEEF:2.0|a|b|c|d|^|'), 28);
    assert.equal(leefStart('LEEF:1.5|a'), -1);
    assert.equal(leefStart('see LEEF:1.0|a|b|c|d|'), -1);
  });

  it('reads LEEF 2.0 with a hex delimiter and maps numeric protocols', () => {
    const parsed = parseLeef('LEEF:2.0|V|P|1|e|0x7C|src=192.0.2.1|proto=17|sev=3|isLogoutEvent=true');
    assert.equal(parsed?.rule, 'leef-2');
    assert.deepEqual([parsed?.fields['source.ip'], parsed?.fields['network.transport'], parsed?.fields['event.severity'], parsed?.fields['event.type']], ['192.0.2.1', 'udp', '3', ['end']]);
  });

  it('refuses a header with a bad delimiter or too few fields', () => {
    assert.equal(parseLeef('LEEF:2.0|V|P|1|e|ab|src=192.0.2.1'), undefined);
    assert.equal(parseLeef('LEEF:1.0|V|P'), undefined);
  });
});

// Web server parsers beyond the fixtures (R-EVENTS-1, R-FIELDS-1): request lines and targets read
// into url.*/http.* (and garbage never into them), hostile lines that must stay cheap, and nginx's
// shared syslog tag telling access from error lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { recognise } from './recognise.ts';
import { PARSER_TABLE } from './table.ts';
import { clientFields, requestFields, unescapeLogValue } from './web-http.ts';

const SOURCE = { protocol: 'syslog-udp', listener: '127.0.0.1:5514', peer: '127.0.0.1:40000', identity: '' };

function syslogEvent(line: string): LogEvent {
  return normaliseSyslog({ bytes: Buffer.from(line), truncated: false }, { source: SOURCE, receivedAt: Date.UTC(2026, 2, 7, 12) }).event;
}

describe('request lines', () => {
  it('a request line gives method, version and the target split into path and query', () => {
    assert.deepEqual(requestFields('GET /a/b?x=1&y=%20 HTTP/1.1'), {
      'http.request.method': 'GET',
      'http.version': '1.1',
      'url.original': '/a/b?x=1&y=%20',
      'url.path': '/a/b',
      'url.query': 'x=1&y=%20',
    });
    assert.deepEqual(requestFields('GET /'), { 'http.request.method': 'GET', 'url.original': '/', 'url.path': '/' }, 'HTTP/0.9 has no version');
    assert.deepEqual(requestFields('GET /x? HTTP/2.0')['url.query'], undefined, 'an empty query is no query');
    assert.deepEqual(requestFields('CONNECT example.org:443 HTTP/1.1'), { 'http.request.method': 'CONNECT', 'http.version': '1.1', 'url.original': 'example.org:443' });
  });

  it('what is not a request line gives no field at all', () => {
    for (const garbage of ['-', '', '\\x16\\x03\\x01\\x00', 'get / HTTP/1.1', 'GET  / HTTP/1.1', 'GET / HTTP/1.1 extra', 'SSH-2.0-OpenSSH_9.2']) {
      assert.deepEqual(requestFields(garbage), {}, garbage);
    }
  });

  it('clients: IPv4, IPv6, ip:port forms, host names left out', () => {
    assert.deepEqual(clientFields('192.0.2.1'), { 'source.ip': '192.0.2.1' });
    assert.deepEqual(clientFields('2001:db8::1'), { 'source.ip': '2001:db8::1' });
    assert.deepEqual(clientFields('[2001:db8::1]:8080'), { 'source.ip': '2001:db8::1', 'source.port': '8080' });
    assert.deepEqual(clientFields('192.0.2.1:50000'), { 'source.ip': '192.0.2.1', 'source.port': '50000' });
    assert.deepEqual(clientFields('2001:db8::1:8080', true), { 'source.ip': '2001:db8::1', 'source.port': '8080' }, 'Apache 2.4 writes ip:port unbracketed');
    assert.deepEqual(clientFields('crawler.example.net'), {});
    assert.deepEqual(clientFields('-'), {});
  });

  it('escapes are undone for printable bytes only', () => {
    assert.equal(unescapeLogValue('a \\x22quoted\\x22 \\"b\\" c\\\\d'), 'a "quoted" "b" c\\d');
    assert.equal(unescapeLogValue('\\x16\\x03'), '\\x16\\x03', 'control bytes stay as logged');
  });
});

describe('web lines on the same tag and hostile input', () => {
  it('access and error lines under the one nginx tag go to their own parsers', () => {
    const access = syslogEvent('<190>Mar  7 10:00:00 web1 nginx: 192.0.2.1 - - [07/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"');
    const error = syslogEvent(
      '<187>Mar  7 10:00:00 web1 nginx: 2026/03/07 10:00:00 [error] 1#1: *1 open() "/x" failed (13: Permission denied), client: 192.0.2.1, server: _, request: "GET /x HTTP/1.1", host: "web1"',
    );
    assert.equal(recognise(access, PARSER_TABLE)?.parser, 'nginx.access');
    assert.equal(recognise(error, PARSER_TABLE)?.parser, 'nginx.error');
    assert.equal(error['event.reason'], 'Permission denied');
  });

  it('long near-miss lines are rejected in linear time (no catastrophic backtracking)', () => {
    const hostile = [
      `<190>Mar  7 10:00:00 web1 nginx: 192.0.2.1 - - [07/Mar/2026:10:00:00 +0000] "${'\\"'.repeat(20_000)} 200 1 "${'a'.repeat(20_000)}`,
      `<190>Mar  7 10:00:00 web1 nginx: ${'a '.repeat(20_000)}] "x`,
      `<187>Mar  7 10:00:00 web1 nginx: 2026/03/07 10:00:00 [error] 1#1: ${', client: '.repeat(5_000)}${', host: "'.repeat(5_000)}`,
      `<131>Mar  7 10:00:00 web2 httpd: [core:error] [pid 1] [client ${'1'.repeat(5_000)}] ${'user '.repeat(5_000)} not found`,
    ];
    for (const line of hostile) {
      const event = syslogEvent(line);
      const started = process.hrtime.bigint();
      recognise(event, PARSER_TABLE);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 200, `${ms} ms for a ${line.length}-byte line`);
      assert.equal(event['event.original'], line);
    }
  });
});

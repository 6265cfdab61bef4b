// The first bytes of a syslog connection decide whether it is an HTTP client (R-TAMPER-1: its
// headers, a bearer token among them, must never become a permanent event).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpRequestSniffer, httpRefusal, httpRequestEvent, type Sniffed } from './http-request-line.ts';

function sniff(...chunks: string[]): Sniffed {
  const sniffer = new HttpRequestSniffer();
  let result: Sniffed = { kind: 'pending' };
  for (const chunk of chunks) result = sniffer.push(Buffer.from(chunk, 'latin1'));
  return result;
}

const source = { protocol: 'syslog-tcp', listener: '127.0.0.1:5514', peer: '127.0.0.1:40000', identity: '' };

test('syslog frames (PRI, octet counting) and other text are decided at the first byte, every byte kept', () => {
  for (const start of ['<134>1 2026-11-24T10:00:00Z host app - - - hi\n', '42 <134>1 ...', 'hello world\n', 'get / http/1.1\r\n']) {
    const result = sniff(start);
    assert.equal(result.kind, 'other', start);
    assert.equal(result.kind === 'other' && result.bytes.toString('latin1'), start);
  }
});

test('HTTP request lines of every method are recognised, also when split across chunks', () => {
  for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']) {
    assert.deepEqual(sniff(`${method} /api/v1/search HTTP/1.1\r\nauthorization: Bearer lw_x\r\n\r\n`), {
      kind: 'http',
      request: { method, path: '/api/v1/search', version: 'HTTP/1.1' },
    });
  }
  assert.equal(sniff('GE').kind, 'pending');
  assert.equal(sniff('GET /a').kind, 'pending');
  assert.deepEqual(sniff('GE', 'T /a HT', 'TP/1.0\n'), { kind: 'http', request: { method: 'GET', path: '/a', version: 'HTTP/1.0' } });
  assert.deepEqual(sniff('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), { kind: 'http', request: { method: 'PRI', path: '*', version: 'HTTP/2.0' } });
});

test('a line that only starts like a request is syslog text, not HTTP', () => {
  assert.equal(sniff('GETTING started\n').kind, 'other');
  assert.equal(sniff('GET ready for the day\n').kind, 'other');
  assert.equal(sniff('POST\n').kind, 'other');
});

test('a request line with no LF within the limit is decided at the limit, never buffered without end', () => {
  const result = sniff(`GET /${'a'.repeat(9000)}`);
  assert.equal(result.kind, 'http');
  assert.ok(result.kind === 'http' && result.request.path.length <= 257);
  const undecided = new HttpRequestSniffer();
  assert.equal(undecided.push(Buffer.from('GET /x')).kind, 'pending');
  assert.equal(undecided.end().toString(), 'GET /x', 'an undecided start is handed back at the end');
});

test('the stored path drops the query string, fragment and user info, and any logwarden token in it', () => {
  const path = (target: string): string => {
    const result = sniff(`GET ${target} HTTP/1.1\r\n`);
    assert.equal(result.kind, 'http');
    return result.kind === 'http' ? result.request.path : '';
  };
  assert.equal(path('/api/v1/search?q=x&token=lw_secret'), '/api/v1/search');
  assert.equal(path('/a#frag'), '/a');
  assert.equal(path('http://admin:pw@logs.example.net/x?y'), 'http://logs.example.net/x');
  assert.equal(path('/tokens/lw_AbC-12_z/revoke'), '/tokens/lw_[redacted]/revoke');
});

test('the event names the peer, method and path, is flagged http_request, and holds no header (R-TAMPER-1)', () => {
  const event = httpRequestEvent({ method: 'GET', path: '/api/v1/search', version: 'HTTP/1.1' }, source, 1_700_000_000_000);
  assert.equal(event['logwarden.parse.error'], 'http_request');
  assert.match(event['message'] as string, /^HTTP request on a syslog port from 127\.0\.0\.1:40000: GET \/api\/v1\/search/);
  assert.equal(event['event.original'], 'GET /api/v1/search HTTP/1.1');
  assert.equal(event['logwarden.source.peer'], '127.0.0.1:40000');
  assert.equal(event['@timestamp'], 1_700_000_000_000);
  assert.doesNotMatch(JSON.stringify(event), /authorization|Bearer/i);
});

test('the answer is a complete HTTP 400 whose length matches its body', () => {
  const text = httpRefusal('syslog-tcp').toString();
  const [head = '', body = ''] = text.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(head, /\r\nConnection: close/);
  assert.equal(Number(/Content-Length: (\d+)/.exec(head)?.[1]), Buffer.byteLength(body));
  assert.match(body, /logwarden syslog-tcp port .*not the logwarden HTTP API/);
});

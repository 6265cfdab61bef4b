// logfmt and JSON bodies beyond the fixtures (R-FIELDS-1): one key table for both, values that must
// fit, fields the event has or the server owns left alone, the size and depth bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { appKeyTable, kebab, mapAppKey } from './app-log-keys.ts';
import { JSON_BODY_PARSERS, jsonBodyFields } from './json-body.ts';
import { LOGFMT_PARSERS, readLogfmt } from './logfmt.ts';

const parseJson = (message: string, event: LogEvent = { message }) => JSON_BODY_PARSERS[0]?.parse({ message, program: 'app', event });
const parseLogfmt = (message: string, event: LogEvent = { message }) => LOGFMT_PARSERS[0]?.parse({ message, program: 'app', event });

describe('the application key table', () => {
  it('maps only to registry fields a parser may set, and names no key twice', () => {
    const seen = new Set<string>();
    for (const [field, keys] of appKeyTable()) {
      assert.ok(fieldByName(field), field);
      for (const key of keys) {
        assert.ok(!seen.has(key), `${key} appears twice`);
        seen.add(key);
      }
    }
  });

  it('takes a value only when it fits its field', () => {
    assert.deepEqual(mapAppKey('ip', '192.0.2.1'), ['source.ip', '192.0.2.1']);
    assert.equal(mapAppKey('ip', 'unknown'), undefined);
    assert.equal(mapAppKey('status', 'running'), undefined);
    assert.deepEqual(mapAppKey('Status-Code', '404'), ['http.response.status_code', '404']);
    assert.equal(mapAppKey('src_port', '99999'), undefined);
    assert.equal(mapAppKey('outcome', 'maybe'), undefined);
    assert.equal(mapAppKey('path', 'relative/x'), undefined);
    assert.deepEqual(mapAppKey('level', 'WARN'), ['log.level', 'warn']);
    assert.equal(kebab(' Login_Failed.now '), 'login-failed-now');
  });
});

describe('logfmt', () => {
  it('needs the whole message as at least two pairs with identifier keys', () => {
    assert.deepEqual(readLogfmt('a=1 b.c="x y"'), [
      ['a', '1'],
      ['b.c', 'x y'],
    ]);
    for (const text of ['a=1', 'GET /x?a=1&b=2 HTTP/1.1', 'a=1 b=2 trailing', '1a=2 b=3', 'a:b=1 c=2']) assert.equal(readLogfmt(text), undefined, text);
  });

  it('does not claim a line whose mapped fields the event already has', () => {
    assert.equal(parseLogfmt('user=bob level=info', { 'user.name': 'bob', 'log.level': 'informational' }), undefined);
    assert.deepEqual(parseLogfmt('user=bob level=info', { 'user.name': 'bob' })?.fields, { 'log.level': 'info' });
  });

  it('never reads an audit record as logfmt, even one auditd leaves to the AppArmor parser', () => {
    const avc = 'type=AVC msg=audit(1700000000.123:46): apparmor="DENIED" operation="open" profile="snap.firefox" name="/etc/shadow" pid=4242 comm="firefox"';
    assert.equal(parseLogfmt(avc), undefined);
    assert.equal(parseLogfmt('type=login pid=4242 user=bob')?.fields['user.name'], 'bob', 'a logfmt line may still start with type=');
  });

  it('the first key for a field wins', () => {
    assert.equal(parseLogfmt('user=alice username=bob')?.fields['user.name'], 'alice');
  });
});

describe('JSON bodies', () => {
  it('takes ECS names before application keys, and never a field the server or the syslog header owns', () => {
    const fields = jsonBodyFields(
      {
        user: 'short',
        'user.name': 'ecs',
        logwarden: { system: 'forged' },
        'event.original': 'x',
        'log.syslog.appname': 'y',
        '@timestamp': '2026-01-01T00:00:00Z',
        labels: { a: 'b' },
        'event.kind': 'alert',
      },
      {},
    );
    assert.deepEqual(fields, { 'user.name': 'ecs' });
  });

  it('skips values that do not fit their ECS field', () => {
    assert.deepEqual(jsonBodyFields({ source: { ip: 'nowhere', port: 'x' }, 'event.category': 'file', 'user.name': true, 'process.pid': 12 }, {}), { 'process.pid': '12' });
  });

  it('is bounded: not over 64 KiB, not deeper than the normaliser walks', () => {
    const big = JSON.stringify({ user: 'bob', pad: 'x'.repeat(64 * 1024) });
    assert.equal(parseJson(big), undefined);
    let deep: unknown = { user: 'bob' };
    for (let i = 0; i < 100; i++) deep = { n: deep };
    assert.equal(parseJson(JSON.stringify({ user: 'bob', deep })), undefined);
    assert.equal(parseJson('{"user":"bob"}')?.fields['user.name'], 'bob');
  });

  it('claims no JSON that maps to nothing new', () => {
    assert.equal(parseJson('{"user":"bob"}', { 'user.name': 'bob' }), undefined);
    assert.equal(parseJson('{}'), undefined);
    assert.equal(parseJson('{"a":[1,2],"b":null}'), undefined);
  });
});

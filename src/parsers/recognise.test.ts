// The rules recognise.ts applies for every parser (docs/parsers.md, "Rules"), on a test table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser } from './parser.ts';
import { buildParserTable, recognise } from './recognise.ts';

const login = patternParser({
  name: 'demo',
  description: 'test parser',
  module: 'test',
  programs: ['demo'],
  rules: [
    {
      name: 'failed',
      needle: 'Failed',
      pattern: /^Failed login for (?<user>\S+) from (?<ip>\S+) port (?<port>\S+)$/,
      fields: (g) => ({ 'event.category': ['authentication'], 'event.outcome': 'failure', 'user.name': g['user'], 'source.ip': g['ip'], 'source.port': g['port'] }),
    },
  ],
});
const throwing: Parser = {
  name: 'broken',
  description: 'throws',
  module: 'test',
  programs: ['broken'],
  parse() {
    throw new Error('boom');
  },
};
const detected: Parser = {
  name: 'tagged',
  description: 'by content',
  module: 'test',
  detect: ({ message }) => message.startsWith('TAG:'),
  parse: () => ({ rule: 'tag', fields: { 'event.action': 'tagged' } }),
};
const TABLE = buildParserTable([login, throwing, detected]);

function event(program: string, message: string, extra: LogEvent = {}): LogEvent {
  return { 'event.original': `<13>${program}: ${message}`, message, 'log.syslog.appname': program, 'event.kind': 'event', ...extra };
}

test('a recognised line gets its fields, event.dataset and event.module, and related.* (R-FIELDS-1)', () => {
  const e = event('demo', 'Failed login for alice from 192.0.2.7 port 4242');
  const recognition = recognise(e, TABLE);
  assert.equal(recognition?.rule, 'failed');
  assert.equal(e['user.name'], 'alice');
  assert.equal(e['source.port'], 4242);
  assert.deepEqual(e['event.category'], ['authentication']);
  assert.equal(e['event.dataset'], 'demo');
  assert.equal(e['event.module'], 'test');
  assert.deepEqual(e['related.ip'], ['192.0.2.7']);
  assert.deepEqual(e['related.user'], ['alice']);
  assert.equal(e['logwarden.parse.error'], undefined);
});

test('the program is matched case-insensitively, from process.name when there is no APP-NAME', () => {
  const e: LogEvent = { message: 'Failed login for bob from 192.0.2.8 port 1', 'process.name': 'DEMO' };
  assert.equal(recognise(e, TABLE)?.parser, 'demo');
});

test('a value the event already has is kept', () => {
  const e = event('demo', 'Failed login for alice from 192.0.2.7 port 4242', { 'user.name': 'sender-said' });
  recognise(e, TABLE);
  assert.equal(e['user.name'], 'sender-said');
  assert.deepEqual(e['related.user'], ['sender-said']);
});

test('a value that does not fit is kept as a label and flagged; the other fields are applied', () => {
  const e = event('demo', 'Failed login for alice from not-an-ip port 70000x');
  const recognition = recognise(e, TABLE);
  assert.equal(e['logwarden.parse.error'], 'parser_error');
  assert.match(String(e['logwarden.parse.detail']), /source\.ip: expected an IP address, found "not-an-ip"/);
  assert.deepEqual(e['labels'], { 'source.ip': 'not-an-ip', 'source.port': '70000x' });
  assert.equal(e['user.name'], 'alice');
  assert.equal(recognition?.problems.length, 2);
});

test('a parser that throws flags the event and changes nothing else', () => {
  const e = event('broken', 'anything');
  const before = { ...e };
  recognise(e, TABLE);
  assert.equal(e['logwarden.parse.error'], 'parser_error');
  assert.match(String(e['logwarden.parse.detail']), /the broken parser failed: boom/);
  delete e['logwarden.parse.error'];
  delete e['logwarden.parse.detail'];
  assert.deepEqual(e, before);
});

test('a line no parser knows is left exactly as it came; content-detected parsers run for any program', () => {
  const unknown = event('demo', 'Accepted something else');
  const before = structuredClone(unknown);
  assert.equal(recognise(unknown, TABLE), undefined);
  assert.deepEqual(unknown, before);
  const tagged = event('other', 'TAG: hello');
  assert.equal(recognise(tagged, TABLE)?.parser, 'tagged');
  assert.equal(tagged['event.action'], 'tagged');
});

test('process.name and pid from the syslog header give way to the process a line is about; a sender’s own process.name does not', () => {
  const about = patternParser({
    name: 'about',
    description: 'names the subject process',
    module: 'test',
    programs: ['kernel'],
    rules: [{ name: 'denied', pattern: /^denied pid=(?<pid>\d+) comm=(?<comm>\S+)$/, fields: (g) => ({ 'process.name': g['comm'], 'process.pid': g['pid'] }) }],
  });
  const table = buildParserTable([about]);
  const fromHeader = event('kernel', 'denied pid=42 comm=cupsd', { 'process.name': 'kernel' });
  recognise(fromHeader, table);
  assert.deepEqual([fromHeader['process.name'], fromHeader['process.pid']], ['cupsd', 42]);
  const fromSender: LogEvent = { message: 'denied pid=42 comm=cupsd', 'process.name': 'kernel', 'process.pid': 7 };
  recognise(fromSender, table);
  assert.deepEqual([fromSender['process.name'], fromSender['process.pid']], ['kernel', 7], 'no APP-NAME: process.name is the sender’s own');
  const headerPid = event('kernel', 'denied pid=42 comm=cupsd', { 'process.name': 'kernel', 'log.syslog.procid': '9', 'process.pid': 9 });
  recognise(headerPid, table);
  assert.deepEqual([headerPid['process.name'], headerPid['process.pid']], ['cupsd', 42]);
});

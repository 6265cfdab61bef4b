// The routes of the mapping table and the predicates of loaded rules select the same events in the
// real embedded engine (rendered to SQL) as in the stream matcher: one meaning on both paths
// (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Session } from 'chdb';
import { predicateMatcher } from '../query/match.ts';
import { toEngineRow } from '../query/match.fixtures.ts';
import type { Predicate } from '../query/predicate.ts';
import { toSql } from '../query/sql-backend.ts';
import type { LogEvent } from '../schema/event.ts';
import { FIELDS } from '../schema/fields.ts';
import { loadRuleSet } from './load.ts';
import { LOGSOURCES, routePredicate } from './mapping.ts';

const EVENTS: readonly LogEvent[] = [
  { 'event.dataset': 'sshd', 'event.module': 'system', 'process.name': 'sshd', 'logwarden.source.protocol': 'syslog-udp', 'event.outcome': 'failure', 'log.syslog.facility.code': 4 },
  { 'process.name': 'sshd-session', 'logwarden.source.protocol': 'syslog-tcp', message: 'Connection closed' },
  { 'event.dataset': 'nginx.access', 'event.module': 'nginx', 'process.name': 'nginx', 'logwarden.source.protocol': 'syslog-udp', 'url.original': '/a/../../etc/passwd' },
  { 'event.dataset': 'apache.error', 'event.module': 'apache', 'process.name': 'apache2', 'logwarden.source.protocol': 'syslog-udp' },
  { 'event.dataset': 'kernel-firewall', 'event.module': 'iptables', 'event.type': ['connection', 'denied'], 'observer.type': 'firewall', 'logwarden.source.protocol': 'syslog-udp' },
  { 'event.dataset': 'auditd', 'event.module': 'auditd', 'event.code': 'EXECVE', 'process.command_line': 'id -u', 'logwarden.source.protocol': 'http' },
  { 'event.dataset': 'auditd', 'event.module': 'auditd', 'event.code': 'PATH', 'file.path': '/etc/shadow' },
  { 'event.dataset': 'sudo', 'event.action': 'sudo-command', 'process.name': 'sudo', 'log.syslog.facility.code': 10 },
  { 'event.dataset': 'accounts', 'process.name': 'useradd', 'event.module': 'system' },
  { 'event.dataset': 'cron', 'event.action': 'cron-command', 'process.name': 'CRON' },
  { 'event.dataset': 'windows.security', 'event.module': 'windows', 'event.code': '4625', 'logwarden.source.protocol': 'http' },
  { 'event.module': 'cef', 'event.dataset': 'cef', 'logwarden.source.protocol': 'syslog-tcp' },
  { 'service.name': 'logwarden', 'process.name': 'logwarden', 'logwarden.source.protocol': 'internal' },
  { message: 'nothing known', 'logwarden.source.protocol': 'http' },
].map((event, sequence) => ({ ...event, 'event.sequence': sequence, '@timestamp': 1_700_000_000_000 + sequence, 'event.ingested': 1_700_000_000_000 + sequence }));

let dataDir: string;
let session: Session;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'logwarden-mapping-'));
  session = new Session(dataDir);
  const columns = FIELDS.map((field) => `\`${field.column}\` ${field.type}`).join(', ');
  await session.queryAsync(`CREATE TABLE events (${columns}) ENGINE = MergeTree ORDER BY event_sequence`);
  await session.insert({ table: 'events', values: Buffer.from(EVENTS.map((event) => JSON.stringify(toEngineRow(event))).join('\n')), format: 'JSONEachRow' });
});

after(() => {
  session.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function viaSql(predicate: Predicate): Promise<number[]> {
  const compiled = toSql(predicate);
  const result = await session.queryBindAsync(`SELECT event_sequence FROM events WHERE ${compiled.sql} ORDER BY event_sequence`, compiled.params, { format: 'JSONEachRow' });
  return result
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Number((JSON.parse(line) as { event_sequence: string | number }).event_sequence));
}

const viaMatcher = (predicate: Predicate): number[] => {
  const matches = predicateMatcher(predicate);
  return EVENTS.filter((event) => matches(event)).map((event) => event['event.sequence'] as number);
};

test('R-ANALYSE-1: every logsource route selects the same events in the engine as in the stream matcher', async () => {
  let routed = 0;
  for (const row of LOGSOURCES) {
    const route = routePredicate(row);
    const js = viaMatcher(route);
    assert.deepEqual(await viaSql(route), js, `route of ${JSON.stringify({ product: row.product, category: row.category, service: row.service })}`);
    routed += js.length > 0 ? 1 : 0;
  }
  // Not a vacuous agreement: more than half the rows find some of the sample events.
  assert.ok(routed > LOGSOURCES.length / 2, `only ${routed} routes matched any event`);
});

test('R-ANALYSE-1: a loaded rule’s predicate (route and condition) selects the same events on both paths', async () => {
  const set = await loadRuleSet([{ ruleset: 'site', dir: new URL('../../test/fixtures/rules-loader/', import.meta.url).pathname }], { placeholders: {} });
  const detections = set.rules.filter((rule) => rule.kind === 'detection');
  assert.equal(detections.length, 2);
  const found: number[][] = [];
  for (const rule of detections) {
    const js = viaMatcher(rule.predicate);
    assert.deepEqual(await viaSql(rule.predicate), js, rule.title);
    found.push(js);
  }
  assert.deepEqual(found, [[0], [2]]);
});

// The Sigma→ECS table: every logsource routes to the events logwarden stores for it, and Sigma
// field names land on the ECS fields the parsers fill (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predicateMatcher } from '../query/match.ts';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName } from '../schema/fields.ts';
import { FIELD_GROUPS, LOGSOURCES, routeFor, sigmaField } from './mapping.ts';
import type { LogSource } from './rule.ts';

const SSHD: LogEvent = { 'event.dataset': 'sshd', 'event.module': 'system', 'process.name': 'sshd', 'logwarden.source.protocol': 'syslog-udp', 'user.name': 'root' };
const SSHD_UNPARSED: LogEvent = { 'process.name': 'sshd-session', 'logwarden.source.protocol': 'syslog-tcp', message: 'Connection closed' };
const NGINX: LogEvent = { 'event.dataset': 'nginx.access', 'event.module': 'nginx', 'process.name': 'nginx', 'logwarden.source.protocol': 'syslog-udp', 'url.original': '/?q=1' };
const FIREWALL: LogEvent = { 'event.dataset': 'kernel-firewall', 'event.module': 'iptables', 'event.type': ['connection', 'denied'], 'logwarden.source.protocol': 'syslog-udp' };
const EXECVE: LogEvent = { 'event.dataset': 'auditd', 'event.module': 'auditd', 'event.code': 'EXECVE', 'process.command_line': 'id -u' };
const AUDIT_PATH: LogEvent = { 'event.dataset': 'auditd', 'event.module': 'auditd', 'event.code': 'PATH', 'file.path': '/etc/shadow' };
const SUDO_CMD: LogEvent = { 'event.dataset': 'sudo', 'event.action': 'sudo-command', 'process.name': 'sudo', 'log.syslog.facility.code': 10 };
const WINDOWS: LogEvent = { 'event.dataset': 'windows.security', 'event.module': 'windows', 'event.code': '4625', 'logwarden.source.protocol': 'http' };
const LOGWARDEN: LogEvent = { 'service.name': 'logwarden', 'process.name': 'logwarden', 'logwarden.source.protocol': 'internal' };
const ALL = { SSHD, SSHD_UNPARSED, NGINX, FIREWALL, EXECVE, AUDIT_PATH, SUDO_CMD, WINDOWS, LOGWARDEN };

function routed(logsource: LogSource): string[] {
  const route = routeFor(logsource);
  assert.ok(route, `no route for ${JSON.stringify(logsource)}`);
  const matches = predicateMatcher(route);
  return Object.entries(ALL)
    .filter(([, event]) => matches(event))
    .map(([name]) => name);
}

test('R-ANALYSE-1: each logsource routes to the stored events it names and no others', () => {
  assert.deepEqual(routed({ product: 'linux', service: 'sshd' }), ['SSHD', 'SSHD_UNPARSED']);
  assert.deepEqual(routed({ category: 'webserver' }), ['NGINX']);
  assert.deepEqual(routed({ product: 'nginx' }), ['NGINX']);
  assert.deepEqual(routed({ product: 'apache' }), []);
  assert.deepEqual(routed({ category: 'firewall' }), ['FIREWALL']);
  assert.deepEqual(routed({ product: 'linux', category: 'process_creation' }), ['EXECVE', 'SUDO_CMD']);
  assert.deepEqual(routed({ product: 'linux', category: 'file_event' }), ['AUDIT_PATH']);
  assert.deepEqual(routed({ product: 'linux', service: 'auditd' }), ['EXECVE', 'AUDIT_PATH']);
  assert.deepEqual(routed({ product: 'linux', service: 'auth' }), ['SSHD', 'SUDO_CMD']);
  assert.deepEqual(routed({ product: 'windows', service: 'security' }), ['WINDOWS']);
  assert.deepEqual(routed({ product: 'logwarden' }), ['LOGWARDEN']);
  assert.deepEqual(routed({ product: 'linux' }), ['SSHD', 'SSHD_UNPARSED', 'NGINX', 'FIREWALL', 'EXECVE', 'AUDIT_PATH']);
});

test('a logsource logwarden has no logs for has no route; case in its values does not matter', () => {
  assert.equal(routeFor({ product: 'windows', category: 'process_creation' }), undefined);
  assert.equal(routeFor({ product: 'linux', service: 'vsftpd' }), undefined);
  assert.equal(routeFor({ product: 'linux', category: 'file_delete' }), undefined);
  assert.equal(routeFor({}), undefined);
  assert.deepEqual(routeFor({ product: 'Linux', service: 'SSHD' }), routeFor({ product: 'linux', service: 'sshd' }));
});

test('R-ANALYSE-1: Sigma field names map per logsource: web rules’ cs-uri-query is url.original, process_creation’s Image process.executable', () => {
  const ecs = (name: string, logsource: LogSource): string | undefined => sigmaField(name, logsource)?.def.name;
  assert.equal(ecs('cs-uri-query', { category: 'webserver' }), 'url.original');
  assert.equal(ecs('cs-uri-stem', { category: 'webserver' }), 'url.path');
  assert.equal(ecs('sc-status', { product: 'nginx' }), 'http.response.status_code');
  assert.equal(ecs('Image', { product: 'linux', category: 'process_creation' }), 'process.executable');
  assert.equal(ecs('CommandLine', { product: 'linux', category: 'process_creation' }), 'process.command_line');
  assert.equal(ecs('exe', { product: 'linux', service: 'auditd' }), 'process.executable');
  assert.equal(ecs('type', { product: 'linux', service: 'auditd' }), 'event.code');
  assert.equal(ecs('dst_port', { category: 'firewall' }), 'destination.port');
  assert.equal(ecs('EventID', { product: 'windows', service: 'security' }), 'event.code');
  assert.equal(ecs('TargetUserName', { product: 'windows', service: 'security' }), 'user.target.name');
  assert.equal(ecs('keywords', { product: 'linux', service: 'sshd' }), 'message');
});

test('an ECS name names itself everywhere, labels.KEY a label, and a name of another logsource or no field is unmapped', () => {
  assert.equal(sigmaField('source.ip', { product: 'linux', service: 'sshd' })?.def.name, 'source.ip');
  assert.deepEqual(sigmaField('labels.LogonType', { product: 'windows', service: 'security' }), { def: fieldByName('labels'), name: 'labels.LogonType', key: 'LogonType' });
  assert.equal(sigmaField('cs-uri-query', { product: 'linux', service: 'sshd' }), undefined);
  assert.equal(sigmaField('ParentImage', { product: 'linux', category: 'process_creation' }), undefined);
  assert.equal(sigmaField('a0', { product: 'linux', service: 'auditd' }), undefined);
  assert.equal(sigmaField('LogonType', { product: 'windows', service: 'security' }), undefined);
  assert.equal(sigmaField('labels', { product: 'linux' }), undefined);
  assert.equal(sigmaField('constructor', { product: 'linux' }), undefined);
});

test('every field the table names is in the registry, and every row has a route', () => {
  for (const group of FIELD_GROUPS) for (const [sigma, ecs] of Object.entries(group.fields)) assert.ok(fieldByName(ecs), `${group.name}: ${sigma} → ${ecs} is not a registry field`);
  for (const row of LOGSOURCES) assert.ok(routeFor(row), `no route for ${JSON.stringify(row)}`);
  const keys = LOGSOURCES.map((row) => `${row.product}|${row.category}|${row.service}`);
  assert.equal(new Set(keys).size, keys.length, 'a logsource is listed twice');
});

// The shipped pack end to end on real-format logs (R-ANALYSE-1, R-ANALYSE-3, R-EVENTS-1): each
// scenario's syslog lines (test/fixtures/detection/*.log) become stored events the way ingest
// makes them (scenarios.fixtures.ts: normaliser, parsers, systems inventory, clock check), run
// through the real DetectionEngine with the pack loaded by the real loader, and must produce
// exactly the detections listed — which rules, over which evidence (sequence numbers are line
// numbers of the file) — and a benign day none at all.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LogEvent } from '../schema/event.ts';
import { MemoryDetectionHistory } from './correlation/history.ts';
import type { Detection } from './detection.ts';
import { DetectionEngine } from './engine/engine.ts';
import { loadRuleSet } from './load.ts';
import { PACK_DIR, PACK_RULESET } from './pack.ts';
import type { CorrelationRule, RuleSet } from './rule.ts';
import { hiddenCorrelations } from './correlation/chain.ts';
import { internalScenarioEvent, scenarioEvents } from './scenarios.fixtures.ts';

const MINUTE = 60_000;
const AT = (hour: number, minute: number): number => Date.UTC(2026, 2, 7, hour, minute, 0);

/** The scenario files with attacks in them, and when (if at all) the clock is moved on after their events. */
const SCENARIOS: ReadonlyArray<readonly [string, number | undefined]> = [
  ['ssh-brute-force', undefined],
  ['sudo-abuse', undefined],
  ['auditd-stopped', undefined],
  ['port-scan', undefined],
  ['password-spraying', undefined],
  ['distributed-brute-force', undefined],
  ['windows', undefined],
  ['silence', AT(12, 31)],
];

let pack: RuleSet;
/** Rule id → its file in the pack, by which the expectations name rules. */
const pathOf = new Map<string, string>();

before(async () => {
  pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} });
  for (const rule of pack.rules) pathOf.set(rule.id, rule.path);
});

function newEngine(): DetectionEngine {
  return new DetectionEngine(pack, { latenessMs: MINUTE, maxEvidence: 100, history: new MemoryDetectionHistory() });
}

/** A detection as the expectations write it: the rule's file, then its evidence. */
function summary(detection: Detection): string {
  return `${pathOf.get(detection.rule.id) ?? detection.rule.id} ${detection.events.join(',')}`;
}

/** The scenario's events in one batch, then (for silence) the clock moved on to `tickAt`. */
async function detect(events: readonly LogEvent[], tickAt?: number): Promise<Detection[]> {
  const engine = newEngine();
  const detections = await engine.process(events);
  if (tickAt !== undefined) detections.push(...engine.tick(tickAt));
  return detections;
}

async function expectDetections(name: string, expected: readonly string[], tickAt?: number): Promise<Detection[]> {
  const detections = await detect(scenarioEvents(name), tickAt);
  assert.deepEqual(detections.map(summary).sort(), [...expected].sort());
  return detections;
}

describe('the shipped pack on real-format scenario logs (R-ANALYSE-1, R-ANALYSE-3, R-EVENTS-1)', () => {
  test('an sshd brute force from one address, then its success: the brute force and the success after it (R-ANALYSE-3)', async () => {
    // Failed passwords are lines 4-6, 9-11, 14-16, 19-21; PAM and disconnect lines between them are not attempts of their own.
    const detections = await expectDetections('ssh-brute-force', ['authentication/sshd_brute_force_source.yml 4,5,6,9,10,11,14,15,16,19', 'authentication/sshd_success_after_brute_force.yml 19,23']);
    const bruteForce = detections.find((one) => pathOf.get(one.rule.id) === 'authentication/sshd_brute_force_source.yml');
    assert.deepEqual(bruteForce?.group, { 'source.ip': '203.0.113.45' });
    assert.deepEqual(bruteForce?.systems, ['web']);
    assert.equal(bruteForce?.rule.level, 'high');
  });

  test('the same events one at a time, as small ingest batches deliver them, make the same detections with the same ids', async () => {
    const events = scenarioEvents('ssh-brute-force');
    const whole = await detect(events);
    const engine = newEngine();
    const oneByOne: Detection[] = [];
    for (const event of events) oneByOne.push(...(await engine.process([event])));
    assert.deepEqual(
      oneByOne.map((one) => one.id),
      whole.map((one) => one.id),
    );
  });

  test('sudo and su abuse: not in sudoers, a wrong password, a root shell, a failed and a successful su to root, /etc/shadow read as root', async () => {
    await expectDetections('sudo-abuse', [
      'privilege/sudo_not_permitted.yml 4',
      'privilege/sudo_wrong_password.yml 6',
      'privilege/sudo_root_shell.yml 7',
      'privilege/su_failed.yml 9',
      'privilege/su_to_root.yml 10',
      'privilege/sudo_sensitive_file.yml 12',
    ]);
  });

  test('auditd stopped: its own DAEMON_END, the kernel SERVICE_STOP record and systemd’s Stopped line', async () => {
    await expectDetections('auditd-stopped', ['security-services/audit_daemon_stopped.yml 3', 'security-services/security_service_stopped.yml 4', 'security-services/security_service_stopped.yml 6']);
  });

  test('a port scan in the firewall’s packet lines: fifteen distinct ports from one address, ordinary traffic left out', async () => {
    const [scan] = await expectDetections('port-scan', ['network/port_scan.yml 3,4,5,6,7,8,9,10,11,12,14,15,16,17,18']);
    assert.deepEqual(scan?.group, { 'source.ip': '203.0.113.77' });
    assert.deepEqual(scan?.systems, ['edge']);
  });

  test('password spraying: one failed try at each of five accounts from one address (invalid-user lines are not tries)', async () => {
    const [spray] = await expectDetections('password-spraying', ['authentication/sshd_password_spraying.yml 2,5,8,11,14']);
    assert.equal(spray?.why.kind, 'correlation');
    if (spray?.why.kind === 'correlation') assert.deepEqual([...(spray.why.values ?? [])].sort(), ['admin', 'oracle', 'postgres', 'test', 'ubuntu']);
  });

  test('a distributed brute force on one account across two systems: the per-user count, though no address reaches its own (R-ANALYSE-3)', async () => {
    const [bruteForce] = await expectDetections('distributed-brute-force', ['authentication/sshd_brute_force_user.yml 1,2,3,4,6,7,8,9,11,12,13,14,16,17,18,19,21,22,23,24']);
    assert.deepEqual(bruteForce?.group, { 'user.name': 'root' });
    assert.deepEqual([...(bruteForce?.systems ?? [])].sort(), ['db', 'web']);
  });

  test('Windows Security events from Winlogbeat: a logon brute force, a spray, a new account made a domain admin, audit policy changed, the log cleared', async () => {
    const detections = await expectDetections('windows', [
      'windows/windows_brute_force_source.yml 4,5,6,7,8,9,10,11,12,13',
      'windows/windows_password_spraying.yml 15,16,17,18,19',
      'windows/windows_user_created.yml 20',
      'windows/windows_privileged_group_member_added.yml 21',
      'windows/windows_audit_policy_changed.yml 23',
      'windows/windows_audit_log_cleared.yml 24',
      'windows/windows_user_deleted.yml 25',
    ]);
    assert.ok(detections.every((one) => one.systems.join() === 'ad'));
  });

  test('a source address new for a user after the learning week; addresses first seen within it are known', async () => {
    const detections = await firstSeenDetections();
    assert.deepEqual(detections.map(summary), ['authentication/sshd_first_seen_source.yml 8']);
    assert.deepEqual(detections[0]?.group, { 'user.name': 'alice' });
  });

  test('a system that goes silent is found when the clock moves on; the one still sending and logwarden itself are not', async () => {
    // db1's last line is line 14 (11:00:02); web1 sends until 12:30; logwarden's own start (sequence 0) is its only event.
    const started = internalScenarioEvent('logwarden-started', 'logwarden started', AT(9, 59), 0);
    const detections = await detect([started, ...scenarioEvents('silence')], AT(12, 31));
    assert.deepEqual(detections.map(summary), ['operations/system_silent.yml 14']);
    assert.deepEqual(detections[0]?.group, { 'logwarden.system': 'db', 'logwarden.source.listener': '0.0.0.0:6514' });
  });

  test('a benign day of ordinary work — cron, logins, nginx 200s, ordinary sudo, systemd timers, allowed packets — makes no detection', async () => {
    const events = scenarioEvents('benign-day');
    assert.ok(events.length >= 300, 'a few hundred lines');
    const last = Math.max(...events.map((event) => Number(event['@timestamp'])));
    const detections = await detect(events, last + MINUTE);
    assert.deepEqual(detections.map(summary), []);
  });

  test('a benign Windows day on a domain controller — logons, logoffs, admin privileges, processes, a mistyped password now and then — makes no detection', async () => {
    const events = scenarioEvents('benign-windows');
    const last = Math.max(...events.map((event) => Number(event['@timestamp'])));
    assert.deepEqual((await detect(events, last + MINUTE)).map(summary), []);
  });

  test('one event of each kind a plain rule reports (an antivirus and a firewall stopped among them), near misses between them, and logwarden’s own events (R-EVENTS-1)', async () => {
    const detections = await detect(everyRuleEvents());
    assert.deepEqual(detections.map(summary).sort(), [...EVERY_RULE].sort());
    const lockout = detections.find((one) => pathOf.get(one.rule.id) === 'logwarden/api_auth_lockout.yml');
    assert.deepEqual(lockout?.systems, ['logwarden']);
  });

  test('no rule that never fires: every rule the pack reports fires in one of these scenarios', async () => {
    const fired = new Set<string>();
    for (const [name, tickAt] of SCENARIOS) for (const detection of await detect(scenarioEvents(name), tickAt)) fired.add(pathOf.get(detection.rule.id) ?? '');
    for (const detection of [...(await detect(everyRuleEvents())), ...(await firstSeenDetections())]) fired.add(pathOf.get(detection.rule.id) ?? '');
    const hidden = hiddenCorrelations(pack.rules.filter((rule): rule is CorrelationRule => rule.kind === 'correlation'));
    const reporting = pack.rules.filter((rule) => (rule.kind === 'detection' ? rule.generates : !hidden.has(rule.id))).map((rule) => rule.path);
    assert.deepEqual(
      reporting.filter((path) => !fired.has(path)),
      [],
    );
  });
});

/** first-seen.log: nine days of logins with days of quiet between them, so the silence rule is left out (its own scenario tests it). */
async function firstSeenDetections(): Promise<Detection[]> {
  const withoutSilence = { ...pack, rules: pack.rules.filter((rule) => rule.path !== 'operations/system_silent.yml') };
  const engine = new DetectionEngine(withoutSilence, { latenessMs: MINUTE, maxEvidence: 100, history: new MemoryDetectionHistory() });
  return engine.process(scenarioEvents('first-seen'));
}

/** Detections of test/fixtures/detection/every-rule.log (line numbers) and the internal events after it. */
const EVERY_RULE = [
  'access-control/apparmor_denied.yml 1',
  'access-control/selinux_denied.yml 3',
  'configuration/audit_rules_changed.yml 5',
  'configuration/crontab_changed.yml 6',
  'configuration/security_service_reloaded.yml 8',
  'files/critical_file_deleted.yml 10,12',
  'files/critical_file_delete_command.yml 14',
  'identity/group_created.yml 15',
  'identity/group_deleted.yml 16',
  'identity/group_modified.yml 17',
  'identity/privileged_group_added.yml 18',
  'identity/user_created.yml 19',
  'identity/user_deleted.yml 20',
  'identity/user_modified.yml 21',
  'operations/service_failed.yml 22',
  'security-services/security_service_failed.yml 23',
  'security-services/apparmor_profile_removed.yml 24',
  'security-services/selinux_enforcement_disabled.yml 25',
  'web/large_http_response.yml 27',
  'security-services/security_service_stopped.yml 29',
  'security-services/security_service_stopped.yml 30',
  'logwarden/clock_skew.yml 37',
  'logwarden/api_auth_lockout.yml 38',
  'logwarden/read_only.yml 39',
];

/** every-rule.log, then logwarden's own events as it records them: a start (no detection), clock skew, an API lockout, disk full. */
function everyRuleEvents(): LogEvent[] {
  const events = scenarioEvents('every-rule');
  const at = Number(events.at(-1)?.['@timestamp']) + MINUTE;
  return [
    ...events,
    internalScenarioEvent('logwarden-started', 'logwarden started', at, 36),
    internalScenarioEvent('clock-skew-detected', 'the clock of web1 (peer 192.0.2.250) is 3600 s ahead', at + 1000, 37),
    internalScenarioEvent('api-auth-locked-out', '10 failed API authentications from 198.51.100.7 within 60 s', at + 2000, 38, { 'source.ip': '198.51.100.7' }),
    internalScenarioEvent('read-only-entered', 'free disk space is below the reserve', at + 3000, 39),
  ];
}

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
import type { RuleSet } from './rule.ts';
import { scenarioEvents } from './scenarios.fixtures.ts';

const MINUTE = 60_000;
const AT = (hour: number, minute: number): number => Date.UTC(2026, 2, 7, hour, minute, 0);

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

  test('a system that goes silent is found when the clock moves on, the one still sending is not', async () => {
    // db1's last line is line 14 (11:00:02); web1 sends until 12:30.
    const detections = await expectDetections('silence', ['operations/system_silent.yml 14'], AT(12, 31));
    assert.deepEqual(detections[0]?.group, { 'logwarden.system': 'db' });
  });

  test('a benign day of ordinary work — cron, logins, nginx 200s, ordinary sudo, systemd timers, allowed packets — makes no detection', async () => {
    const events = scenarioEvents('benign-day');
    assert.ok(events.length >= 300, 'a few hundred lines');
    const last = Math.max(...events.map((event) => Number(event['@timestamp'])));
    const detections = await detect(events, last + MINUTE);
    assert.deepEqual(detections.map(summary), []);
  });
});

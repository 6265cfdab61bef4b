// systemd's unit lifecycle: a unit starting, started, stopping, stopped, reloaded, failing, its main
// process exiting, and the boot finishing (R-EVENTS-1 "warnings and errors", and "security systems
// enabled/disabled" when the unit is a security service). systemd ≥ 249 names the unit and its
// description ("Started ssh.service - OpenBSD Secure Shell server."); older ones give the description
// only ("Started OpenBSD Secure Shell server."), so systemd.unit is set only when the line names it.
//
// The unit goes in systemd.unit (service.name and process.name already hold the sender, "systemd").
// A unit of a security service (SECURITY_UNITS; for old lines, a description naming one) gets
// event.category [process, configuration], event.type plus `change`, and an action prefixed
// `security-`: a rule finds a security system switched off with event.action:security-service-stopped.
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

/** Unit names (without the .service/.socket… suffix or @instance) of security services. */
export const SECURITY_UNITS: ReadonlySet<string> = new Set([
  'auditd',
  'auditbeat',
  'apparmor',
  'aide',
  'clamav-daemon',
  'clamav-freshclam',
  'clamd',
  'crowdsec',
  'crowdsec-firewall-bouncer',
  'elastic-agent',
  'falco',
  'fail2ban',
  'fapolicyd',
  'filebeat',
  'firewalld',
  'iptables',
  'ip6tables',
  'logwarden',
  'netfilter-persistent',
  'nftables',
  'ossec',
  'osqueryd',
  'rsyslog',
  'snort',
  'ssh',
  'sshd',
  'suricata',
  'syslog-ng',
  'systemd-journald',
  'ufw',
  'usbguard',
  'wazuh-agent',
  'wazuh-manager',
  'chrony',
  'chronyd',
  'ntpsec',
  'systemd-timesyncd',
]);

/** For lines without a unit name: descriptions that name a security service (Debian's own). */
const SECURITY_DESCRIPTION =
  /\b(?:Security Auditing|AppArmor|ClamAV|Fail2Ban|firewall|nftables|netfilter|OpenBSD Secure Shell|System Logging|osquery|Wazuh|CrowdSec|Suricata|USBGuard|Journal Service|chrony|Network Time)\b/i;

const UNIT = String.raw`(?<unit>[A-Za-z0-9@:._\\-]+\.(?:service|socket|target|timer|mount|automount|swap|path|slice|scope|device))`;
/** "UNIT - Description" (systemd ≥ 249), "UNIT" alone, or an old systemd's bare "Description". */
const NAMED = String.raw`(?:${UNIT}(?: - (?<desc>.+?))?|(?<old>.+?))`;

function isSecurity(unit: string | undefined, description: string | undefined): boolean {
  if (unit !== undefined) return SECURITY_UNITS.has(unit.replace(/\.[a-z]+$/, '').replace(/@.*$/, ''));
  return description !== undefined && SECURITY_DESCRIPTION.test(description);
}

interface Lifecycle {
  readonly type: string;
  readonly action: string;
  readonly outcome: 'success' | 'failure' | 'unknown';
  readonly reason?: string | undefined;
}

function unitEvent(g: Readonly<Record<string, string | undefined>>, what: Lifecycle): LogEvent {
  const security = isSecurity(g['unit'], g['desc'] ?? g['old']);
  const error = what.outcome === 'failure';
  return {
    'event.category': security ? ['process', 'configuration'] : ['process'],
    'event.type': [what.type, ...(error ? ['error'] : []), ...(security ? ['change'] : [])],
    'event.action': `${security ? 'security-' : ''}${what.action}`,
    'event.outcome': what.outcome,
    'event.reason': what.reason,
    'systemd.unit': g['unit'],
  };
}

const VERBS: Readonly<Record<string, Lifecycle>> = {
  Started: { type: 'start', action: 'service-started', outcome: 'success' },
  Stopped: { type: 'end', action: 'service-stopped', outcome: 'success' },
  Reloaded: { type: 'change', action: 'service-reloaded', outcome: 'success' },
  Finished: { type: 'end', action: 'service-finished', outcome: 'success' },
  Starting: { type: 'start', action: 'service-starting', outcome: 'unknown' },
  Stopping: { type: 'end', action: 'service-stopping', outcome: 'unknown' },
  Reloading: { type: 'change', action: 'service-reloading', outcome: 'unknown' },
};
const FAILED: Lifecycle = { type: 'start', action: 'service-failed', outcome: 'failure' };

const RULES: readonly PatternRule[] = [
  {
    name: 'stopped-with-error',
    needle: 'Stopped (with error) ',
    pattern: new RegExp(String.raw`^Stopped \(with error\) ${NAMED}\.$`),
    fields: (g) => unitEvent(g, { type: 'end', action: 'service-stopped', outcome: 'failure' }),
  },
  {
    name: 'unit-done',
    needle: '.',
    pattern: new RegExp(String.raw`^(?<verb>Started|Stopped|Reloaded|Finished) ${NAMED}\.$`),
    fields: (g) => unitEvent(g, VERBS[g['verb'] ?? ''] ?? FAILED),
  },
  {
    name: 'unit-going',
    needle: '...',
    pattern: new RegExp(String.raw`^(?<verb>Starting|Stopping|Reloading) ${NAMED}\.\.\.$`),
    fields: (g) => unitEvent(g, VERBS[g['verb'] ?? ''] ?? FAILED),
  },
  {
    name: 'start-failed',
    needle: 'Failed to start ',
    pattern: new RegExp(String.raw`^Failed to start ${NAMED}\.$`),
    fields: (g) => unitEvent(g, FAILED),
  },
  {
    name: 'unit-failed',
    needle: ': Failed with result ',
    pattern: new RegExp(String.raw`^${UNIT}: Failed with result '(?<result>[a-z-]+)'\.$`),
    fields: (g) => unitEvent(g, { type: 'end', action: 'service-failed', outcome: 'failure', reason: g['result'] }),
  },
  {
    // systemd ≤ 235: "UNIT: Unit entered failed state." and "Unit UNIT entered failed state."
    name: 'entered-failed-state',
    needle: 'entered failed state.',
    pattern: new RegExp(String.raw`^(?:${UNIT}: Unit|Unit (?<old_unit>[A-Za-z0-9@:._\\-]+\.[a-z]+)) entered failed state\.$`),
    fields: (g) => unitEvent({ ...g, unit: g['unit'] ?? g['old_unit'] }, { type: 'end', action: 'service-failed', outcome: 'failure', reason: 'failed state' }),
  },
  {
    name: 'process-exited',
    needle: ' process exited, ',
    pattern: new RegExp(String.raw`^${UNIT}: (?:Main|Control) process exited, (?<reason>code=(?<code>[a-z]+), status=(?<status>\d+)/[A-Za-z0-9_+-]+)(?<extra>.*)$`),
    fields: (g) => unitEvent(g, { type: 'end', action: 'service-exited', outcome: g['code'] === 'exited' && g['status'] === '0' ? 'success' : 'failure', reason: g['reason'] }),
  },
  {
    name: 'deactivated',
    needle: ': Deactivated successfully.',
    pattern: new RegExp(String.raw`^${UNIT}: Deactivated successfully\.$`),
    fields: (g) => unitEvent(g, { type: 'end', action: 'service-deactivated', outcome: 'success' }),
  },
  {
    name: 'start-limit',
    needle: ': Start request repeated too quickly.',
    pattern: new RegExp(String.raw`^${UNIT}: Start request repeated too quickly\.$`),
    fields: (g) => unitEvent(g, { type: 'start', action: 'service-failed', outcome: 'failure', reason: 'start request repeated too quickly' }),
  },
  {
    name: 'restart-scheduled',
    needle: ': Scheduled restart job',
    pattern: new RegExp(String.raw`^${UNIT}: Scheduled restart job, restart counter is at \d+\.$`),
    fields: (g) => unitEvent(g, { type: 'info', action: 'service-restart-scheduled', outcome: 'unknown' }),
  },
  {
    name: 'startup-finished',
    needle: 'Startup finished in ',
    pattern: /^Startup finished in [^()=+]+(?: \([a-z]+\)(?: \+ [^()=+]+ \([a-z]+\))* = [^()=+]+)?\.$/,
    fields: () => ({ 'event.category': ['host'], 'event.type': ['info'], 'event.action': 'host-startup-finished', 'event.outcome': 'success' }),
  },
];

export const SYSTEMD_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'systemd',
    description: 'systemd unit lifecycle (starting, started, stopped, reloaded, failed, main process exited) and boot finished; security services marked',
    module: 'system',
    programs: ['systemd', 'init'],
    rules: RULES,
  }),
];

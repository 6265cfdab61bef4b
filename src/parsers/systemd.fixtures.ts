// Fixtures of the systemd parser: unit lifecycle and boot (R-EVENTS-1 warnings and errors; security
// systems enabled/disabled). systemd does not run on the build machine; the formats are the message
// strings of Debian 12's systemd 252 (strings of libsystemd-core-252.so: "Started %s.", "Stopped %s.",
// "Stopped (with error) %s.", "Finished %s.", "Starting %s...", "Failed to start %s.",
// "%s: Failed with result '%s'.", "%s: %s exited, code=%s, status=%i/%s%s", "%s: Deactivated
// successfully.", "Startup finished in …"), with %s of a unit being "UNIT - Description" as systemd
// ≥ 249 prints it, or the bare description of older releases.
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const SYSTEMD = 'systemd 252 (Debian 12) message string, unit shown as "UNIT - Description"';
const OLD = 'systemd < 249 message string: the description only';

function line(name: string, syslog: string, rule: string, expect: ParserFixture['expect'], origin = SYSTEMD): ParserFixture {
  return { name, origin, syslog, parser: 'systemd', rule, expect };
}

export const SYSTEMD_FIXTURES: ParserFixtures = {
  matching: [
    line('a unit started', '<30>Mar  7 10:00:00 web1 systemd[1]: Started nginx.service - A high performance web server and a reverse proxy server.', 'unit-done', {
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'service-started',
      'event.outcome': 'success',
      'event.module': 'system',
      'event.dataset': 'systemd',
      'systemd.unit': 'nginx.service',
      'service.name': 'systemd',
    }),
    line('a security service stopped: auditd (R-EVENTS-1 security system disabled)', '<30>Mar  7 10:00:00 web1 systemd[1]: Stopped auditd.service - Security Auditing Service.', 'unit-done', {
      'event.category': ['process', 'configuration'],
      'event.type': ['end', 'change'],
      'event.action': 'security-service-stopped',
      'event.outcome': 'success',
      'systemd.unit': 'auditd.service',
    }),
    line('a security service stopping: ufw', '<30>Mar  7 10:00:00 fw1 systemd[1]: Stopping ufw.service - Uncomplicated firewall...', 'unit-going', {
      'event.type': ['end', 'change'],
      'event.action': 'security-service-stopping',
      'event.outcome': 'unknown',
      'systemd.unit': 'ufw.service',
    }),
    line('a security service started: fail2ban', '<30>Mar  7 10:00:00 web1 systemd[1]: Started fail2ban.service - Fail2Ban Service.', 'unit-done', {
      'event.action': 'security-service-started',
      'systemd.unit': 'fail2ban.service',
    }),
    line('ClamAV starting', '<30>Mar  7 10:00:00 web1 systemd[1]: Starting clamav-daemon.service - Clam AntiVirus userspace daemon...', 'unit-going', {
      'event.action': 'security-service-starting',
      'systemd.unit': 'clamav-daemon.service',
    }),
    line(
      'an old systemd names only the description: AppArmor',
      '<30>Mar  7 10:00:00 web1 systemd[1]: Stopped Load AppArmor profiles.',
      'unit-done',
      { 'event.action': 'security-service-stopped', 'systemd.unit': undefined },
      OLD,
    ),
    line(
      'an old systemd, not a security service',
      '<30>Mar  7 10:00:00 web1 systemd[1]: Started Daily apt upgrade and clean activities.',
      'unit-done',
      { 'event.action': 'service-started', 'event.category': ['process'] },
      OLD,
    ),
    line('a oneshot unit finished', '<30>Mar  7 10:00:00 web1 systemd[1]: Finished systemd-tmpfiles-clean.service - Cleanup of Temporary Directories.', 'unit-done', {
      'event.type': ['end'],
      'event.action': 'service-finished',
    }),
    line('a unit reloaded', '<30>Mar  7 10:00:00 web1 systemd[1]: Reloaded ssh.service - OpenBSD Secure Shell server.', 'unit-done', {
      'event.type': ['change'],
      'event.action': 'security-service-reloaded',
    }),
    line('a unit stopped with an error', '<27>Mar  7 10:00:00 web1 systemd[1]: Stopped (with error) rsyslog.service - System Logging Service.', 'stopped-with-error', {
      'event.type': ['end', 'error', 'change'],
      'event.action': 'security-service-stopped',
      'event.outcome': 'failure',
    }),
    line('a unit failed to start', '<27>Mar  7 10:00:00 web1 systemd[1]: Failed to start ssh.service - OpenBSD Secure Shell server.', 'start-failed', {
      'event.category': ['process', 'configuration'],
      'event.type': ['start', 'error', 'change'],
      'event.action': 'security-service-failed',
      'event.outcome': 'failure',
      'systemd.unit': 'ssh.service',
    }),
    line('the failure’s result', "<28>Mar  7 10:00:00 web1 systemd[1]: myapp.service: Failed with result 'exit-code'.", 'unit-failed', {
      'event.type': ['end', 'error'],
      'event.action': 'service-failed',
      'event.outcome': 'failure',
      'event.reason': 'exit-code',
      'systemd.unit': 'myapp.service',
    }),
    line('the main process exited with a failure', '<29>Mar  7 10:00:00 web1 systemd[1]: myapp.service: Main process exited, code=exited, status=1/FAILURE', 'process-exited', {
      'event.action': 'service-exited',
      'event.outcome': 'failure',
      'event.reason': 'code=exited, status=1/FAILURE',
    }),
    line('the main process was killed', '<29>Mar  7 10:00:00 web1 systemd[1]: osqueryd.service: Main process exited, code=killed, status=9/KILL', 'process-exited', {
      'event.action': 'security-service-exited',
      'event.outcome': 'failure',
      'systemd.unit': 'osqueryd.service',
    }),
    line(
      'an old systemd: unit entered failed state',
      '<27>Mar  7 10:00:00 web1 systemd[1]: fail2ban.service: Unit entered failed state.',
      'entered-failed-state',
      {
        'event.action': 'security-service-failed',
        'event.outcome': 'failure',
        'systemd.unit': 'fail2ban.service',
      },
      'systemd 229 (Ubuntu 16.04) message string',
    ),
    line(
      'an older systemd still: Unit UNIT entered failed state',
      '<27>Mar  7 10:00:00 web1 systemd[1]: Unit myapp.service entered failed state.',
      'entered-failed-state',
      { 'systemd.unit': 'myapp.service', 'event.action': 'service-failed' },
      'systemd 208 (RHEL 7) message string',
    ),
    line('a unit deactivated', '<30>Mar  7 10:00:00 web1 systemd[1]: session-3.scope: Deactivated successfully.', 'deactivated', {
      'event.action': 'service-deactivated',
      'systemd.unit': 'session-3.scope',
    }),
    line('a restart loop gives up', '<27>Mar  7 10:00:00 web1 systemd[1]: wazuh-agent.service: Start request repeated too quickly.', 'start-limit', {
      'event.action': 'security-service-failed',
      'event.outcome': 'failure',
    }),
    line('a restart scheduled', '<30>Mar  7 10:00:00 web1 systemd[1]: myapp.service: Scheduled restart job, restart counter is at 5.', 'restart-scheduled', {
      'event.action': 'service-restart-scheduled',
    }),
    line('the boot finished', '<30>Mar  7 10:00:00 web1 systemd[1]: Startup finished in 2.345s (kernel) + 1min 11.873s (userspace) = 1min 14.218s.', 'startup-finished', {
      'event.category': ['host'],
      'event.action': 'host-startup-finished',
    }),
    line('a user manager finished starting', '<30>Mar  7 10:00:00 web1 systemd[2301]: Startup finished in 123ms.', 'startup-finished', { 'event.action': 'host-startup-finished' }),
  ],
  nonMatching: [
    { name: 'a socket listening', syslog: '<30>Mar  7 10:00:00 web1 systemd[1]: Listening on dbus.socket - D-Bus System Message Bus Socket.', why: 'start-up chatter with no lifecycle meaning' },
    { name: 'a target reached', syslog: '<30>Mar  7 10:00:00 web1 systemd[1]: Reached target multi-user.target - Multi-User System.', why: 'a boot milestone, not a unit starting' },
    { name: 'the resources a unit used', syslog: '<30>Mar  7 10:00:00 web1 systemd[1]: myapp.service: Consumed 1.234s CPU time.', why: 'accounting, not lifecycle' },
    { name: 'a Started line from another program', syslog: '<30>Mar  7 10:00:00 web1 myapp[1]: Started nginx.service - web.', why: 'only systemd and init are read' },
    { name: 'a daemon reload', syslog: '<30>Mar  7 10:00:00 web1 systemd[1]: Reloading.', why: 'the manager re-reading its units names no unit' },
  ],
};

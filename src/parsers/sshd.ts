// OpenSSH's sshd: logins accepted and failed, invalid users, pre-authentication disconnects, attempt
// limits, refused negotiations, connections and the listener's start and stop (R-EVENTS-1: login
// success and failure, brute force; R-FIELDS-1: user, addresses, protocol, auth method). OpenSSH 9.8
// and later log the per-connection lines under `sshd-session` (and `sshd-auth`), earlier versions
// under `sshd`. The formats are those of OpenSSH's auth.c, auth2.c, sshd.c and packet.c, checked on
// OpenSSH 9.2 by test/e2e/real-sshd.test.ts. PAM's lines under sshd are read by pam.ts.
//
// The authentication method of an accepted or failed attempt (password, publickey,
// keyboard-interactive, gssapi-with-mic, none) is kept in `event.reason`, ECS having no field for it;
// on the other lines `event.reason` is sshd's own reason text.
import { isIP } from 'node:net';
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Groups = Readonly<Record<string, string | undefined>>;

const SSH = { 'network.protocol': 'ssh', 'network.transport': 'tcp' } as const;
const AUTH_FAILURE = { ...SSH, 'event.category': ['authentication'], 'event.type': ['info'], 'event.outcome': 'failure' } as const;

/** An address as sshd prints it: IPv4 or IPv6 (no host names unless UseDNS, which the patterns refuse). */
const IP = String.raw`(?<ip>[0-9A-Fa-f:.]+)`;
const PORT = String.raw`(?<port>\d{1,5})`;
const PREAUTH = String.raw`(?: \[preauth\])?`;
/** A user name as sshd prints it (spaces allowed), bounded so that a hostile line costs linear time. */
const USER = String.raw`(?<user>.{0,256}?)`;

/** The client's address and port; `related.ip` follows from source.ip. */
function from(groups: Groups): LogEvent {
  return { 'source.ip': groups['ip'], 'source.port': groups['port'] };
}

/** `invalid user` in a line: the name sshd was given does not exist. */
function invalidReason(groups: Groups, otherwise?: string): string | undefined {
  return groups['invalid'] ? 'invalid user' : otherwise;
}

const LOGIN_RULES: readonly PatternRule[] = [
  {
    name: 'accepted',
    needle: 'Accepted ',
    pattern: new RegExp(String.raw`^Accepted (?<method>[a-z][a-z0-9-]*(?:/[a-z]+)?) for ${USER} from ${IP} port ${PORT}(?: ssh2)?(?:: (?<key>.+))?$`),
    fields: (g) => ({
      ...SSH,
      ...from(g),
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.action': 'ssh-login',
      'event.outcome': 'success',
      'event.reason': g['method'],
      'user.name': g['user'],
    }),
  },
  {
    name: 'failed',
    needle: 'Failed ',
    pattern: new RegExp(String.raw`^Failed (?<method>[a-z][a-z0-9-]*(?:/[a-z]+)?) for (?<invalid>invalid user )?${USER} from ${IP} port ${PORT}(?: ssh2)?(?:: (?<key>[^[]+?))?${PREAUTH}$`),
    fields: (g) => ({ ...AUTH_FAILURE, ...from(g), 'event.action': 'ssh-login', 'event.reason': g['method'], 'user.name': g['user'] }),
  },
  {
    name: 'invalid-user',
    needle: 'Invalid user ',
    pattern: new RegExp(String.raw`^Invalid user ${USER} from ${IP} port ${PORT}${PREAUTH}$`),
    fields: (g) => ({ ...AUTH_FAILURE, ...from(g), 'event.action': 'ssh-invalid-user', 'event.reason': 'invalid user', 'user.name': g['user'] }),
  },
  {
    name: 'max-auth-attempts',
    needle: 'maximum authentication attempts exceeded',
    pattern: new RegExp(String.raw`^(?:error: )?maximum authentication attempts exceeded for (?<invalid>invalid user )?${USER} from ${IP} port ${PORT}(?: ssh2)?${PREAUTH}$`),
    fields: (g) => ({ ...AUTH_FAILURE, ...from(g), 'event.action': 'ssh-too-many-attempts', 'event.reason': 'maximum authentication attempts exceeded', 'user.name': g['user'] }),
  },
  {
    name: 'disconnecting-user',
    needle: 'Disconnecting ',
    pattern: new RegExp(String.raw`^(?:error: )?Disconnecting (?:(?<invalid>invalid) |authenticating )?user ${USER} ${IP} port ${PORT}: (?<reason>.+?)${PREAUTH}$`),
    fields: (g) => ({ ...AUTH_FAILURE, ...from(g), 'event.action': 'ssh-disconnect', 'event.reason': g['reason'], 'user.name': g['user'] }),
  },
  {
    name: 'not-allowed',
    needle: ' not allowed because ',
    pattern: new RegExp(String.raw`^User ${USER} from (?<host>\S+) not allowed because (?<reason>.+)$`),
    fields: (g) => ({
      ...AUTH_FAILURE,
      'source.ip': isIP(g['host'] ?? '') === 0 ? undefined : g['host'],
      'event.action': 'ssh-login',
      'event.reason': `not allowed because ${g['reason'] ?? ''}`,
      'user.name': g['user'],
    }),
  },
  {
    name: 'pam-error',
    needle: 'PAM: ',
    pattern: new RegExp(String.raw`^(?:error: )?PAM: (?<reason>.{1,200}?) for (?<invalid>(?:invalid|illegal) user )?${USER} from (?<host>\S+)$`),
    fields: (g) => ({
      ...AUTH_FAILURE,
      'source.ip': isIP(g['host'] ?? '') === 0 ? undefined : g['host'],
      'event.action': 'ssh-login',
      'event.reason': invalidReason(g, g['reason']),
      'user.name': g['user'],
    }),
  },
];

const CONNECTION_RULES: readonly PatternRule[] = [
  {
    name: 'connection-closed',
    needle: 'onnect',
    pattern: new RegExp(
      String.raw`^(?<verb>Connection closed by|Connection reset by|Disconnected from) (?:(?<kind>invalid |authenticating )?user ${USER} )?${IP} port ${PORT}(?<preauth> \[preauth\])?$`,
    ),
    fields: (g) => {
      const pending = g['preauth'] !== undefined && g['user'] !== undefined; // gone before authenticating: an abandoned attempt
      return {
        ...SSH,
        ...from(g),
        'event.category': pending ? ['network', 'authentication'] : ['network'],
        'event.type': ['end', 'connection'],
        'event.action': 'ssh-disconnect',
        'event.outcome': pending ? 'failure' : undefined,
        'event.reason': g['kind'] === 'invalid ' ? 'invalid user' : g['verb'] === 'Connection reset by' ? 'connection reset' : undefined,
        'user.name': g['user'],
      };
    },
  },
  {
    name: 'received-disconnect',
    needle: 'Received disconnect from ',
    pattern: new RegExp(String.raw`^Received disconnect from ${IP} port ${PORT}:(?<code>\d+): (?<reason>.*?)${PREAUTH}$`),
    fields: (g) => ({ ...SSH, ...from(g), 'event.category': ['network'], 'event.type': ['end', 'connection'], 'event.action': 'ssh-disconnect', 'event.reason': g['reason'] }),
  },
  {
    name: 'connection-from',
    needle: 'Connection from ',
    pattern: new RegExp(String.raw`^Connection from ${IP} port ${PORT} on (?<dip>[0-9A-Fa-f:.]+) port (?<dport>\d{1,5})(?: rdomain "[^"]*")?$`),
    fields: (g) => ({
      ...SSH,
      ...from(g),
      'destination.ip': g['dip'],
      'destination.port': g['dport'],
      'event.category': ['network'],
      'event.type': ['start', 'connection'],
      'event.action': 'ssh-connection',
    }),
  },
  {
    name: 'negotiation-failed',
    needle: 'Unable to negotiate with ',
    pattern: new RegExp(String.raw`^Unable to negotiate with ${IP} port ${PORT}: (?<reason>no matching [^.]+ found)\.(?: Their offer: \S*)?${PREAUTH}$`),
    fields: (g) => ({
      ...SSH,
      ...from(g),
      'event.category': ['network'],
      'event.type': ['connection', 'denied'],
      'event.action': 'ssh-negotiation-failed',
      'event.outcome': 'failure',
      'event.reason': g['reason'],
    }),
  },
  {
    name: 'banner-exchange',
    needle: 'banner exchange: ',
    pattern: new RegExp(String.raw`^(?:error: )?banner exchange: Connection from ${IP} port ${PORT}: (?<reason>.+?)${PREAUTH}$`),
    fields: (g) => ({
      ...SSH,
      ...from(g),
      'event.category': ['network'],
      'event.type': ['connection', 'denied'],
      'event.action': 'ssh-banner-exchange-failed',
      'event.outcome': 'failure',
      'event.reason': g['reason'],
    }),
  },
  {
    name: 'auth-timeout',
    needle: 'Timeout before authentication for ',
    pattern: new RegExp(String.raw`^(?:fatal: )?Timeout before authentication for (?:${IP} port ${PORT}|connection from (?<from>[0-9A-Fa-f:.]+) to \S+, pid = \d+)$`),
    fields: (g) => ({
      ...AUTH_FAILURE,
      'source.ip': g['ip'] ?? g['from'],
      'source.port': g['port'],
      'event.category': ['authentication', 'network'],
      'event.action': 'ssh-auth-timeout',
      'event.reason': 'timeout before authentication',
    }),
  },
];

/** OpenSSH 9.8+ listener: PerSourcePenalties and MaxStartups refusing connections (brute-force defence). */
const PENALTY_RULES: readonly PatternRule[] = [
  {
    name: 'penalty',
    needle: 'srclimit_penalise: ',
    pattern: /^srclimit_penalise: ipv[46]: new (?<address>[0-9A-Fa-f:.]+)\/(?<bits>\d+) active penalty of \d+s? seconds for (?:penalty: )?(?<reason>.+)$/,
    fields: (g) => ({
      'source.ip': g['bits'] === '32' || g['bits'] === '128' ? g['address'] : undefined,
      'event.category': ['intrusion_detection'],
      'event.type': ['info'],
      'event.action': 'ssh-penalty',
      'event.reason': g['reason'],
    }),
  },
  {
    name: 'connection-dropped',
    needle: 'drop connection #',
    pattern: /^drop connection #\d+ from \[(?<ip>[0-9A-Fa-f:.]+)\]:(?<port>\d{1,5}) on \[(?<dip>[0-9A-Fa-f:.]+)\]:(?<dport>\d{1,5}) (?<reason>.+)$/,
    fields: (g) => ({
      ...SSH,
      ...from(g),
      'destination.ip': g['dip'],
      'destination.port': g['dport'],
      'event.category': ['network'],
      'event.type': ['connection', 'denied'],
      'event.action': 'ssh-connection-dropped',
      'event.outcome': 'failure',
      'event.reason': g['reason'],
    }),
  },
];

const SERVICE_RULES: readonly PatternRule[] = [
  {
    name: 'session-start',
    needle: 'Starting session: ',
    pattern: new RegExp(String.raw`^Starting session: (?<kind>.{1,200}?) for ${USER} from ${IP} port ${PORT} id \d+$`),
    fields: (g) => ({ ...SSH, ...from(g), 'event.category': ['session'], 'event.type': ['start'], 'event.action': 'ssh-session-start', 'event.reason': g['kind'], 'user.name': g['user'] }),
  },
  {
    name: 'session-close',
    needle: 'Close session: ',
    pattern: new RegExp(String.raw`^Close session: user ${USER} from ${IP} port ${PORT} id \d+$`),
    fields: (g) => ({ ...SSH, ...from(g), 'event.category': ['session'], 'event.type': ['end'], 'event.action': 'ssh-session-close', 'user.name': g['user'] }),
  },
  {
    name: 'listening',
    needle: 'Server listening on ',
    pattern: new RegExp(String.raw`^Server listening on ${IP} port ${PORT}\.$`),
    fields: (g) => ({ ...SSH, 'destination.ip': g['ip'], 'destination.port': g['port'], 'event.category': ['network'], 'event.type': ['start'], 'event.action': 'ssh-listening' }),
  },
  {
    name: 'terminating',
    needle: 'Received signal ',
    pattern: /^Received signal (?<signal>\d+); terminating\.$/,
    fields: (g) => ({ 'event.category': ['process'], 'event.type': ['end'], 'event.action': 'ssh-stopped', 'event.reason': `signal ${g['signal'] ?? ''}` }),
  },
];

export const SSHD_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'sshd',
    description: 'OpenSSH sshd: logins accepted and failed, invalid users, disconnects and attempt limits, refused negotiations, connections, sessions, per-source penalties, start and stop',
    module: 'system',
    programs: ['sshd', 'sshd-session', 'sshd-auth'],
    rules: [...LOGIN_RULES, ...CONNECTION_RULES, ...PENALTY_RULES, ...SERVICE_RULES],
  }),
];

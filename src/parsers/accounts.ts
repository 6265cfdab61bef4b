// Account and group management: what shadow-utils (useradd, userdel, usermod, groupadd, groupdel,
// groupmod, gpasswd, passwd, chage, chfn, chsh) and the PAM password change of passwd, chpasswd and
// newusers write to syslog (R-EVENTS-1: identity and role create, modify, delete). The formats are the
// programs' own syslog strings (shadow 4.13, Debian 12), most of them captured from the real programs
// run with --prefix/--root against a scratch tree (docs/parsers.md says how).
//
// user.target.name is the account acted upon, group.name the group, user.name the actor when the line
// names one (gpasswd's and passwd's "by"). shadow writes one line per file it changes: "add 'bob' to
// group 'sudo'" and "add 'bob' to shadow group 'sudo'" are both user-added-to-group, and groupmod's
// "group changed in /etc/group (…)" and "… in /etc/gshadow (…)" are both group-changed, with file.path
// telling them apart.
import type { LogEvent } from '../schema/event.ts';
import { patternParser, type Parser, type PatternRule } from './parser.ts';

type Kind = 'user' | 'group';
type Change = 'creation' | 'deletion' | 'change' | 'info';

/** The fields every account event has: ECS category iam, the kind of object and what happened to it. */
function iam(kind: Kind, change: Change, action: string, fields: LogEvent, outcome: 'success' | 'failure' = 'success'): LogEvent {
  return { 'event.category': ['iam'], 'event.type': [kind, change], 'event.action': action, 'event.outcome': outcome, ...fields };
}

/** gpasswd's optional " in FILE" suffix, when it names the file it changed. */
const IN_FILE = String.raw`(?: in (?<file>\S+))?`;
const NAME = String.raw`[^',\s]+`;

const USER_RULES: readonly PatternRule[] = [
  {
    name: 'user-created',
    needle: 'new user: ',
    pattern: /^new user: name=(?<user>[^,\s]+), UID=(?<uid>\d+), GID=(?<gid>\d+), home=(?<home>[^,]*), shell=(?<shell>[^,]*)(?:, from=(?<from>\S*))?$/,
    fields: (g) => iam('user', 'creation', 'user-created', { 'user.target.name': g['user'] }),
  },
  {
    name: 'user-create-failed',
    needle: 'failed adding user',
    pattern: new RegExp(String.raw`^failed adding user '(?<user>${NAME})', exit code: (?<code>\d+)$`),
    fields: (g) => iam('user', 'creation', 'user-created', { 'user.target.name': g['user'], 'event.reason': `exit code ${g['code']}` }, 'failure'),
  },
  {
    name: 'user-deleted',
    needle: 'delete user',
    pattern: new RegExp(String.raw`^delete user '(?<user>${NAME})'$`),
    fields: (g) => iam('user', 'deletion', 'user-deleted', { 'user.target.name': g['user'] }),
  },
  {
    name: 'user-renamed',
    needle: 'change user name',
    pattern: new RegExp(String.raw`^change user name '(?<user>${NAME})' to '(?<to>${NAME})'$`),
    fields: (g) => iam('user', 'change', 'user-changed', { 'user.target.name': g['user'], 'related.user': [g['user'] ?? '', g['to'] ?? ''] }),
  },
  {
    name: 'user-changed',
    needle: 'change user',
    pattern: new RegExp(String.raw`^change user '(?<user>${NAME})' (?<what>UID|GID|home|shell|inactive|expiration) from '[^']*' to '[^']*'$`),
    fields: (g) => iam('user', 'change', 'user-changed', { 'user.target.name': g['user'] }),
  },
  {
    name: 'password-locked',
    needle: 'lock user',
    pattern: new RegExp(String.raw`^(?<verb>lock|unlock) user '(?<user>${NAME})' password$`),
    fields: (g) => iam('user', 'change', g['verb'] === 'lock' ? 'password-locked' : 'password-unlocked', { 'user.target.name': g['user'] }),
  },
  {
    name: 'password-set',
    needle: 'change user',
    pattern: new RegExp(String.raw`^change user '(?<user>${NAME})' password$`),
    fields: (g) => iam('user', 'change', 'password-changed', { 'user.target.name': g['user'] }),
  },
  {
    name: 'user-info-changed',
    needle: 'changed user',
    pattern: new RegExp(String.raw`^changed user '(?<user>${NAME})' (?:information|shell to '[^']*')$`),
    fields: (g) => iam('user', 'change', 'user-changed', { 'user.target.name': g['user'] }),
  },
  {
    name: 'password-expiry-changed',
    needle: 'changed password expiry for ',
    pattern: /^changed password expiry for (?<user>\S+)$/,
    fields: (g) => iam('user', 'change', 'password-expiry-changed', { 'user.target.name': g['user'] }),
  },
  {
    name: 'password-changed-by',
    needle: 'password for ',
    pattern: new RegExp(String.raw`^password for '(?<user>${NAME})' changed by '(?<actor>${NAME})'$`),
    fields: (g) => iam('user', 'change', 'password-changed', { 'user.target.name': g['user'], 'user.name': g['actor'] }),
  },
  {
    // The password change of passwd, chpasswd and newusers goes through PAM, which logs it.
    name: 'pam-password-changed',
    needle: ':chauthtok): password changed for ',
    pattern: /^pam_unix\((?<service>passwd|chpasswd|newusers):chauthtok\): password changed for (?<user>\S+)$/,
    fields: (g) => iam('user', 'change', 'password-changed', { 'user.target.name': g['user'] }),
  },
];

const MEMBERSHIP_RULES: readonly PatternRule[] = [
  {
    name: 'user-added-to-group',
    needle: 'add ',
    pattern: new RegExp(String.raw`^add '(?<user>${NAME})' to (?:shadow )?group '(?<group>${NAME})'$`),
    fields: (g) => iam('group', 'change', 'user-added-to-group', { 'user.target.name': g['user'], 'group.name': g['group'] }),
  },
  {
    name: 'user-removed-from-group',
    needle: 'delete ',
    pattern: new RegExp(String.raw`^delete '(?<user>${NAME})' from (?:shadow )?group '(?<group>${NAME})'$`),
    fields: (g) => iam('group', 'change', 'user-removed-from-group', { 'user.target.name': g['user'], 'group.name': g['group'] }),
  },
  {
    name: 'group-member-renamed',
    needle: ' in ',
    pattern: new RegExp(String.raw`^change (?:admin )?'(?<user>${NAME})' to '(?<to>${NAME})' in (?:shadow )?group '(?<group>${NAME})'$`),
    fields: (g) => iam('group', 'change', 'group-changed', { 'user.target.name': g['user'], 'group.name': g['group'], 'related.user': [g['user'] ?? '', g['to'] ?? ''] }),
  },
  {
    name: 'gpasswd-user-added',
    needle: ' added by ',
    pattern: new RegExp(String.raw`^user (?<user>\S+) added by (?<actor>\S+) to group (?<group>\S+?)${IN_FILE}$`),
    fields: (g) => iam('group', 'change', 'user-added-to-group', { 'user.target.name': g['user'], 'user.name': g['actor'], 'group.name': g['group'], 'file.path': g['file'] }),
  },
  {
    name: 'gpasswd-user-removed',
    needle: ' removed by ',
    pattern: new RegExp(String.raw`^user (?<user>\S+) removed by (?<actor>\S+) from group (?<group>\S+?)${IN_FILE}$`),
    fields: (g) => iam('group', 'change', 'user-removed-from-group', { 'user.target.name': g['user'], 'user.name': g['actor'], 'group.name': g['group'], 'file.path': g['file'] }),
  },
  {
    name: 'gpasswd-members-set',
    needle: ' set by ',
    pattern: new RegExp(String.raw`^(?<role>members|administrators) of group (?<group>\S+) set by (?<actor>\S+) to (?<members>\S*?)${IN_FILE}$`),
    fields: (g) => iam('group', 'change', 'group-changed', { 'group.name': g['group'], 'user.name': g['actor'], 'related.user': (g['members'] ?? '').split(',').filter((name) => name !== '') }),
  },
  {
    name: 'gpasswd-group-password',
    needle: 'group ',
    pattern: new RegExp(String.raw`^(?:password of group (?<group>\S+) (?:removed|changed)|access to group (?<restricted>\S+) restricted) by (?<actor>\S+?)${IN_FILE}$`),
    fields: (g) => iam('group', 'change', 'group-changed', { 'group.name': g['group'] ?? g['restricted'], 'user.name': g['actor'] }),
  },
  {
    name: 'gpasswd-failed',
    needle: ' failed to ',
    pattern: new RegExp(
      String.raw`^(?<actor>\S+) failed to (?:add user (?<added>\S+) to|remove user (?<removed>\S+) from|remove password of|restrict access to|change password of|set the (?:administrators|members) of) group (?<group>\S+?)(?: to \S*?)?${IN_FILE}$`,
    ),
    fields: (g) => iam('group', 'change', 'group-changed', { 'group.name': g['group'], 'user.name': g['actor'], 'user.target.name': g['added'] ?? g['removed'] }, 'failure'),
  },
];

const GROUP_RULES: readonly PatternRule[] = [
  {
    name: 'group-created',
    needle: 'new group: ',
    pattern: /^new group: name=(?<group>[^,\s]+), GID=(?<gid>\d+)$/,
    fields: (g) => iam('group', 'creation', 'group-created', { 'group.name': g['group'] }),
  },
  {
    // groupadd's per-file lines before its "new group:" summary: the same creation, told per file.
    name: 'group-file-added',
    needle: 'group added to ',
    pattern: /^group added to (?<file>\S+?): name=(?<group>[^,\s]+)(?:, GID=\d+)?$/,
    fields: (g) => iam('group', 'info', 'group-file-updated', { 'group.name': g['group'], 'file.path': g['file'] }),
  },
  {
    name: 'group-deleted',
    needle: 'removed',
    pattern: new RegExp(String.raw`^group '(?<group>${NAME})' removed$`),
    fields: (g) => iam('group', 'deletion', 'group-deleted', { 'group.name': g['group'] }),
  },
  {
    name: 'group-file-removed',
    needle: 'removed from ',
    pattern: new RegExp(String.raw`^group '(?<group>${NAME})' removed from (?<file>\S+)$`),
    fields: (g) => iam('group', 'info', 'group-file-updated', { 'group.name': g['group'], 'file.path': g['file'] }),
  },
  {
    // userdel removing the user's own (private) group.
    name: 'user-group-deleted',
    needle: 'removed ',
    pattern: new RegExp(String.raw`^removed (?:shadow )?group '(?<group>${NAME})' owned by '(?<user>${NAME})'$`),
    fields: (g) => iam('group', 'deletion', 'group-deleted', { 'group.name': g['group'], 'user.target.name': g['user'] }),
  },
  {
    // groupmod: "group changed in /etc/group (group audit/1000, new name: auditors)", one line per file.
    name: 'group-changed',
    needle: 'group changed in ',
    pattern: /^group changed in (?<file>\S+) \(group (?<group>[^/\s,)]+)(?:\/\d+)?, (?<change>new (?:name|gid|password): [^)]*)\)$/,
    fields: (g) => iam('group', 'change', 'group-changed', { 'group.name': g['group'], 'file.path': g['file'] }),
  },
  {
    name: 'group-change-failed',
    needle: 'failed to ',
    pattern: /^failed to (?<verb>add|remove) group (?<group>\S+)$/,
    fields: (g) => iam('group', g['verb'] === 'add' ? 'creation' : 'deletion', g['verb'] === 'add' ? 'group-created' : 'group-deleted', { 'group.name': g['group'] }, 'failure'),
  },
];

export const ACCOUNTS_PARSERS: readonly Parser[] = [
  patternParser({
    name: 'accounts',
    description: 'shadow-utils account and group management (useradd, userdel, usermod, groupadd, groupdel, groupmod, gpasswd, passwd, chage, chfn, chsh) and PAM password changes',
    module: 'system',
    programs: ['useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'gpasswd', 'passwd', 'chpasswd', 'chage', 'chfn', 'chsh', 'newusers'],
    rules: [...USER_RULES, ...MEMBERSHIP_RULES, ...GROUP_RULES],
  }),
];

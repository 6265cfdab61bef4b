// Fixtures of the accounts parser (R-EVENTS-1: identity and role create, modify, delete). Most lines
// were captured from the real shadow 4.13 programs on Debian 12: run as root of a fresh user and
// mount namespace (mapped to unprivileged host ids) with --prefix/--root pointing at a scratch tree and
// a private /dev/log socket, so the host's accounts and syslog were never touched (docs/parsers.md).
// They are what the programs wrote to /dev/log (glibc's local form: no host name), with the scratch
// prefix taken out of the file paths (groupadd, groupmod and groupdel name the file they changed).
// test/e2e/shadow-accounts.test.ts runs the same capture and checks every line against these shapes.
import type { ParserFixture, ParserFixtures } from './fixture.ts';

const CAPTURED = 'captured from shadow 4.13 on Debian 12 (private /dev/log, --prefix scratch tree)';
const STRINGS = 'shadow 4.13 syslog format string (strings of the Debian 12 binary), not emitted in the capture';

function line(name: string, syslog: string, rule: string, expect: ParserFixture['expect'], origin = CAPTURED): ParserFixture {
  return { name, origin, syslog, parser: 'accounts', rule, expect };
}

const IAM = { 'event.category': ['iam'], 'event.module': 'system', 'event.dataset': 'accounts' };

export const ACCOUNTS_FIXTURES: ParserFixtures = {
  matching: [
    line('useradd creates a user (R-EVENTS-1)', '<86>Dec  1 16:29:45 useradd[17844]: new user: name=bob, UID=1000, GID=1001, home=/home/bob, shell=/bin/sh, from=none', 'user-created', {
      ...IAM,
      'event.type': ['user', 'creation'],
      'event.action': 'user-created',
      'event.outcome': 'success',
      'user.target.name': 'bob',
      'related.user': ['bob'],
      'process.name': 'useradd',
      'process.pid': 17844,
    }),
    line(
      'useradd from a terminal, forwarded with a host name',
      '<86>Mar  7 10:00:00 web1 useradd[2211]: new user: name=deploy, UID=1002, GID=1002, home=/home/deploy, shell=/bin/bash, from=/dev/pts/0',
      'user-created',
      { 'event.action': 'user-created', 'user.target.name': 'deploy', 'host.name': 'web1' },
      'shadow 4.13 useradd format string; from= names the terminal when run from one',
    ),
    line(
      'useradd of shadow < 4.9 (no from=)',
      '<86>Mar  7 10:00:00 web1 useradd[2212]: new user: name=backup2, UID=1003, GID=1003, home=/home/backup2, shell=/bin/sh',
      'user-created',
      { 'user.target.name': 'backup2' },
      'shadow 4.8 useradd format string (before from= was added)',
    ),
    line('useradd fails: the user exists', "<86>Dec  1 16:29:24 useradd[17135]: failed adding user 'bob', exit code: 9", 'user-create-failed', {
      ...IAM,
      'event.type': ['user', 'creation'],
      'event.action': 'user-created',
      'event.outcome': 'failure',
      'event.reason': 'exit code 9',
      'user.target.name': 'bob',
    }),
    line('useradd creates the user’s group', '<86>Dec  1 16:29:45 useradd[17844]: new group: name=bob, GID=1001', 'group-created', {
      ...IAM,
      'event.type': ['group', 'creation'],
      'event.action': 'group-created',
      'group.name': 'bob',
    }),
    line('groupadd creates a group', '<86>Dec  1 16:29:45 groupadd[17834]: new group: name=audit, GID=1000', 'group-created', { 'event.action': 'group-created', 'group.name': 'audit' }),
    line('groupadd’s per-file line', '<86>Dec  1 16:29:45 groupadd[17834]: group added to /etc/gshadow: name=audit', 'group-file-added', {
      'event.type': ['group', 'info'],
      'event.action': 'group-file-updated',
      'group.name': 'audit',
      'file.path': '/etc/gshadow',
    }),
    line('userdel deletes a user (trailing newline as userdel sends it)', "<86>Dec  1 16:29:51 userdel[18139]: delete user 'bob'\n", 'user-deleted', {
      ...IAM,
      'event.type': ['user', 'deletion'],
      'event.action': 'user-deleted',
      'user.target.name': 'bob',
    }),
    line("userdel removes the user's private group", "<86>Dec  1 16:29:51 userdel[18139]: removed shadow group 'bob' owned by 'bob'\n", 'user-group-deleted', {
      'event.type': ['group', 'deletion'],
      'event.action': 'group-deleted',
      'group.name': 'bob',
      'user.target.name': 'bob',
    }),
    line('userdel takes the user out of a group', "<86>Dec  1 16:29:30 userdel[17483]: delete 'robert' from group 'sudo'\n", 'user-removed-from-group', {
      'event.type': ['group', 'change'],
      'event.action': 'user-removed-from-group',
      'user.target.name': 'robert',
      'group.name': 'sudo',
    }),
    line('usermod -aG adds a user to sudo (role change)', "<86>Dec  1 16:29:24 usermod[17142]: add 'bob' to group 'sudo'", 'user-added-to-group', {
      ...IAM,
      'event.type': ['group', 'change'],
      'event.action': 'user-added-to-group',
      'user.target.name': 'bob',
      'group.name': 'sudo',
    }),
    line('usermod, the shadow group line', "<86>Dec  1 16:29:24 usermod[17142]: add 'bob' to shadow group 'sudo'", 'user-added-to-group', { 'group.name': 'sudo' }),
    line('usermod changes a shell', "<86>Dec  1 16:29:24 usermod[17150]: change user 'bob' shell from '/bin/bash' to '/bin/sh'", 'user-changed', {
      'event.type': ['user', 'change'],
      'event.action': 'user-changed',
      'user.target.name': 'bob',
    }),
    line('usermod changes a UID', "<86>Dec  1 16:29:26 usermod[17242]: change user 'robert' UID from '1000' to '1500'", 'user-changed', { 'user.target.name': 'robert' }),
    line('usermod sets an expiry', "<86>Dec  1 16:29:26 usermod[17261]: change user 'robert' expiration from 'never' to '2030-01-01'", 'user-changed', { 'user.target.name': 'robert' }),
    line('usermod renames a user', "<86>Dec  1 16:29:25 usermod[17214]: change user name 'bob' to 'robert'", 'user-renamed', {
      'event.action': 'user-changed',
      'user.target.name': 'bob',
      'related.user': ['bob', 'robert'],
    }),
    line('usermod renames a group member', "<86>Dec  1 16:29:25 usermod[17214]: change 'bob' to 'robert' in shadow group 'sudo'", 'group-member-renamed', {
      'event.action': 'group-changed',
      'group.name': 'sudo',
      'related.user': ['bob', 'robert'],
    }),
    line(
      'usermod -L locks a password',
      "<86>Mar  7 10:00:00 web1 usermod[3001]: lock user 'bob' password",
      'password-locked',
      { 'event.action': 'password-locked', 'user.target.name': 'bob' },
      STRINGS,
    ),
    line('usermod -U unlocks a password', "<86>Mar  7 10:00:00 web1 usermod[3002]: unlock user 'bob' password", 'password-locked', { 'event.action': 'password-unlocked' }, STRINGS),
    line('gpasswd -a names the actor', '<86>Dec  1 16:29:46 gpasswd[17860]: user bob added by root to group audit', 'gpasswd-user-added', {
      'event.action': 'user-added-to-group',
      'user.name': 'root',
      'user.target.name': 'bob',
      'group.name': 'audit',
      'related.user': ['root', 'bob'],
    }),
    line('gpasswd -d', '<86>Dec  1 16:29:46 gpasswd[17867]: user bob removed by root from group audit', 'gpasswd-user-removed', {
      'event.action': 'user-removed-from-group',
      'user.name': 'root',
      'user.target.name': 'bob',
    }),
    line('gpasswd -M sets the members', '<86>Dec  1 16:29:47 gpasswd[17898]: members of group audit set by root to bob,alice', 'gpasswd-members-set', {
      'event.action': 'group-changed',
      'group.name': 'audit',
      'user.name': 'root',
      'related.user': ['bob', 'alice', 'root'],
    }),
    line('gpasswd -A sets the administrators', '<86>Dec  1 16:29:46 gpasswd[17881]: administrators of group audit set by root to alice', 'gpasswd-members-set', { 'group.name': 'audit' }),
    line('gpasswd -R restricts a group', '<86>Dec  1 16:29:47 gpasswd[17925]: access to group audit restricted by root', 'gpasswd-group-password', { 'group.name': 'audit', 'user.name': 'root' }),
    line('gpasswd -r removes the group password', '<86>Dec  1 16:29:47 gpasswd[17906]: password of group audit removed by root', 'gpasswd-group-password', {
      'event.action': 'group-changed',
      'group.name': 'audit',
    }),
    line(
      'gpasswd fails',
      '<86>Mar  7 10:00:00 web1 gpasswd[4000]: root failed to add user bob to group audit',
      'gpasswd-failed',
      {
        'event.outcome': 'failure',
        'user.name': 'root',
        'user.target.name': 'bob',
        'group.name': 'audit',
      },
      STRINGS,
    ),
    line('groupmod renames a group', '<86>Dec  1 16:29:51 groupmod[18113]: group changed in /etc/group (group audit/1000, new name: auditors)', 'group-changed', {
      'event.type': ['group', 'change'],
      'event.action': 'group-changed',
      'group.name': 'audit',
      'file.path': '/etc/group',
    }),
    line('groupmod changes a GID', '<86>Dec  1 16:29:28 groupmod[17387]: group changed in /etc/passwd (group auditors/1001, new gid: 2000)', 'group-changed', { 'group.name': 'auditors' }),
    line('groupdel deletes a group', "<86>Dec  1 16:29:51 groupdel[18120]: group 'auditors' removed\n", 'group-deleted', {
      'event.type': ['group', 'deletion'],
      'event.action': 'group-deleted',
      'group.name': 'auditors',
    }),
    line('groupdel’s per-file line', "<86>Dec  1 16:29:51 groupdel[18120]: group 'auditors' removed from /etc/group", 'group-file-removed', {
      'event.action': 'group-file-updated',
      'file.path': '/etc/group',
    }),
    line('passwd -l, actor named', "<86>Dec  1 16:29:49 passwd[18051]: password for 'bob' changed by 'root'", 'password-changed-by', {
      'event.type': ['user', 'change'],
      'event.action': 'password-changed',
      'user.target.name': 'bob',
      'user.name': 'root',
    }),
    line('chpasswd through PAM', '<85>Dec  1 16:29:48 chpasswd[18000]: pam_unix(chpasswd:chauthtok): password changed for bob', 'pam-password-changed', {
      'event.action': 'password-changed',
      'user.target.name': 'bob',
    }),
    line('newusers through PAM', '<85>Dec  1 16:29:50 newusers[18102]: pam_unix(newusers:chauthtok): password changed for carol', 'pam-password-changed', { 'user.target.name': 'carol' }),
    line(
      'passwd as a user, through PAM',
      '<85>Mar  7 10:00:00 web1 passwd[5120]: pam_unix(passwd:chauthtok): password changed for alice',
      'pam-password-changed',
      { 'user.target.name': 'alice' },
      'Linux-PAM pam_unix password change message',
    ),
    line('chage', '<86>Dec  1 16:29:47 chage[17938]: changed password expiry for bob', 'password-expiry-changed', { 'event.action': 'password-expiry-changed', 'user.target.name': 'bob' }),
    line('chfn', "<86>Dec  1 16:29:49 chfn[18032]: changed user 'bob' information", 'user-info-changed', { 'event.action': 'user-changed', 'user.target.name': 'bob' }),
    line('groupadd’s /etc/group line', '<86>Dec  1 16:29:45 groupadd[17834]: group added to /etc/group: name=audit, GID=1000', 'group-file-added', {
      'group.name': 'audit',
      'file.path': '/etc/group',
    }),
    line('usermod moves a home', "<86>Dec  1 16:29:25 usermod[17163]: change user 'bob' home from '/home/bob' to '/home/bobby'", 'user-changed', { 'user.target.name': 'bob' }),
    line('usermod renames a member of a group', "<86>Dec  1 16:29:25 usermod[17214]: change 'bob' to 'robert' in group 'sudo'", 'group-member-renamed', {
      'group.name': 'sudo',
      'user.target.name': 'bob',
    }),
    line('groupmod, the gshadow line', '<86>Dec  1 16:29:51 groupmod[18113]: group changed in /etc/gshadow (group audit, new name: auditors)', 'group-changed', {
      'group.name': 'audit',
      'file.path': '/etc/gshadow',
    }),
    line('userdel, the shadow group line', "<86>Dec  1 16:29:30 userdel[17483]: delete 'robert' from shadow group 'sudo'\n", 'user-removed-from-group', {
      'group.name': 'sudo',
      'user.target.name': 'robert',
    }),
    line("userdel removes the user's private group", "<86>Dec  1 16:29:51 userdel[18139]: removed group 'bob' owned by 'bob'\n", 'user-group-deleted', {
      'group.name': 'bob',
      'event.action': 'group-deleted',
    }),
    line(
      'chsh',
      "<86>Mar  7 10:00:00 web1 chsh[6001]: changed user 'bob' shell to '/bin/zsh'",
      'user-info-changed',
      { 'user.target.name': 'bob' },
      'shadow 4.13 chsh format string; the real chsh writes it in test/e2e/shadow-accounts.test.ts',
    ),
  ],
  nonMatching: [
    { name: 'useradd defaults listing', syslog: '<86>Dec  1 16:29:45 useradd[17844]: useradd defaults: GROUP=100, HOME=/home, SHELL=/bin/sh', why: 'printing the defaults changes no account' },
    { name: 'a lock-file error', syslog: '<83>Dec  1 16:29:45 usermod[17844]: failed to unlock /etc/passwd', why: 'a lock-file problem, not an account change' },
    {
      name: 'groupadd per-file failure',
      syslog: '<83>Dec  1 16:29:45 groupadd[1]: failed to add group audit to /etc/gshadow',
      why: 'the summary line is the event; per-file failures are not recognised',
    },
    {
      name: 'a new user line from another program',
      syslog: '<86>Mar  7 10:00:00 web1 myapp[1]: new user: name=bob, UID=1000, GID=1000, home=/home/bob, shell=/bin/sh, from=none',
      why: 'only shadow-utils programs are read',
    },
    { name: 'a useradd line cut short', syslog: '<86>Mar  7 10:00:00 web1 useradd[1]: new user: name=bob, UID=1000', why: 'the pattern is anchored; a cut line is not guessed at' },
  ],
};

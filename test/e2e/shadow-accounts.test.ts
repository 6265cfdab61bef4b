// The real shadow-utils programs (useradd, usermod, gpasswd, groupmod, chage, chpasswd, chfn, chsh,
// passwd, userdel, groupdel) write their syslog lines, and the accounts parser must read every one
// (R-EVENTS-1: identity and role create, modify, delete). Safe by construction:
//   - the programs run as root of a new user namespace whose ids map to unprivileged host ids
//     (100000–165535), so they have no rights over the host's own files;
//   - in a new mount namespace, a private tmpfs covers /dev and a Python socket listens on /dev/log
//     (and on DIR/dev/log for the tools that chroot), so the host's syslog never sees them;
//   - every program acts on a scratch tree (--prefix DIR / --root DIR), never the host's /etc.
// Every line must be recognised by the accounts parser, and its shape must be among
// src/parsers/accounts.fixtures.ts, so a new shadow wording shows up here first.
// Skips when not root, or when useradd, /usr/bin/python3 or user namespaces are unavailable.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ACCOUNTS_FIXTURES } from '../../src/parsers/accounts.fixtures.ts';
import { recognise } from '../../src/parsers/recognise.ts';
import { PARSER_TABLE } from '../../src/parsers/table.ts';
import { normaliseSyslog } from '../../src/transforms/normalise-syslog.ts';

const execFileAsync = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const OUTER_ID = 100000;

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to map a user namespace onto unprivileged host ids';
  if (!existsSync('/usr/sbin/useradd') || !existsSync(PYTHON)) return 'shadow-utils (passwd package) or /usr/bin/python3 is absent';
  return false;
}

// The namespace: a child unshares its user and mount namespaces, the parent (real root) maps ids
// 0–65535 inside onto 100000–165535 outside, then the child becomes root inside and runs the script.
const NS_PY = `import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
r, w = os.pipe(); r2, w2 = os.pipe()
pid = os.fork()
if pid == 0:
    if libc.unshare(0x10000000 | 0x00020000) != 0: sys.exit('unshare failed %d' % ctypes.get_errno())
    os.write(w, b'x'); os.read(r2, 1)
    os.setresgid(0, 0, 0); os.setresuid(0, 0, 0)
    os.execv('/bin/bash', ['/bin/bash', sys.argv[1]])
os.read(r, 1)
open(f'/proc/{pid}/setgroups', 'w').write('deny')
open(f'/proc/{pid}/uid_map', 'w').write('0 ${OUTER_ID} 65536')
open(f'/proc/{pid}/gid_map', 'w').write('0 ${OUTER_ID} 65536')
os.write(w2, b'x')
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

// A /dev/log listener: one datagram, one line in the capture file.
const LISTEN_PY = `import socket, sys, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666)
out = open(sys.argv[2], 'ab', buffering=0)
open(sys.argv[3], 'w').close()
while True:
    out.write(s.recv(65536).rstrip(b'\\n').replace(b'\\n', b' ') + b'\\n')
`;

function innerScript(dir: string): string {
  const root = `${dir}/root`;
  const run = (command: string): string => `${command} >> ${dir}/commands.log 2>&1 || echo "exit $? from: ${command}" >> ${dir}/commands.log`;
  return [
    'set -u',
    `mkdir -p ${dir}/olddev && mount --rbind /dev ${dir}/olddev && mount -t tmpfs tmpfs /dev`,
    `for n in null zero urandom random; do touch /dev/$n $ROOT/dev/$n; mount --bind ${dir}/olddev/$n /dev/$n; mount --bind ${dir}/olddev/$n $ROOT/dev/$n; done`.replaceAll('$ROOT', root),
    `mount --bind -o ro /usr ${root}/usr`,
    `${PYTHON} ${dir}/listen.py /dev/log ${dir}/capture.log ${dir}/ready1 & L1=$!`,
    `${PYTHON} ${dir}/listen.py ${root}/dev/log ${dir}/capture.log ${dir}/ready2 & L2=$!`,
    `while [ ! -e ${dir}/ready1 ] || [ ! -e ${dir}/ready2 ]; do sleep 0.05; done`,
    run(`groupadd --prefix ${root} audit`),
    run(`useradd --prefix ${root} -m -s /bin/bash bob`),
    run(`useradd --prefix ${root} alice`),
    run(`useradd --prefix ${root} bob`), // fails: bob exists
    run(`usermod --prefix ${root} -aG audit bob`),
    run(`usermod --prefix ${root} -s /bin/sh bob`),
    run(`usermod --prefix ${root} -d /home/bobby bob`),
    run(`usermod --prefix ${root} -e 2030-01-01 bob`),
    run(`gpasswd --root ${root} -a alice audit`),
    run(`gpasswd --root ${root} -d alice audit`),
    run(`gpasswd --root ${root} -M bob,alice audit`),
    run(`gpasswd --root ${root} -A alice audit`),
    run(`gpasswd --root ${root} -R audit`),
    run(`chage --root ${root} -M 90 bob`),
    run(`echo 'bob:Not-a-real-pass-1' | chpasswd --root ${root}`),
    run(`chfn --root ${root} -f Robert bob`),
    run(`chsh --root ${root} -s /bin/bash bob`),
    run(`passwd --root ${root} -l alice`),
    run(`usermod --prefix ${root} -l robert bob`),
    run(`groupmod --prefix ${root} -n auditors audit`),
    run(`userdel --prefix ${root} -r robert`),
    run(`userdel --prefix ${root} alice`),
    run(`groupdel --prefix ${root} auditors`),
    'sleep 0.3',
    'kill $L1 $L2',
  ].join('\n');
}

/** The scratch tree the programs act on: a minimal /etc, PAM configuration, mount points. */
async function scratchTree(root: string): Promise<void> {
  for (const sub of ['etc/default', 'etc/skel', 'home', 'usr', 'dev', 'tmp', 'var/mail']) await mkdir(path.join(root, sub), { recursive: true });
  await writeFile(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  await writeFile(path.join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  await writeFile(path.join(root, 'etc/group'), 'root:x:0:\n');
  await writeFile(path.join(root, 'etc/gshadow'), 'root:*::\n', { mode: 0o640 });
  await writeFile(path.join(root, 'etc/shells'), '/bin/sh\n/bin/bash\n/usr/bin/bash\n');
  for (const file of ['login.defs', 'nsswitch.conf', 'default/useradd']) if (existsSync(`/etc/${file}`)) await cp(`/etc/${file}`, path.join(root, 'etc', file));
  await cp('/etc/pam.d', path.join(root, 'etc/pam.d'), { recursive: true });
  for (const link of [
    ['usr/lib', 'lib'],
    ['usr/lib64', 'lib64'],
    ['usr/bin', 'bin'],
    ['usr/sbin', 'sbin'],
  ] as const)
    await execFileAsync('ln', ['-s', link[0], path.join(root, link[1])]);
}

/** What a line looks like once its names, numbers and paths are blanked. */
function shape(message: string): string {
  return message
    .replace(/\/\S*/g, '/P')
    .replace(/'[^']*'/g, "'X'")
    .replace(/\d+/g, 'N')
    .replace(/\b(?:bob|alice|robert|carol|root|audit|auditors|sudo|deploy|dup2|none)\b/g, 'W');
}

const PROGRAM_LINE = /^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d (?:\S+ )?([a-z]+)\[\d+\]: (.*)$/;

describe('the real shadow-utils programs, through the syslog normaliser and the parser table', { skip: skipReason() }, () => {
  let dir = '';
  let lines: string[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-shadow-'));
    await scratchTree(path.join(dir, 'root'));
    await writeFile(path.join(dir, 'ns.py'), NS_PY);
    await writeFile(path.join(dir, 'listen.py'), LISTEN_PY);
    await writeFile(path.join(dir, 'inner.sh'), innerScript(dir));
    await execFileAsync('chown', ['-R', `${OUTER_ID}:${OUTER_ID}`, dir]);
    await execFileAsync('chmod', ['755', dir]);
    await execFileAsync(PYTHON, [path.join(dir, 'ns.py'), path.join(dir, 'inner.sh')], { timeout: 120_000 });
    lines = (await readFile(path.join(dir, 'capture.log'), 'utf8')).split('\n').filter((line) => line !== '');
  });

  after(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  test('the programs wrote their lines to the private /dev/log', () => {
    assert.ok(lines.length >= 25, `only ${lines.length} lines captured:\n${lines.join('\n')}`);
    const programs = new Set(lines.map((line) => PROGRAM_LINE.exec(line)?.[1]));
    for (const program of ['groupadd', 'useradd', 'usermod', 'gpasswd', 'chage', 'chpasswd', 'chfn', 'chsh', 'passwd', 'groupmod', 'userdel', 'groupdel']) {
      assert.ok(programs.has(program), `no line from ${program}:\n${lines.join('\n')}`);
    }
  });

  test('every line is recognised by the accounts parser and its shape is among the fixtures (R-EVENTS-1)', () => {
    const fixtureShapes = new Set(
      ACCOUNTS_FIXTURES.matching.map((fixture) => PROGRAM_LINE.exec((fixture.syslog ?? '').trimEnd())?.[2]).flatMap((message) => (message === undefined ? [] : [shape(message)])),
    );
    const unknownShapes: string[] = [];
    for (const line of lines) {
      const [, program, message] = PROGRAM_LINE.exec(line) ?? [];
      assert.ok(program !== undefined && message !== undefined, `not a program's syslog line: ${line}`);
      const event = normaliseSyslog(
        { bytes: Buffer.from(line), truncated: false },
        { source: { protocol: 'unix', listener: '/dev/log', peer: '', identity: '' }, receivedAt: Date.UTC(2026, 2, 7) },
      ).event;
      const recognition = recognise(event, PARSER_TABLE);
      assert.equal(recognition?.parser, 'accounts', `not read as an account event: ${line}`);
      assert.deepEqual(recognition.problems, [], line);
      if (!fixtureShapes.has(shape(message))) unknownShapes.push(line);
    }
    assert.deepEqual(unknownShapes, [], 'shadow lines whose shape no fixture has');
  });

  test('the account events carry who was acted upon and what happened', () => {
    const events = lines.map((line) => {
      const event = normaliseSyslog(
        { bytes: Buffer.from(line), truncated: false },
        { source: { protocol: 'unix', listener: '/dev/log', peer: '', identity: '' }, receivedAt: Date.UTC(2026, 2, 7) },
      ).event;
      recognise(event, PARSER_TABLE);
      return event;
    });
    const seen = (action: string, fields: Record<string, unknown>): boolean =>
      events.some((event) => event['event.action'] === action && Object.entries(fields).every(([name, value]) => event[name] === value));
    assert.ok(seen('user-created', { 'user.target.name': 'bob', 'event.outcome': 'success' }));
    assert.ok(seen('user-created', { 'user.target.name': 'bob', 'event.outcome': 'failure' }), 'the failed second useradd');
    assert.ok(seen('group-created', { 'group.name': 'audit' }));
    assert.ok(seen('user-added-to-group', { 'user.target.name': 'bob', 'group.name': 'audit' }));
    assert.ok(seen('user-added-to-group', { 'user.target.name': 'alice', 'user.name': 'root' }), 'gpasswd names its actor');
    assert.ok(seen('user-removed-from-group', { 'user.target.name': 'alice', 'group.name': 'audit' }));
    assert.ok(seen('user-changed', { 'user.target.name': 'bob' }));
    assert.ok(seen('password-changed', { 'user.target.name': 'bob' }), 'chpasswd through PAM');
    assert.ok(seen('password-expiry-changed', { 'user.target.name': 'bob' }));
    assert.ok(seen('group-changed', { 'group.name': 'audit' }), 'groupmod -n');
    assert.ok(seen('user-deleted', { 'user.target.name': 'robert' }));
    assert.ok(seen('group-deleted', { 'group.name': 'auditors' }));
  });
});

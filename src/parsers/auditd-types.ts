// What each Linux audit record type means in ECS terms (docs/parsers.md, "auditd"), and the names of
// the numeric types the kernel prints (`audit: type=1100 …`), from linux/audit.h and libaudit.h.
// A type not listed here is still read (event.code and the common fields) under the rule `record`.

export interface AuditTypeSpec {
  /** The parser rule shown by `parse --explain`: the type in kebab case, or `record`. */
  readonly rule: string;
  readonly category?: readonly string[];
  readonly type?: readonly string[];
  readonly action?: string;
  /**
   * Whom `acct=` names: the user who authenticates (`acct`), the account created or changed
   * (`target-user`, user.target.name), the group (`target-group`, group.name); for the rest the
   * actor is the login user (auid), and acct= is the user only when no enriched name is given.
   */
  readonly subject: 'acct' | 'target-user' | 'target-group' | 'actor';
}

type Row = readonly [types: readonly string[], category: readonly string[], type: readonly string[], action: string, subject?: AuditTypeSpec['subject']];

const AUTH = ['authentication'];
const LOGIN = ['authentication', 'session'];
const IAM = ['iam'];
const PROCESS = ['process'];
const CONFIG = ['configuration'];

const ROWS: readonly Row[] = [
  [['USER_AUTH'], AUTH, ['info'], 'user-authentication', 'acct'],
  [['USER_ACCT'], AUTH, ['info'], 'account-check', 'acct'],
  [['GRP_AUTH'], AUTH, ['info'], 'group-authentication', 'acct'],
  [['CRED_ACQ'], AUTH, ['info'], 'credentials-acquired', 'acct'],
  [['CRED_REFR'], AUTH, ['info'], 'credentials-refreshed', 'acct'],
  [['CRED_DISP'], AUTH, ['info'], 'credentials-disposed', 'acct'],
  [['USER_ERR'], AUTH, ['info'], 'user-error', 'acct'],
  [['USER_LOGIN'], LOGIN, ['start'], 'user-login', 'acct'],
  [['USER_LOGOUT'], LOGIN, ['end'], 'user-logout', 'acct'],
  [['USER_START'], ['session'], ['start'], 'session-started', 'acct'],
  [['USER_END'], ['session'], ['end'], 'session-ended', 'acct'],
  [['USER_CMD'], PROCESS, ['start'], 'user-command'],
  [['EXECVE'], PROCESS, ['start'], 'process-started'],
  [['SYSCALL'], PROCESS, ['info'], 'syscall'],
  [['ADD_USER'], IAM, ['user', 'creation'], 'user-created', 'target-user'],
  [['DEL_USER'], IAM, ['user', 'deletion'], 'user-deleted', 'target-user'],
  [['USER_MGMT'], IAM, ['user', 'change'], 'user-changed', 'target-user'],
  [['USER_CHAUTHTOK'], IAM, ['user', 'change'], 'password-changed', 'target-user'],
  [['ACCT_LOCK'], IAM, ['user', 'change'], 'account-locked', 'target-user'],
  [['ACCT_UNLOCK'], IAM, ['user', 'change'], 'account-unlocked', 'target-user'],
  [['ADD_GROUP'], IAM, ['group', 'creation'], 'group-created', 'target-group'],
  [['DEL_GROUP'], IAM, ['group', 'deletion'], 'group-deleted', 'target-group'],
  [['GRP_MGMT'], IAM, ['group', 'change'], 'group-changed', 'target-group'],
  [['GRP_CHAUTHTOK'], IAM, ['group', 'change'], 'group-password-changed', 'target-group'],
  [['USER_ROLE_CHANGE'], IAM, ['change'], 'role-changed', 'target-user'],
  [['ROLE_ASSIGN'], IAM, ['change'], 'role-assigned', 'target-user'],
  [['ROLE_REMOVE'], IAM, ['change'], 'role-removed', 'target-user'],
  [['ROLE_MODIFY'], IAM, ['change'], 'role-modified', 'target-user'],
  [['CONFIG_CHANGE'], CONFIG, ['change'], 'audit-config-changed'],
  [['DAEMON_CONFIG', 'DAEMON_RECONFIG'], CONFIG, ['change'], 'audit-daemon-reconfigured'],
  [['USYS_CONFIG'], CONFIG, ['change'], 'system-config-changed'],
  [['NETFILTER_CFG'], CONFIG, ['change'], 'firewall-config-changed'],
  [['MAC_STATUS', 'USER_MAC_STATUS'], CONFIG, ['change'], 'mac-status-changed'],
  [['MAC_POLICY_LOAD', 'USER_MAC_POLICY_LOAD'], CONFIG, ['change'], 'mac-policy-loaded'],
  [['MAC_CONFIG_CHANGE', 'USER_MAC_CONFIG_CHANGE'], CONFIG, ['change'], 'mac-config-changed'],
  [['SERVICE_START'], PROCESS, ['start'], 'service-started'],
  [['SERVICE_STOP'], PROCESS, ['end'], 'service-stopped'],
  [['DAEMON_START', 'DAEMON_RESUME'], PROCESS, ['start'], 'audit-daemon-started'],
  [['DAEMON_END'], PROCESS, ['end'], 'audit-daemon-stopped'],
  [['DAEMON_ABORT'], PROCESS, ['end'], 'audit-daemon-aborted'],
  [['SYSTEM_BOOT'], ['host'], ['start'], 'system-booted'],
  [['SYSTEM_SHUTDOWN'], ['host'], ['end'], 'system-shutdown'],
  [['SYSTEM_RUNLEVEL'], ['host'], ['change'], 'runlevel-changed'],
  [['SOFTWARE_UPDATE'], ['package'], ['installation'], 'software-updated'],
  [['KERN_MODULE'], ['driver'], ['info'], 'kernel-module'],
];

const SPECS: ReadonlyMap<string, AuditTypeSpec> = new Map(
  ROWS.flatMap(([types, category, type, action, subject = 'actor']) => types.map((name) => [name, { rule: kebab(name), category, type, action, subject }] as const)),
);

function kebab(type: string): string {
  return type.toLowerCase().replaceAll('_', '-');
}

const RECORD: AuditTypeSpec = { rule: 'record', subject: 'actor' };

/** ANOM_* (anomalies the kernel or auditd detected: promiscuous mode, crashes, login failures…) are intrusion_detection. */
export function auditTypeSpec(type: string): AuditTypeSpec {
  const spec = SPECS.get(type);
  if (spec !== undefined) return spec;
  if (type.startsWith('ANOM_')) return { rule: 'anomaly', category: ['intrusion_detection'], type: ['info'], action: `anomaly-${kebab(type.slice(5))}`, subject: 'actor' };
  return RECORD;
}

/** The kernel's numeric record types by name (the ones logwarden reads, and the common auxiliary records). */
export const AUDIT_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries({
    USER_AUTH: 1100,
    USER_ACCT: 1101,
    USER_MGMT: 1102,
    CRED_ACQ: 1103,
    CRED_DISP: 1104,
    USER_START: 1105,
    USER_END: 1106,
    USER_AVC: 1107,
    USER_CHAUTHTOK: 1108,
    USER_ERR: 1109,
    CRED_REFR: 1110,
    USYS_CONFIG: 1111,
    USER_LOGIN: 1112,
    USER_LOGOUT: 1113,
    ADD_USER: 1114,
    DEL_USER: 1115,
    ADD_GROUP: 1116,
    DEL_GROUP: 1117,
    USER_SELINUX_ERR: 1122,
    USER_CMD: 1123,
    USER_TTY: 1124,
    GRP_AUTH: 1126,
    SYSTEM_BOOT: 1127,
    SYSTEM_SHUTDOWN: 1128,
    SYSTEM_RUNLEVEL: 1129,
    SERVICE_START: 1130,
    SERVICE_STOP: 1131,
    GRP_MGMT: 1132,
    GRP_CHAUTHTOK: 1133,
    ACCT_LOCK: 1135,
    ACCT_UNLOCK: 1136,
    SOFTWARE_UPDATE: 1138,
    DAEMON_START: 1200,
    DAEMON_END: 1201,
    DAEMON_ABORT: 1202,
    DAEMON_CONFIG: 1203,
    DAEMON_RECONFIG: 1204,
    DAEMON_RESUME: 1206,
    SYSCALL: 1300,
    PATH: 1302,
    CONFIG_CHANGE: 1305,
    SOCKADDR: 1306,
    CWD: 1307,
    EXECVE: 1309,
    TTY: 1319,
    EOE: 1320,
    NETFILTER_CFG: 1325,
    SECCOMP: 1326,
    PROCTITLE: 1327,
    KERN_MODULE: 1330,
    BPF: 1334,
    AVC: 1400,
    SELINUX_ERR: 1401,
    MAC_POLICY_LOAD: 1403,
    MAC_STATUS: 1404,
    MAC_CONFIG_CHANGE: 1405,
    ANOM_PROMISCUOUS: 1700,
    ANOM_ABEND: 1701,
    ANOM_LINK: 1702,
    ANOM_CREAT: 1703,
    ANOM_LOGIN_FAILURES: 2100,
    ANOM_LOGIN_TIME: 2101,
    ANOM_LOGIN_SESSIONS: 2102,
    ANOM_LOGIN_ACCT: 2103,
    ANOM_LOGIN_LOCATION: 2104,
    USER_ROLE_CHANGE: 2300,
    ROLE_ASSIGN: 2301,
    ROLE_REMOVE: 2302,
    ROLE_MODIFY: 2311,
  }).map(([name, code]) => [code, name] as const),
);

// What a caller may do: each route names one permission (src/http/route-config.ts), each role
// grants a set (roles.ts), and docs/access.md's access-rights matrix is generated from both
// (R-ACCESS-1: access rights documented). No permission edits or deletes events: none exists.

export const PERMISSIONS = [
  'events.read',
  'systems.read',
  'detections.read',
  'rules.read',
  'rules.manage',
  'alerts.read',
  'alerts.act',
  'cases.read',
  'cases.act',
  'export',
  'integrity.read',
  'integrity.verify',
  'audit.read',
  'metrics.read',
  'ingest',
  'users.manage',
  'tokens.manage',
  'config.manage',
  'retention.read',
  'holds.manage',
  'retention.manage',
  'backups.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** One line per permission for the access-rights matrix and `--help` texts. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  'events.read': 'search, count, aggregate, histogram and live tail of events within the scope',
  'systems.read': 'the systems inventory: sources, last seen, clock skew, field coverage',
  'detections.read': 'detections and their evidence events within the scope',
  'rules.read': 'the detection rules in force: list, show, test against sample events, hunt over stored events',
  'rules.manage': 'import detection rules',
  'alerts.read': 'alerts and their history',
  'alerts.act': 'acknowledge, assign, comment, resolve and close alerts; silences',
  'cases.read': 'cases, timelines and incident reports',
  'cases.act': 'open and change cases',
  export: 'export events (masked or as evidence)',
  'integrity.read': 'signed checkpoints, inclusion and consistency proofs, leaf hashes and evidence bundles',
  'integrity.verify': 'run a verification of the whole ledger on the server',
  'audit.read': 'the whole audit trail (without it, a caller sees only their own actions)',
  'metrics.read': 'the Prometheus metrics',
  ingest: 'send events',
  'users.manage': 'add, disable and change users and their roles',
  'tokens.manage': 'create, list and revoke API tokens',
  'config.manage': 'change and reload the configuration',
  'retention.read': 'retention per system (oldest kept, next prune, overdue) and the legal holds, within the scope',
  'holds.manage': 'place and release legal holds',
  'retention.manage': 'run retention now and restore archives',
  'backups.manage': 'create backups of the store',
};

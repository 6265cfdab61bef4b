// The audit trail's action names (`event.action` of its events, the `action` filter of
// GET /api/v1/audit) as a plain list with no schema code, so the web UI can import the values
// without bundling zod. The server's src/audit/audit-action.ts re-exports it: one list. Pure.

export const AUDIT_ACTION_NAMES = [
  'sign-in',
  'sign-out',
  'search',
  'count',
  'aggregate',
  'tail',
  'export',
  'proof',
  'verify',
  'detections-read',
  'alerts-read',
  'alert-change',
  'silence-change',
  'notification-test',
  'case-change',
  'rules-import',
  'rules-test',
  'rules-hunt',
  'user-change',
  'token-change',
  'role-change',
  'config-change',
  'hold-change',
  'retention-run',
  'backup',
  'archive-restore',
  'audit-read',
  'offline-command',
  'saved-search-change',
] as const;

export type AuditActionName = (typeof AUDIT_ACTION_NAMES)[number];

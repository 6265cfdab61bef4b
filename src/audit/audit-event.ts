// One audit entry as the logwarden event the audit trail stores (R-ACCESS-2): ECS fields saying
// who (user.name, user.roles, source.ip), did what (event.action, http.request.method, url.path,
// logwarden.audit.query/target), within which scope, with how many results and which outcome,
// plus a sentence in `message` for people. Built only from the entry: the entry carries no request
// body, header or cookie, so no token, password, session id or CSRF token can reach the event. Pure.
import { logwardenOrigin } from '../ingest/internal-events.ts';
import { AUDIT_CATEGORY, type Scope } from '../query/scope.ts';
import type { LogEvent } from '../schema/event.ts';
import type { AuditAction } from './audit-action.ts';
import type { AuditEntry } from './audit-trail.ts';

/** The category of every audit event: what the trail is read by (defined with the scope, which hides others' audit events). */
export { AUDIT_CATEGORY };

/** How a successful action reads in a sentence, after who did it. */
const VERBS: Readonly<Record<AuditAction, string>> = {
  'sign-in': 'signed in',
  'sign-out': 'signed out',
  search: 'searched',
  count: 'counted',
  aggregate: 'aggregated',
  tail: 'tailed events',
  export: 'exported events',
  proof: 'asked for a proof',
  verify: 'verified the ledger',
  'detections-read': 'read detections',
  'alerts-read': 'read alerts',
  'alert-change': 'changed an alert',
  'silence-change': 'changed a silence',
  'notification-test': 'sent a test notification',
  'case-change': 'changed a case',
  'rules-import': 'imported rules',
  'rules-test': 'tested rules',
  'rules-hunt': 'hunted with a rule',
  'user-change': 'changed a user',
  'token-change': 'changed a token',
  'role-change': 'changed a role',
  'config-change': 'changed the configuration',
  'hold-change': 'changed a legal hold',
  'retention-run': 'ran retention',
  backup: 'made a backup',
  'archive-restore': 'restored an archive',
  'audit-read': 'read the audit trail',
  'offline-command': 'ran an offline command',
  'saved-search-change': 'changed a saved search',
};

/** ECS event.type of an action that succeeded; a refusal adds `denied`. */
const TYPES: Readonly<Record<AuditAction, string>> = {
  'sign-in': 'start',
  'sign-out': 'end',
  search: 'access',
  count: 'access',
  aggregate: 'access',
  tail: 'access',
  export: 'access',
  proof: 'access',
  verify: 'access',
  'detections-read': 'access',
  'alerts-read': 'access',
  'alert-change': 'change',
  'silence-change': 'change',
  'notification-test': 'info',
  'case-change': 'change',
  'rules-import': 'change',
  'rules-test': 'access',
  'rules-hunt': 'access',
  'user-change': 'change',
  'token-change': 'change',
  'role-change': 'change',
  'config-change': 'change',
  'hold-change': 'change',
  'retention-run': 'change',
  backup: 'creation',
  'archive-restore': 'creation',
  'audit-read': 'access',
  'offline-command': 'info',
  'saved-search-change': 'change',
};

/** Finer verbs (AuditDetails.change) that ECS names with a type of its own. */
const CHANGE_TYPES: Readonly<Record<string, string>> = { create: 'creation', add: 'creation', revoke: 'deletion', delete: 'deletion', remove: 'deletion' };

export interface AuditEventContext {
  /** When it happened, epoch ms. */
  readonly now: number;
  /** A unique id (`event.id`): an offline note keeps its own, so a repeated record is recognisable. */
  readonly id: string;
}

export function auditEvent(entry: AuditEntry, context: AuditEventContext): LogEvent {
  const details = entry.details ?? {};
  const route = splitRoute(entry.route);
  const name = actorName(entry);
  const message = sentence(entry);
  const event: LogEvent = {
    '@timestamp': context.now,
    'event.ingested': context.now,
    'event.id': context.id,
    'event.kind': 'event',
    'event.category': [AUDIT_CATEGORY],
    'event.type': eventTypes(entry),
    'event.action': entry.action,
    'event.outcome': entry.outcome,
    'log.level': entry.outcome === 'failure' ? 'warning' : TYPES[entry.action] === 'access' ? 'info' : 'notice',
    message,
    'event.original': message,
    ...(name === undefined ? {} : { 'user.name': name, 'related.user': [name] }),
    ...(entry.principal ? { 'user.roles': [entry.principal.role], 'logwarden.audit.scope': scopeText(entry.principal.scope) } : {}),
    ...(entry.sourceIp ? { 'source.ip': entry.sourceIp } : {}),
    ...(route ? { 'http.request.method': route.method, 'url.path': route.path } : {}),
    ...(entry.status === undefined ? {} : { 'http.response.status_code': entry.status }),
    ...(details.query === undefined ? {} : { 'logwarden.audit.query': details.query }),
    ...(details.results === undefined ? {} : { 'logwarden.audit.results': details.results }),
    ...(details.target === undefined ? {} : { 'logwarden.audit.target': details.target }),
  };
  // Last, so that nothing an entry says can pass for logwarden's own origin fields.
  return { ...event, ...logwardenOrigin() };
}

/** The principal's name, else (a sign-in not yet authenticated, an offline command) the name given. */
function actorName(entry: AuditEntry): string | undefined {
  return entry.principal?.name ?? entry.details?.userName;
}

function eventTypes(entry: AuditEntry): string[] {
  const change = entry.details?.change;
  const base = change !== undefined && CHANGE_TYPES[change] !== undefined && TYPES[entry.action] === 'change' ? CHANGE_TYPES[change] : TYPES[entry.action];
  return entry.status === 403 || entry.status === 401 ? [base, 'denied'] : [base];
}

/** `all`, or the systems comma-separated (field logwarden.audit.scope). */
export function scopeText(scope: Scope): string {
  return scope.kind === 'all' ? 'all' : scope.systems.join(',');
}

/** `GET /api/v1/search` → method and path; anything else → nothing. */
function splitRoute(route: string | undefined): { method: string; path: string } | undefined {
  const match = route === undefined ? null : /^([A-Z]+) (\/\S*)$/.exec(route);
  return match ? { method: match[1] as string, path: match[2] as string } : undefined;
}

/** Who did what on what, with which outcome: e.g. `token "ci" (role reader) from 10.0.0.5 searched in all systems: 12 results [GET /api/v1/search] (success)`. */
function sentence(entry: AuditEntry): string {
  const details = entry.details ?? {};
  const who = entry.principal
    ? `${entry.principal.kind} "${entry.principal.name}" (role ${entry.principal.role})`
    : details.userName !== undefined
      ? `"${details.userName}"`
      : 'an unauthenticated caller';
  const what = details.message ?? defaultWhat(entry);
  const from = entry.sourceIp ? ` from ${entry.sourceIp}` : '';
  return `${who}${from} ${what} (${outcomeText(entry)})`;
}

function defaultWhat(entry: AuditEntry): string {
  const details = entry.details ?? {};
  const verb = entry.outcome === 'unknown' ? `is about to: ${VERBS[entry.action]}` : VERBS[entry.action];
  const change = details.change === undefined ? '' : ` (${details.change})`;
  const target = details.target === undefined ? '' : ` ${JSON.stringify(details.target)}`;
  // The query text stays out of the sentence (it is in logwarden.audit.query): free text searches
  // `message`, and a sentence holding the words searched for would be found by the next search.
  const scope = entry.principal && details.query !== undefined ? ` in ${entry.principal.scope.kind === 'all' ? 'all systems' : `systems ${scopeText(entry.principal.scope) || '(none)'}`}` : '';
  const results = details.results === undefined ? '' : `: ${details.results} result${details.results === 1 ? '' : 's'}`;
  const route = entry.route === undefined ? '' : ` [${entry.route}]`;
  return `${verb}${change}${target}${scope}${results}${route}`;
}

function outcomeText(entry: AuditEntry): string {
  if (entry.outcome === 'unknown') return 'outcome recorded next';
  if (entry.outcome === 'success') return 'success';
  return entry.status === undefined ? 'failure' : entry.status === 403 ? 'failure: access denied' : `failure: HTTP ${entry.status}`;
}

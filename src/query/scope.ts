// Which information systems' events a read may see. Every EventStore read takes one, so a read
// without a scope does not type-check; the server derives it from the caller (src/access/scope.ts)
// and filter.ts compiles it into the WHERE clause next to the query. Pure.

/** The systems part of a scope: every system, or these only. */
export type SystemsPart = { readonly kind: 'all' } | { readonly kind: 'systems'; readonly systems: readonly string[] };

/**
 * A scope: its systems and, for a caller without `audit.read`, whose audit events it may read.
 * `auditOf` set: of the audit trail (`event.category: logwarden-audit`) only the events whose
 * `user.name` is that name are visible (R-ACCESS-1: others' use of logwarden is not need to know).
 */
export type Scope = SystemsPart & { readonly auditOf?: string };

/** The `event.category` every audit-trail event carries (src/audit/). */
export const AUDIT_CATEGORY = 'logwarden-audit';

/** Every system: today's roles all read everything (issue 13 gives tokens and users systems). */
export const ALL_SYSTEMS: Scope = { kind: 'all' };

/** The events of these systems only; an empty list matches nothing. */
export function systemsScope(systems: readonly string[]): Scope {
  return { kind: 'systems', systems: [...new Set(systems)].sort() };
}

/** The same scope, its audit trail narrowed to the events of `name` (a caller without audit.read). */
export function withAuditOf(scope: Scope, name: string): Scope {
  return { ...scope, auditOf: name };
}

/** Whether an event of `system` (its `logwarden.system`) is inside the scope. */
export function inScope(scope: Scope, system: string): boolean {
  return scope.kind === 'all' || scope.systems.includes(system);
}

/** A canonical text of the scope, equal for equal scopes (cursors are bound to it). */
export function scopeKey(scope: Scope): string {
  const systems = scope.kind === 'all' ? 'all' : JSON.stringify([...new Set(scope.systems)].sort());
  // Unchanged for scopes without auditOf, so cursors issued before it keep working.
  return scope.auditOf === undefined ? systems : `${systems}|audit-of:${JSON.stringify(scope.auditOf)}`;
}

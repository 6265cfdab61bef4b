// Which information systems' events a read may see. Every EventStore read takes one, so a read
// without a scope does not type-check; the server derives it from the caller (src/access/scope.ts)
// and filter.ts compiles it into the WHERE clause next to the query. Pure.

export type Scope = { readonly kind: 'all' } | { readonly kind: 'systems'; readonly systems: readonly string[] };

/** Every system: today's roles all read everything (issue 13 gives tokens and users systems). */
export const ALL_SYSTEMS: Scope = { kind: 'all' };

/** The events of these systems only; an empty list matches nothing. */
export function systemsScope(systems: readonly string[]): Scope {
  return { kind: 'systems', systems: [...new Set(systems)].sort() };
}

/** Whether an event of `system` (its `logwarden.system`) is inside the scope. */
export function inScope(scope: Scope, system: string): boolean {
  return scope.kind === 'all' || scope.systems.includes(system);
}

/** A canonical text of the scope, equal for equal scopes (cursors are bound to it). */
export function scopeKey(scope: Scope): string {
  return scope.kind === 'all' ? 'all' : JSON.stringify([...new Set(scope.systems)].sort());
}

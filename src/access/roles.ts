// Roles: what each kind of caller may do, over which systems, through which masking profile.
// Built-in roles cover the policy's people (admin, analyst, auditor, ingest, third party); custom
// roles come from `access.roles` in the configuration. A token or user names one role and may
// narrow it to some systems; its scope is the role's systems ∩ its own (R-ACCESS-1: need to know).
import { ALL_SYSTEMS, systemsScope, withAuditOf, type Scope } from '../query/scope.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';
import type { Principal } from './principal.ts';

export interface RoleDefinition {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  /** The systems the role may read; every system when absent. */
  readonly systems?: readonly string[];
  /** The masking profile every read goes through (masking.ts); none when absent. */
  readonly masking?: string;
}

/**
 * What every reading role holds. Not `metrics.read`: the metrics carry per-source labels of every
 * system, so an analyst scoped to one system would learn of others' sources there. It goes to the
 * roles that read everything anyway (admin, auditor, reader), and /metrics refuses a caller whose
 * scope is narrowed to some systems (http-app.ts).
 */
const READ_ONLY: readonly Permission[] = ['events.read', 'systems.read', 'detections.read', 'rules.read', 'alerts.read', 'cases.read', 'integrity.read', 'retention.read'];

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    name: 'admin',
    description: 'manages users, tokens, rules and configuration, and reads everything; cannot edit or delete events (no permission does)',
    permissions: PERMISSIONS,
  },
  {
    name: 'analyst',
    description: 'searches, investigates and responds within its scope: detections, alerts, cases, exports',
    permissions: [...READ_ONLY, 'alerts.act', 'cases.act', 'export'],
  },
  {
    name: 'auditor',
    description: 'reads everything, read-only, including the whole audit trail, the integrity evidence and the metrics, and runs verify',
    permissions: [...READ_ONLY, 'metrics.read', 'audit.read', 'integrity.verify'],
  },
  {
    name: 'reader',
    description: 'reads events, detections, integrity evidence and metrics; changes nothing (the role read tokens had before issue 13)',
    permissions: [...READ_ONLY, 'metrics.read'],
  },
  { name: 'ingest', description: 'sends events only', permissions: ['ingest'] },
  {
    name: 'third-party',
    description: 'an outside party: reads events and detections within its scope, every value masked by the third-party profile; never integrity evidence',
    permissions: ['events.read', 'detections.read'],
    masking: 'third-party',
  },
];

export const BUILT_IN_ROLE_NAMES = BUILT_IN_ROLES.map((role) => role.name);

/** Who the caller is, before the role is resolved: what a token record or user record holds. */
export interface Grant {
  readonly kind: Principal['kind'];
  readonly name: string;
  readonly role: string;
  /** The systems this token or user is limited to; every system the role reads when absent. */
  readonly systems?: readonly string[] | undefined;
  readonly sessionId?: string;
}

/** The roles in force: built-in ones plus the configuration's (which may not reuse a built-in name). */
export class RoleSet {
  readonly #roles: ReadonlyMap<string, RoleDefinition>;

  constructor(custom: readonly RoleDefinition[] = []) {
    this.#roles = new Map([...BUILT_IN_ROLES, ...custom].map((role) => [role.name, role]));
  }

  get roles(): readonly RoleDefinition[] {
    return [...this.#roles.values()];
  }

  get(name: string): RoleDefinition | undefined {
    return this.#roles.get(name);
  }

  /**
   * The principal a grant makes. A grant naming a role that no longer exists gets no permissions
   * (and an empty scope), so removing a role from the configuration locks its holders out.
   */
  principalFor(grant: Grant): Principal {
    const role = this.#roles.get(grant.role);
    const permissions = new Set<Permission>(role?.permissions ?? []);
    const systems = role === undefined ? systemsScope([]) : intersect(role.systems, grant.systems);
    // Without audit.read the audit trail shows only the caller's own actions (R-ACCESS-1, R-ACCESS-2).
    const scope = permissions.has('audit.read') ? systems : withAuditOf(systems, grant.name);
    return {
      name: grant.name,
      kind: grant.kind,
      role: grant.role,
      permissions,
      scope,
      ...(role?.masking === undefined ? {} : { masking: role.masking }),
      ...(grant.sessionId === undefined ? {} : { sessionId: grant.sessionId }),
    };
  }
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined): Scope {
  if (a === undefined && b === undefined) return ALL_SYSTEMS;
  if (a === undefined) return systemsScope(b ?? []);
  if (b === undefined) return systemsScope(a);
  return systemsScope(a.filter((system) => b.includes(system)));
}

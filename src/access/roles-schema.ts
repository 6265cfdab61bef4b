// `access.roles` in the configuration: custom roles (permissions × systems × masking profile),
// next to the built-in ones (roles.ts). What one role's entry can say about itself is checked
// here; what it names elsewhere in the configuration (systems of the inventory, masking profiles)
// is checked by `roleReferenceIssues`, run over the whole configuration (src/config/schema.ts).
import { z, type RefinementCtx } from 'zod';
import { BUILT_IN_ROLE_NAMES } from './roles.ts';
import { THIRD_PARTY_PROFILE, type MaskingConfig } from './masking-schema.ts';
import { PERMISSIONS } from './permissions.ts';
import { RESERVED_SYSTEM_NAMES } from '../config/systems-schema.ts';

/** The masking profile every configuration has (masking.ts); `access.masking` may add more. */
export const BUILT_IN_MASKING_PROFILE = THIRD_PARTY_PROFILE;

export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export const customRoleSchema = z
  .object({
    name: z
      .string()
      .regex(ROLE_NAME_PATTERN, 'expected a role name of lower-case letters, digits, "_" or "-", starting with a letter')
      .refine((name) => !BUILT_IN_ROLE_NAMES.includes(name), { message: `is a built-in role's name (${BUILT_IN_ROLE_NAMES.join(', ')}); choose another` }),
    description: z.string().max(200).default(''),
    permissions: z.array(z.enum(PERMISSIONS)).min(1),
    systems: z.array(z.string().min(1)).min(1, 'expected at least one system, or leave the key out for every system').optional(),
    masking: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((role, ctx) => {
    for (const message of combinationIssues(role)) ctx.addIssue({ code: 'custom', path: ['permissions'], message });
  });

export type CustomRoleConfig = z.output<typeof customRoleSchema>;

export const rolesSchema = z
  .array(customRoleSchema)
  .default([])
  .superRefine((roles, ctx) => {
    const seen = new Set<string>();
    roles.forEach((role, index) => {
      if (seen.has(role.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `role "${role.name}" is defined twice` });
      seen.add(role.name);
    });
  });

/** Permissions a role cannot hold together with its other settings, and why. */
function combinationIssues(role: { readonly permissions: readonly string[]; readonly systems?: readonly string[] | undefined; readonly masking?: string | undefined }): string[] {
  const issues: string[] = [];
  // A leaf hash lets its holder confirm a guess at a masked value (docs/access.md, masking vs proofs).
  if (role.masking !== undefined && role.permissions.includes('integrity.read')) {
    issues.push(`a masked role (masking "${role.masking}") may not hold integrity.read: leaf hashes and proofs would confirm guesses at masked values`);
  }
  // The metrics name the sources and hosts of every system, unmasked.
  if (role.permissions.includes('metrics.read') && (role.systems !== undefined || role.masking !== undefined)) {
    issues.push('metrics.read is for roles that read every system unmasked: the metrics name the sources of every system');
  }
  return issues;
}

export interface RoleReferenceIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What custom roles name that does not exist: systems not in the inventory (`systems`, or the
 * server's own `logwarden` and `unassigned`), masking profiles not defined (`access.masking`).
 */
export function roleReferenceIssues(roles: readonly CustomRoleConfig[], known: { readonly systems: readonly string[]; readonly profiles: readonly string[] }): RoleReferenceIssue[] {
  const issues: RoleReferenceIssue[] = [];
  roles.forEach((role, index) => {
    for (const system of role.systems ?? []) {
      if (!known.systems.includes(system)) {
        issues.push({ path: ['access', 'roles', index, 'systems'], message: `role "${role.name}": no system "${system}" in the systems inventory; the systems are ${known.systems.join(', ')}` });
      }
    }
    if (role.masking !== undefined && !known.profiles.includes(role.masking)) {
      issues.push({ path: ['access', 'roles', index, 'masking'], message: `role "${role.name}": no masking profile "${role.masking}"; the profiles are ${known.profiles.join(', ')}` });
    }
  });
  return issues;
}

/** The masking profiles a configuration defines: the built-in one and `access.masking.profiles[].name`. */
export function maskingProfileNames(masking: MaskingConfig): string[] {
  return [...new Set([BUILT_IN_MASKING_PROFILE, ...masking.profiles.map((profile) => profile.name)])];
}

/** The systems a role or token may name: the inventory's, and the server's own (its events, unassigned ones). */
export function nameableSystems(inventory: readonly { readonly name: string }[]): string[] {
  return [...inventory.map((system) => system.name), ...RESERVED_SYSTEM_NAMES];
}

/** The whole configuration's check of what its custom roles name (src/config/schema.ts runs it). */
export function checkRoleReferences(
  config: { readonly systems: readonly { readonly name: string }[]; readonly access: { readonly roles: readonly CustomRoleConfig[]; readonly masking: MaskingConfig } },
  ctx: RefinementCtx,
): void {
  const known = { systems: nameableSystems(config.systems), profiles: maskingProfileNames(config.access.masking) };
  for (const issue of roleReferenceIssues(config.access.roles, known)) ctx.addIssue({ code: 'custom', ...issue });
}

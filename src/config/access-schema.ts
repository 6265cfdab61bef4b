// `access` in the configuration: custom roles, masking profiles, users' sign-in and single sign-on.
// Each part's schema lives with the code that reads it (src/access/).
import { z } from 'zod';
import { maskingSchema } from '../access/masking-schema.ts';
import { oidcSchema, unknownOidcRoles } from '../access/oidc-schema.ts';
import { BUILT_IN_ROLE_NAMES } from '../access/roles.ts';
import { rolesSchema } from '../access/roles-schema.ts';
import { signInSchema } from '../access/sign-in-schema.ts';

export const accessSchema = z
  .object({
    roles: rolesSchema,
    masking: maskingSchema,
    users: signInSchema,
    oidc: oidcSchema,
  })
  .strict()
  .superRefine((access, ctx) => {
    // The roles single sign-on hands out must exist, or its users would sign in to nothing.
    const known = [...BUILT_IN_ROLE_NAMES, ...access.roles.map((role) => role.name)];
    for (const { path, role } of unknownOidcRoles(access.oidc, known)) {
      ctx.addIssue({ code: 'custom', path: ['oidc', ...path], message: `no role "${role}": expected one of ${known.join(', ')}` });
    }
  })
  .prefault({});

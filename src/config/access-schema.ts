// `access` in the configuration: custom roles, masking profiles, users' sign-in and single sign-on.
// Each part's schema lives with the code that reads it (src/access/).
import { z } from 'zod';
import { maskingSchema } from '../access/masking-schema.ts';
import { oidcSchema } from '../access/oidc-schema.ts';
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
  .prefault({});

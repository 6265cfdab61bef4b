// `access.roles` in the configuration: custom roles (permissions × systems × masking profile),
// next to the built-in ones (roles.ts).
//
// SCAFFOLD (issue 13): the roles helper validates names, permissions, systems and profiles.
import { z } from 'zod';
import { PERMISSIONS } from './permissions.ts';

export const customRoleSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a role name of lower-case letters, digits, "_" or "-", starting with a letter'),
    description: z.string().max(200).default(''),
    permissions: z.array(z.enum(PERMISSIONS)).min(1),
    systems: z.array(z.string().min(1)).optional(),
    masking: z.string().min(1).optional(),
  })
  .strict();

export const rolesSchema = z.array(customRoleSchema).default([]);

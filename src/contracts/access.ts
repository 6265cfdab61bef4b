// The access-rights matrix of a running server (`GET /api/v1/access/matrix`, `logwarden access
// matrix`): its roles × systems × permissions and who holds each role, and every route with the
// permission it needs (R-ACCESS-1: access rights documented). Pure.
import { z } from 'zod';

/** `all`, or the systems' names. */
export const reach = z.union([z.literal('all'), z.array(z.string())]);

export const accessHolder = z.object({
  kind: z.enum(['token', 'user']),
  name: z.string(),
  /** What the holder reads: its role's systems ∩ its own. */
  systems: reach,
});

export const accessRole = z.object({
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.string()),
  systems: reach,
  masking: z.string().optional(),
  /** Active tokens and enabled users holding the role. */
  holders: z.array(accessHolder),
});

export const accessMatrixResponse = z.object({
  permissions: z.array(z.object({ name: z.string(), description: z.string() })),
  /** The systems a role or token may name: the inventory's and the server's own. */
  systems: z.array(z.string()),
  roles: z.array(accessRole),
  routes: z.array(z.object({ method: z.string(), url: z.string(), permission: z.string() })),
});

export type AccessMatrixContract = z.infer<typeof accessMatrixResponse>;
export type AccessRoleContract = z.infer<typeof accessRole>;

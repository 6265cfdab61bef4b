// Token administration (`/api/v1/tokens`): what creating one takes, and what the routes answer.
// The token name pattern lives here and src/access/tokens.ts uses it, so the two cannot drift. Pure.
import { z } from 'zod';

/** The built-in roles (src/access/roles.ts); custom ones come from `access.roles`. */
export const ROLES = ['admin', 'analyst', 'auditor', 'reader', 'ingest', 'third-party'] as const;

/** A role's name, built in or custom: the server checks it exists. */
export const roleName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a role name such as ingest, analyst, auditor or admin');

/** A list of system names (the systems inventory's); absent means every system the role reads. */
export const systemNames = z.array(z.string().min(1).max(128)).max(1000).readonly();
export const TOKEN_STATES = ['active', 'expired', 'revoked'] as const;

/** 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const tokenName = z.string().regex(TOKEN_NAME_PATTERN, 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const createTokenBody = z.object({
  name: tokenName,
  role: roleName.default('ingest'),
  /** Limit the token to these systems (within its role's); absent: every system its role reads. */
  systems: systemNames.optional(),
  /** A duration from now (`90d`) or an ISO 8601 time; absent: no expiry. */
  expires: z.string().max(64).optional(),
});
export type CreateTokenBody = z.input<typeof createTokenBody>;

export const tokenParams = z.object({ name: tokenName });

/** The secret is in this answer only; the server keeps its hash. */
export const createTokenResponse = z.object({
  name: tokenName,
  role: roleName,
  systems: systemNames.optional(),
  token: z.string().min(1),
  expiresAt: z.string().optional(),
});
export type CreateTokenResponse = z.infer<typeof createTokenResponse>;

export const tokenInfo = z.object({
  name: tokenName,
  role: roleName,
  systems: systemNames.optional(),
  createdAt: z.string(),
  state: z.enum(TOKEN_STATES),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
  /** The first characters of the secret, to tell tokens apart. */
  hint: z.string().optional(),
});
export type TokenInfoContract = z.infer<typeof tokenInfo>;

export const tokenListResponse = z.object({ tokens: z.array(tokenInfo) });

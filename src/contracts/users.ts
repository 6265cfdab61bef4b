// Users and sign-in (`/api/v1/users`, `/api/v1/auth/*`): what the routes take and answer, for the
// routes, the CLI and the tests alike. Password hashes never appear in any answer. Pure.
import { z } from 'zod';
import { roleName, systemNames } from './tokens.ts';

/**
 * 1 to 128 letters, digits, `.`, `_`, `-` or `@`, starting with a letter or digit: the token name
 * pattern (tokens.ts), longer and with `@` so that e-mail-like names of single sign-on users fit.
 */
export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export const userName = z.string().regex(USER_NAME_PATTERN, 'expected 1 to 128 letters, digits, ".", "_", "-" or "@", starting with a letter or digit');

/** A password as sent: the policy (access.users.passwordPolicy) is checked by the server; this only bounds the request. */
export const password = z.string().min(1, 'expected a password').max(4096, 'expected at most 4096 characters');

export const addUserBody = z.object({ name: userName, role: roleName, systems: systemNames.optional(), password }).strict();
export type AddUserBody = z.input<typeof addUserBody>;

export const setPasswordBody = z.object({ password }).strict();
export type SetPasswordBody = z.input<typeof setPasswordBody>;

/** The role and systems replace the old ones: without `systems` the user reads every system its role reads. */
export const setRolesBody = z.object({ role: roleName, systems: systemNames.optional() }).strict();
export type SetRolesBody = z.input<typeof setRolesBody>;

export const userParams = z.object({ name: userName });

export const userInfo = z.object({
  name: userName,
  role: roleName,
  systems: systemNames.optional(),
  disabled: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  passwordChangedAt: z.string().optional(),
  /** Set while failed sign-ins keep the user locked out. */
  lockedUntil: z.string().optional(),
});
export type UserInfoContract = z.infer<typeof userInfo>;

export const userListResponse = z.object({ users: z.array(userInfo) });

export const signInBody = z.object({ user: userName, password }).strict();
export type SignInBody = z.input<typeof signInBody>;

/** Permission names (src/access/permissions.ts): plain strings, so a CLI still reads a newer server's. */
const permissionList = z.array(z.string());

/** The session cookie is set with this answer; the CSRF token goes in `X-CSRF-Token` of every state-changing request. */
export const signInResponse = z.object({
  user: userName,
  role: roleName,
  systems: systemNames.optional(),
  permissions: permissionList,
  csrfToken: z.string().min(1),
  expiresAt: z.string(),
});
export type SignInResponse = z.infer<typeof signInResponse>;

/** Who the caller is: a token or a signed-in user; `systems` absent means every system. */
export const meResponse = z.object({
  name: z.string(),
  kind: z.enum(['token', 'user']),
  role: roleName,
  permissions: permissionList,
  systems: systemNames.optional(),
  /** For a signed-in browser: the token its state-changing requests carry. */
  csrfToken: z.string().optional(),
  masking: z.string().optional(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const changeOwnPasswordBody = z.object({ currentPassword: password, newPassword: password }).strict();
export type ChangeOwnPasswordBody = z.input<typeof changeOwnPasswordBody>;

/** How a person may sign in here (`GET /api/v1/auth/methods`, public: the sign-in page asks before anyone is signed in). */
export const authMethodsResponse = z.object({
  password: z.literal(true),
  /** The request carries a live session cookie: the page may ask GET /api/v1/auth/me (and gets no 401 to show when it does not). */
  session: z.boolean(),
  /** Present when single sign-on is configured; `label` names the provider (its issuer's host). */
  oidc: z.object({ label: z.string(), start: z.string() }).optional(),
});
export type AuthMethodsResponse = z.infer<typeof authMethodsResponse>;

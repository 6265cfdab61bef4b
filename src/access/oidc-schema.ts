// `access.oidc` in the configuration: single sign-on through an OpenID Connect provider (oidc.ts).
// Absent: no single sign-on, and its routes do not exist. The client secret is never written in
// the configuration (which is under version control, R-CONFIG-1): it is read from a file or an
// environment variable at start. Pure.
import { z } from 'zod';

/** The path of the callback route (src/api/oidc-routes.ts): the redirect URI must end in it. */
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** Whether `host` (a URL's hostname) is this machine: plain HTTP is accepted only there. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * An https URL, or an http one on loopback (a provider or a logwarden on this machine, as in
 * tests): tokens and codes cross these connections, so a remote one must be encrypted.
 */
const secureUrl = (what: string) =>
  z.url({ error: `expected the ${what} as an absolute URL, e.g. https://sso.example.org/realms/main` }).refine(
    (text) => {
      const url = new URL(text);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    },
    { error: `expected an https:// ${what} (plain http:// only on loopback: 127.0.0.1, ::1, localhost)` },
  );

/** A claim's name as providers spell them: `groups`, `preferred_username`, `realm_access.roles` is not one (no paths). */
const claimName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_:.-]{0,99}$/, 'expected a claim name such as groups or preferred_username');

/** A role's name, as in access.roles; whether it exists is checked against the roles in force (access-schema.ts). */
const roleName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a role name such as analyst or auditor');

export const oidcSchema = z
  .object({
    /** The provider's issuer identifier; its `/.well-known/openid-configuration` is read from it. */
    issuer: secureUrl('issuer'),
    clientId: z.string().min(1).max(256),
    /** A file holding the client secret (a trailing newline is ignored). */
    clientSecretFile: z.string().min(1).optional(),
    /** An environment variable holding the client secret. Neither: a public client (PKCE only). */
    clientSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** This server's callback as the browser reaches it; registered at the provider exactly so. */
    redirectUri: secureUrl('redirect URI').refine((text) => new URL(text).pathname === OIDC_CALLBACK_PATH && new URL(text).search === '', {
      error: `expected a redirect URI whose path is ${OIDC_CALLBACK_PATH} (and no query), e.g. https://logwarden.example.org${OIDC_CALLBACK_PATH}`,
    }),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope name')).default(['openid', 'profile', 'email']),
    /** The claim that names the user in logwarden (its `user.name` in the audit trail). */
    usernameClaim: claimName.default('preferred_username'),
    /** The claim (a string or a list of strings) whose values roleMap maps to roles, e.g. groups. */
    rolesClaim: claimName.optional(),
    /** Claim value → role; the first entry (in this order) whose value the user has wins. */
    roleMap: z.record(z.string().min(1), roleName).default({}),
    /** The role of a user none of whose values maps to a role; absent: such a user is refused. */
    defaultRole: roleName.optional(),
    /** A claim listing the systems the user is limited to (within the role's); absent: the role's systems. */
    systemsClaim: claimName.optional(),
  })
  .strict()
  .superRefine((oidc, ctx) => {
    if (oidc.clientSecretFile !== undefined && oidc.clientSecretEnv !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['clientSecretEnv'], message: 'expected clientSecretFile or clientSecretEnv, not both' });
    }
    if (!oidc.scopes.includes('openid')) ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'expected the scopes to include openid (an ID token is what names the user)' });
    if (Object.keys(oidc.roleMap).length > 0 && oidc.rolesClaim === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rolesClaim'], message: 'required with roleMap: the claim whose values it maps, e.g. groups' });
    }
    if (Object.keys(oidc.roleMap).length === 0 && oidc.defaultRole === undefined) {
      ctx.addIssue({ code: 'custom', path: ['roleMap'], message: 'expected roleMap (with rolesClaim) or defaultRole: otherwise every user would be refused' });
    }
  })
  .optional();

export type OidcConfig = NonNullable<z.output<typeof oidcSchema>>;

/** The roles `access.oidc` names that are not among `known` (built-in and access.roles), each with its config path. */
export function unknownOidcRoles(oidc: OidcConfig | undefined, known: readonly string[]): { path: string[]; role: string }[] {
  if (oidc === undefined) return [];
  const named = [
    ...Object.entries(oidc.roleMap).map(([value, role]) => ({ path: ['roleMap', value], role })),
    ...(oidc.defaultRole === undefined ? [] : [{ path: ['defaultRole'], role: oidc.defaultRole }]),
  ];
  return named.filter((entry) => !known.includes(entry.role));
}

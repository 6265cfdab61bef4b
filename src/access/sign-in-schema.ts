// `access.users` in the configuration: password policy, lockout and session timeouts of signed-in
// users (users.ts, password-policy.ts, sessions.ts). The defaults follow common guidance (NIST SP
// 800-63B: length over composition rules, a deny-list of common passwords, limits on failed tries).
import { z } from 'zod';

export const passwordPolicySchema = z
  .object({
    /** Fewest characters a password may have. */
    minLength: z.number().int().min(8).max(256).default(12),
    /** Most bytes (UTF-8) a password may have: argon2 takes any length, the limit bounds the work per request. */
    maxBytes: z.number().int().min(64).max(4096).default(1024),
  })
  .strict()
  .refine((policy) => policy.minLength <= policy.maxBytes, { message: 'minLength must not exceed maxBytes' })
  .prefault({});

export const lockoutSchema = z
  .object({
    /** Failed sign-ins within windowSeconds that lock the user out; 0 switches the lockout off. */
    maxFailures: z.number().int().min(0).max(1000).default(5),
    windowSeconds: z.number().int().min(1).max(86_400).default(900),
    /** How long a locked-out user is refused, even with the right password. */
    lockoutSeconds: z.number().int().min(1).max(86_400).default(900),
  })
  .strict()
  .prefault({});

export const sessionLimitsSchema = z
  .object({
    /** A session unused this long ends. */
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** A session ends this long after its sign-in, however busy. */
    absoluteHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Sessions kept at most (memory bound): signing in past it ends the session used longest ago. */
    maxSessions: z.number().int().min(1).max(1_000_000).default(10_000),
  })
  .strict()
  .prefault({});

export const signInSchema = z
  .object({
    passwordPolicy: passwordPolicySchema,
    lockout: lockoutSchema,
    sessions: sessionLimitsSchema,
  })
  .strict()
  .prefault({});

export type SignInConfig = z.output<typeof signInSchema>;
/** What may be passed where a SignInConfig is wanted: any part left out takes its default. */
export type SignInSettings = z.input<typeof signInSchema>;
export type PasswordPolicy = SignInConfig['passwordPolicy'];
export type LockoutLimits = SignInConfig['lockout'];
export type SessionLimits = SignInConfig['sessions'];

/** The settings with every default filled in (the configuration loader does the same). */
export function signInConfigOf(settings: SignInSettings | undefined): SignInConfig {
  return signInSchema.parse(settings ?? {});
}

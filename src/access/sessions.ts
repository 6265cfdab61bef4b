// Server-side sessions of signed-in users: a random id in a `__Host-` cookie (Secure, HttpOnly,
// SameSite=Strict), idle and absolute timeouts, a CSRF token per session for state-changing
// requests, sign-out ends it. Only the id's hash is kept in memory.
//
// SCAFFOLD (issue 13): the users helper builds this; single sign-on (oidc.ts) creates sessions here.
import type { Grant } from './roles.ts';

export const SESSION_COOKIE = '__Host-logwarden-session';

export interface NewSession {
  /** The cookie value: shown once, to the browser. */
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

export class SessionStore {
  constructor(_config: unknown) {}

  /** A session for a user who just signed in (password or single sign-on). */
  create(_grant: Grant, _now: number): NewSession {
    throw new Error('sessions are not built yet');
  }

  /** The session's grant and CSRF token while it is valid; undefined once it ended or timed out. */
  authenticate(_id: string, _now: number): { grant: Grant; csrfToken: string } | undefined {
    return undefined;
  }

  end(_id: string): void {}
}

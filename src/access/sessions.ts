// Server-side sessions of signed-in users: a random 256-bit id in a `__Host-` cookie (Secure,
// HttpOnly, SameSite=Strict), idle and absolute timeouts (access.users.sessions), a CSRF token per
// session for state-changing requests; sign-out ends it. Only the id's SHA-256 is kept, so not
// even a heap dump hands out a usable cookie. Sessions live in memory: a restart signs everyone out.
//
// A local user's session keeps only the user's name: the auth hook reads the user's grant from the
// user store at every request, so a role change or a disable applies at once. A session created
// without `localUser` (single sign-on, whose grant comes from the provider's claims) keeps the
// grant it was created with until it ends.
import { createHash, randomBytes } from 'node:crypto';
import type { Grant } from './roles.ts';
import { signInConfigOf, type SessionLimits, type SignInSettings } from './sign-in-schema.ts';

export const SESSION_COOKIE = '__Host-logwarden-session';

export interface NewSession {
  /** The cookie value: shown once, to the browser. */
  readonly id: string;
  readonly csrfToken: string;
  /** When the session ends at the latest (absolute timeout); unused for idleMinutes, it ends earlier. */
  readonly expiresAt: number;
}

export interface SessionOptions {
  /** The grant is a local user's (users.ts): re-read from the user store at every request. */
  readonly localUser?: boolean;
}

export interface ActiveSession {
  readonly grant: Grant;
  readonly csrfToken: string;
  readonly localUser: boolean;
  /** The absolute end. */
  readonly expiresAt: number;
}

interface SessionState extends ActiveSession {
  lastUsed: number;
}

export class SessionStore {
  readonly #limits: SessionLimits;
  /** By SHA-256 of the id, in order of last use, oldest first (a Map keeps insertion order). */
  readonly #sessions = new Map<string, SessionState>();

  /** `config`: access.users (any part left out takes its default). */
  constructor(config: SignInSettings | undefined) {
    this.#limits = signInConfigOf(config).sessions;
  }

  get limits(): SessionLimits {
    return this.#limits;
  }

  /** Sessions held now (at most sessions.maxSessions). */
  get size(): number {
    return this.#sessions.size;
  }

  /** A session for a user who just signed in (password or single sign-on). */
  create(grant: Grant, now: number, options: SessionOptions = {}): NewSession {
    this.#sweep(now);
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = now + this.#limits.absoluteHours * 3_600_000;
    const { sessionId: _none, ...held } = grant;
    this.#sessions.set(hashOf(id), { grant: held, csrfToken, localUser: options.localUser === true, expiresAt, lastUsed: now });
    // Past the bound the session used longest ago ends: a flood of sign-ins cannot exhaust memory.
    while (this.#sessions.size > this.#limits.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value as string);
    return { id, csrfToken, expiresAt };
  }

  /** The session while it is valid (and now counts as used); undefined once it ended or timed out. */
  authenticate(id: string, now: number): ActiveSession | undefined {
    const key = hashOf(id);
    const state = this.#sessions.get(key);
    if (!state) return undefined;
    if (this.#expired(state, now)) {
      this.#sessions.delete(key);
      return undefined;
    }
    state.lastUsed = now;
    this.#sessions.delete(key);
    this.#sessions.set(key, state);
    const { lastUsed: _lastUsed, ...active } = state;
    return active;
  }

  end(id: string): void {
    this.#sessions.delete(hashOf(id));
  }

  /** End every session of the user `name` (disabled, password reset); returns how many ended. */
  endUser(name: string, options: { readonly except?: string } = {}): number {
    const kept = options.except === undefined ? undefined : hashOf(options.except);
    let ended = 0;
    for (const [key, state] of this.#sessions) {
      if (state.grant.kind !== 'user' || state.grant.name !== name || key === kept) continue;
      this.#sessions.delete(key);
      ended += 1;
    }
    return ended;
  }

  #expired(state: SessionState, now: number): boolean {
    return now >= state.expiresAt || now - state.lastUsed >= this.#limits.idleMinutes * 60_000;
  }

  /** Forget timed-out sessions (the oldest-used come first, so the walk stops at the first live one). */
  #sweep(now: number): void {
    for (const [key, state] of this.#sessions) {
      if (now - state.lastUsed < this.#limits.idleMinutes * 60_000) break;
      this.#sessions.delete(key);
    }
  }
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** What names a session in a principal and the audit trail: the id's SHA-256, which is no credential. */
export function sessionHandle(id: string): string {
  return hashOf(id);
}

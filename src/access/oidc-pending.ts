// Sign-ins under way at the provider: what the start step made (nonce, PKCE verifier, where to go
// after) kept server-side, keyed by the random state the browser carries there and back. Each is
// taken once (a replayed callback finds nothing), lives a few minutes, and their number is bounded
// because the start route is public: a flood of starts forgets the oldest, never grows memory. Pure.

export interface PendingSignIn {
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A same-origin path to send the browser to once signed in. */
  readonly returnTo: string;
  readonly expiresAt: number;
}

export interface PendingLimits {
  /** How long a sign-in may take at the provider. */
  readonly ttlMs: number;
  /** Sign-ins under way at most; the oldest is forgotten first. */
  readonly max: number;
}

export const DEFAULT_PENDING_LIMITS: PendingLimits = { ttlMs: 10 * 60_000, max: 10_000 };

export class PendingSignIns {
  readonly #limits: PendingLimits;
  /** Insertion order is start order, so the first key is the oldest. */
  readonly #byState = new Map<string, PendingSignIn>();

  constructor(limits: PendingLimits = DEFAULT_PENDING_LIMITS) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#byState.size;
  }

  add(state: string, pending: Omit<PendingSignIn, 'expiresAt'>, now: number): void {
    this.#dropExpired(now);
    while (this.#byState.size >= this.#limits.max) this.#byState.delete(this.#byState.keys().next().value as string);
    this.#byState.set(state, { ...pending, expiresAt: now + this.#limits.ttlMs });
  }

  /** The sign-in this state started, removed so it cannot be used again; undefined when unknown, used or expired. */
  take(state: string, now: number): PendingSignIn | undefined {
    const pending = this.#byState.get(state);
    if (pending === undefined) return undefined;
    this.#byState.delete(state);
    return pending.expiresAt > now ? pending : undefined;
  }

  /** Expired ones sit at the front (same TTL for all, added in time order): stop at the first live one. */
  #dropExpired(now: number): void {
    for (const [state, pending] of this.#byState) {
      if (pending.expiresAt > now) return;
      this.#byState.delete(state);
    }
  }
}

// Failed-authentication throttling per peer address, like fail2ban (R-ACCESS-1): `maxFailures`
// failures within `windowSeconds` lock the address out for `lockoutSeconds`, during which every
// request from it is refused, even one with a valid token, so a guesser cannot tell a hit from a
// miss while locked out. A success does not clear the count: interleaving a valid low-privilege
// token with guesses would otherwise reset it. Memory is bounded by `maxPeers`: the address
// touched longest ago is forgotten first. Pure: the caller passes the time in.

export interface AuthThrottleLimits {
  /** 0 switches throttling off. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockoutSeconds: number;
  readonly maxPeers: number;
}

interface PeerState {
  windowStart: number;
  failures: number;
  lockedUntil: number;
}

export class AuthThrottle {
  readonly #limits: AuthThrottleLimits;
  /** In order of last touch, oldest first (a Map keeps insertion order). */
  readonly #peers = new Map<string, PeerState>();

  constructor(limits: AuthThrottleLimits) {
    this.#limits = limits;
  }

  /** Whole seconds the peer is still locked out for, or 0 when it may try. */
  lockedFor(peer: string, now: number): number {
    const state = this.#peers.get(peer);
    if (!state || state.lockedUntil <= now) return 0;
    return Math.ceil((state.lockedUntil - now) / 1000);
  }

  /** Count one failure; true when this failure starts a lockout. */
  recordFailure(peer: string, now: number): boolean {
    if (this.#limits.maxFailures === 0) return false;
    const state = this.#touch(peer, now);
    if (now - state.windowStart >= this.#limits.windowSeconds * 1000) {
      state.windowStart = now;
      state.failures = 0;
    }
    state.failures += 1;
    if (state.failures < this.#limits.maxFailures) return false;
    state.lockedUntil = now + this.#limits.lockoutSeconds * 1000;
    state.failures = 0;
    state.windowStart = now;
    return true;
  }

  /** Addresses currently remembered (at most maxPeers). */
  get trackedPeers(): number {
    return this.#peers.size;
  }

  #touch(peer: string, now: number): PeerState {
    const state = this.#peers.get(peer) ?? { windowStart: now, failures: 0, lockedUntil: 0 };
    this.#peers.delete(peer);
    this.#peers.set(peer, state);
    while (this.#peers.size > this.#limits.maxPeers) {
      const oldest = this.#peers.keys().next().value as string;
      this.#peers.delete(oldest);
    }
    return state;
  }
}

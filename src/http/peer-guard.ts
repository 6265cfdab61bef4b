// Failed authentications counted per peer address (src/access/auth-throttle.ts), shared by the auth
// hook (tokens) and the sign-in route (passwords), so that guessing through either locks the
// address out of both. A lockout is counted in /metrics, logged and stored as a logwarden event
// (R-EVENTS-1: use of logwarden itself) for the shipped rule pack to find.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { AuthThrottle, type AuthThrottleLimits } from '../access/auth-throttle.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export interface PeerGuardDeps {
  readonly limits: AuthThrottleLimits;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly record?: RecordInternal | undefined;
}

export class PeerGuard {
  readonly #throttle: AuthThrottle;
  readonly #deps: PeerGuardDeps;

  constructor(deps: PeerGuardDeps) {
    this.#deps = deps;
    this.#throttle = new AuthThrottle(deps.limits);
  }

  /** Refuse (LW_TOO_MANY_REQUESTS) a peer that is locked out, whatever it presents. */
  refuseLockedOut(peer: string, now: number): void {
    const lockedFor = this.#throttle.lockedFor(peer, now);
    if (lockedFor <= 0) return;
    this.#deps.metrics.authThrottled.inc();
    throw new LogwardenError('LW_TOO_MANY_REQUESTS', `too many failed authentications from ${peer}: every request from it is refused for ${lockedFor} s more (http.authThrottle)`, {
      retryAfterSeconds: lockedFor,
    });
  }

  /** A failed password sign-in: counted in /metrics (reason `sign-in`) and against the peer. */
  failedSignIn(peer: string, now: number): void {
    this.#deps.metrics.authFailures.inc({ reason: 'sign-in' });
    this.failed(peer, now);
  }

  /** Count one failed authentication of the peer; the one that reaches the limit locks it out. */
  failed(peer: string, now: number): void {
    if (!this.#throttle.recordFailure(peer, now)) return;
    const { metrics, logger, limits } = this.#deps;
    metrics.authLockouts.inc();
    logger.warn({ peer, lockoutSeconds: limits.lockoutSeconds }, 'too many failed authentications: peer address locked out');
    this.#recordLockout(peer);
  }

  /** Not awaited: the refusal must not wait for a write, and the recorder logs its own failures. */
  #recordLockout(peer: string): void {
    const { maxFailures, windowSeconds, lockoutSeconds } = this.#deps.limits;
    const message = `${maxFailures} failed API authentications from ${peer} within ${windowSeconds} s: every request from it is refused for ${lockoutSeconds} s (http.authThrottle)`;
    void this.#deps.record?.('api-auth-locked-out', message, isIP(peer) === 0 ? {} : { 'source.ip': peer, 'related.ip': [peer] });
  }
}

/** The socket's peer address (no proxy headers are trusted), IPv4-mapped IPv6 written as IPv4. */
export function peerAddress(request: FastifyRequest): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

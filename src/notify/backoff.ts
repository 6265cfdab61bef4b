// The wait before the next try of a delivery: doubling from retry.firstDelay, at most
// retry.maxDelay, with jitter so that the notices a receiver's outage held back do not all come
// back at the same instant. Pure.
import type { NotificationsConfig } from './notifications-schema.ts';

export type RetryConfig = NotificationsConfig['retry'];

/**
 * The delay after the `failures`-th failed attempt (from 1): firstDelay · 2^(failures−1), capped at
 * maxDelay, then jittered to between half of it and all of it. `random` is in [0, 1).
 */
export function retryDelay(failures: number, retry: Pick<RetryConfig, 'firstDelay' | 'maxDelay'>, random: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const full = Math.min(retry.firstDelay * 2 ** exponent, retry.maxDelay);
  return Math.round(full / 2 + (full / 2) * Math.min(Math.max(random, 0), 1));
}

/**
 * The platform's limits for this endpoint, enforced the way a server does: 50 requests in any
 * second and 1000 in any minute per app. A sliding log of accepted requests; rejected requests
 * do not count.
 */

import { MESSAGE_ENDPOINT_LIMITS, type RateLimits } from '../feishu/limiter';

export type RateWindow = RateLimits['windows'][number];

/** The platform's own limits: the client paces to the same figures it is held to here. */
export const MESSAGE_RATE_LIMITS: readonly RateWindow[] = MESSAGE_ENDPOINT_LIMITS.windows;

export class SlidingWindowLimiter {
  private readonly windows: readonly RateWindow[];
  private readonly longest: number;
  /** Accepted request times, oldest first. */
  private log: number[] = [];
  private start = 0;

  constructor(windows: readonly RateWindow[] = MESSAGE_RATE_LIMITS) {
    this.windows = windows;
    this.longest = Math.max(...windows.map((w) => w.windowMs));
  }

  /** Accepts the request (and counts it), or says how long until it would be accepted. */
  tryAcquire(now: number): { ok: true } | { ok: false; limit: number; retryAfterMs: number } {
    while (this.start < this.log.length && this.log[this.start]! <= now - this.longest) this.start += 1;
    if (this.start > 4096) {
      this.log = this.log.slice(this.start);
      this.start = 0;
    }
    for (const window of this.windows) {
      const inWindow = this.countSince(now - window.windowMs);
      if (inWindow >= window.limit) {
        // The request that must leave the window before another fits.
        const oldest = this.log[this.log.length - window.limit]!;
        return { ok: false, limit: window.limit, retryAfterMs: oldest + window.windowMs - now };
      }
    }
    this.log.push(now);
    return { ok: true };
  }

  private countSince(after: number): number {
    // Binary search: the log is sorted by time.
    let lo = this.start;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.log.length - lo;
  }
}

import { KinroomError } from '../common/errors.js';
import type { RootFieldGuard } from './root-guards.js';

/**
 * A token bucket per signed-in user (or per anonymous caller), for mutations only: reads are cheap and bounded by the
 * operation limits, while a runaway script writing in a loop could bury a centre's record. The bucket refills
 * continuously; a full bucket allows a burst of `perMinute` changes.
 */
export class MutationRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; false when none is left. */
  take(key: string): boolean {
    const now = this.clock();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return true;
  }

  private forgetFull(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 60_000) * this.perMinute >= this.perMinute) this.buckets.delete(k);
    }
  }
}

/** Refuses a root mutation field when the caller's bucket is empty, on HTTP and WebSocket alike. */
export function mutationRateLimit(limiter: MutationRateLimiter): RootFieldGuard {
  return (_args, context, info) => {
    if (info.operation.operation === 'mutation' && !limiter.take(context.viewer?.userId ?? 'anonymous')) {
      throw new KinroomError(
        'RATE_LIMITED',
        'Too many changes in a short time: wait a minute and try again.',
      );
    }
  };
}

import { describe, expect, it } from 'vitest';
import { MutationRateLimiter } from './rate-limit.js';

describe('the mutation rate limiter', () => {
  it('allows a burst of the per-minute allowance, then refuses until it refills', () => {
    let now = 0;
    const limiter = new MutationRateLimiter(6, () => now);
    const burst = Array.from({ length: 7 }, () => limiter.take('u1'));
    expect(burst).toEqual([true, true, true, true, true, true, false]);
    now += 10_000; // a sixth of a minute refills one change
    expect(limiter.take('u1')).toBe(true);
    expect(limiter.take('u1')).toBe(false);
  });

  it('keeps a separate allowance for each user', () => {
    const limiter = new MutationRateLimiter(1, () => 0);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
  });
});

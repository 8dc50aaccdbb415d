import { afterEach, describe, expect, it, vi } from 'vitest';
import { signToken, TOKEN_LIFETIME_SECONDS, verifyToken } from './tokens.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const CLAIMS = { userId: 'u-1', councilId: 'c-1', role: 'centre_manager' as const };

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('a signed token', () => {
  it('is good when the clock ticks into the next second while it is being signed', async () => {
    // The token is stamped at 11:59:59.999; by the time its lifetime is written the clock reads 12:00:00.5.
    vi.useFakeTimers({ now: new Date('2026-12-07T12:00:00.500Z'), toFake: ['Date'] });
    vi.spyOn(Date, 'now').mockReturnValueOnce(Date.parse('2026-12-07T11:59:59.999Z'));
    const token = await signToken(CLAIMS, SECRET);
    const check = await verifyToken(token, SECRET);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect((check.expiresAt.getTime() - check.issuedAt.getTime()) / 1000).toBeLessThanOrEqual(
        TOKEN_LIFETIME_SECONDS,
      );
    }
  });
});

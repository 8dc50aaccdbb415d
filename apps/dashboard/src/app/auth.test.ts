import { BoardCentresDocument } from '@kinroom/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A session ends on its own when its token expires or the API refuses it, and the sign-in page says so. */

const session = (expiresInMs: number) => ({
  token: 't-1',
  expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  user: { id: 'u1', name: 'Priya Shah', role: 'CENTRE_MANAGER' as const },
});

beforeEach(() => {
  sessionStorage.clear();
  vi.resetModules();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the session', () => {
  it('ends when its token expires, and is remembered as expired across a reload', async () => {
    vi.useFakeTimers();
    const { auth, setSession } = await import('./auth');
    setSession(session(60_000));
    expect(auth.session?.user.name).toBe('Priya Shah');
    vi.advanceTimersByTime(60_001);
    expect(auth.session).toBeNull();
    expect(auth.ended).toBe('expired');
    vi.resetModules();
    const reloaded = await import('./auth');
    expect(reloaded.auth.ended).toBe('expired');
    reloaded.setSession(session(60_000));
    expect(reloaded.auth.ended).toBeNull();
  });

  it('found expired in the tab when it opens, is not restored, and the sign-in page will say so', async () => {
    sessionStorage.setItem('kinroom.session', JSON.stringify(session(-1_000)));
    const { auth } = await import('./auth');
    expect(auth.session).toBeNull();
    expect(auth.ended).toBe('expired');
  });

  it('ends when the API refuses its token (UNAUTHENTICATED), but not for another refusal', async () => {
    sessionStorage.setItem('kinroom.session', JSON.stringify(session(3_600_000)));
    const { auth } = await import('./auth');
    const { apollo } = await import('./apollo');
    let code = 'FORBIDDEN';
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ errors: [{ message: 'no', extensions: { code } }] }), {
          status: code === 'UNAUTHENTICATED' ? 401 : 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await apollo.query({ query: BoardCentresDocument }).catch(() => null);
    expect(auth.session).not.toBeNull();
    code = 'UNAUTHENTICATED';
    await apollo.query({ query: BoardCentresDocument }).catch(() => null);
    expect(auth.session).toBeNull();
    expect(auth.ended).toBe('expired');
  });
});

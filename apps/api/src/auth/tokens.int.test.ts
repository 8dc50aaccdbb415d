import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { httpGql, wsConnect, wsFirst } from '../../test/hardening/transport.js';
import { signToken, TOKEN_LIFETIME_SECONDS } from './tokens.js';

/**
 * A token is good for at most the lifetime Kinroom issues (12 hours), whoever signed it: one claiming to live longer,
 * or not saying when it was issued, is refused on HTTP and WebSocket alike, even with a good signature.
 */

let api: TestApi;
let claims: { sub: string; cid: string; role: string };

beforeAll(async () => {
  api = await startTestApi();
  const m = (await api.db.sql('select id, council_id, role from staff_user where email = $1', [DEMO.manager]))
    .rows[0] as { id: string; council_id: string; role: string };
  claims = { sub: m.id, cid: m.council_id, role: m.role };
});
afterAll(() => api.close());

const now = () => Math.floor(Date.now() / 1000);

function minted(o: { iat?: number | null; exp: number }): Promise<string> {
  const jwt = new SignJWT({ cid: claims.cid, role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer('kinroom')
    .setAudience('kinroom-api')
    .setExpirationTime(o.exp);
  if (o.iat !== null) jwt.setIssuedAt(o.iat ?? now());
  return jwt.sign(new TextEncoder().encode(api.config.jwtSecret));
}

async function refusedEverywhere(token: string): Promise<void> {
  const http = await httpGql(api.url, token, `{ me { name } }`);
  expect(http.status, http.raw).toBe(401);
  expect(http.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const socket = wsConnect(api.url, token);
  try {
    const ws = wsFirst(socket, `{ me { name } }`);
    expect((await ws.answer).closeCode).toBe(4403);
  } finally {
    await socket.dispose();
  }
}

describe('a token’s lifetime', () => {
  it('is accepted up to the lifetime Kinroom issues', async () => {
    const token = await minted({ exp: now() + TOKEN_LIFETIME_SECONDS });
    const http = await httpGql(api.url, token, `{ me { name } }`);
    expect(http.data, http.raw).toEqual({ me: { name: 'Priya Shah' } });
  });

  it('is refused when it claims to live longer, however good its signature', async () => {
    // The year 5138.
    await refusedEverywhere(await minted({ exp: 99_999_999_999 }));
    await refusedEverywhere(await minted({ exp: now() + TOKEN_LIFETIME_SECONDS + 60 }));
  });

  it('is refused when it does not say when it was issued, or says a time to come', async () => {
    await refusedEverywhere(await minted({ iat: null, exp: now() + 3600 }));
    await refusedEverywhere(await minted({ iat: now() + 3600, exp: now() + 7200 }));
  });

  it('cannot be issued for longer', async () => {
    await expect(
      signToken(
        { userId: claims.sub, councilId: claims.cid, role: 'centre_manager' },
        api.config.jwtSecret,
        86_400,
      ),
    ).rejects.toThrow(RangeError);
  });
});

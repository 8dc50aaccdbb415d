import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { httpGql, wsConnect, wsFirst } from '../../test/hardening/transport.js';
import { loadConfig } from '../config/config.js';
import { createKinroomServer, type KinroomServer } from '../server/app.js';
import { signToken, type TokenClaims } from './tokens.js';

/**
 * Rotating JWT_SECRET without signing everyone out (docs/operations.md "Rotate secrets"): a server given the new secret
 * and the old one in KINROOM_JWT_VERIFY_SECRETS signs with the new one and still accepts tokens signed with the old;
 * once the old one is no longer listed, its tokens are refused, even one the process accepted a moment before.
 */

const OLD = 'the-secret-before-the-rotation-0123456789';
const NEW = 'the-secret-after-the-rotation-9876543210';

let api: TestApi;
let claims: TokenClaims;
let withoutOld: KinroomServer;
let withoutOldUrl: string;

beforeAll(async () => {
  api = await startTestApi({ env: { JWT_SECRET: NEW, KINROOM_JWT_VERIFY_SECRETS: OLD } });
  const m = (await api.db.sql('select id, council_id, role from staff_user where email = $1', [DEMO.manager]))
    .rows[0] as { id: string; council_id: string; role: TokenClaims['role'] };
  claims = { userId: m.id, councilId: m.council_id, role: m.role };
  // A second process on the same database whose rotation is over: the old secret is gone from its configuration.
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', KINROOM_LOG_LEVEL: 'error', JWT_SECRET: NEW });
  withoutOld = await createKinroomServer(config, api.db.orm);
  withoutOldUrl = `http://127.0.0.1:${await withoutOld.listen()}`;
});
afterAll(async () => {
  await withoutOld?.close();
  await api?.close();
});

describe('rotating the token secret', () => {
  it('accepts a token signed with a secret still listed to verify, on HTTP and WebSocket', async () => {
    const token = await signToken(claims, OLD);
    const http = await httpGql(api.url, token, `{ me { name } }`);
    expect(http.data, http.raw).toEqual({ me: { name: 'Priya Shah' } });
    const socket = wsConnect(api.url, token);
    try {
      const ws = await wsFirst(socket, `{ me { name } }`).answer;
      expect(ws.data, ws.raw).toEqual({ me: { name: 'Priya Shah' } });
    } finally {
      await socket.dispose();
    }
  });

  it('signs new sign-ins with the new secret only', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const key = (s: string) => new TextEncoder().encode(s);
    await expect(jwtVerify(token, key(NEW))).resolves.toBeTruthy();
    await expect(jwtVerify(token, key(OLD))).rejects.toThrow();
  });

  it('refuses the old secret’s tokens once it is no longer listed, even one accepted a moment before', async () => {
    const token = await signToken(claims, OLD);
    expect((await httpGql(api.url, token, `{ me { name } }`)).data).toEqual({ me: { name: 'Priya Shah' } });
    const refused = await httpGql(withoutOldUrl, token, `{ me { name } }`);
    expect(refused.status, refused.raw).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await httpGql(withoutOldUrl, await api.tokenFor(DEMO.manager), `{ me { name } }`);
    expect(fresh.data, fresh.raw).toEqual({ me: { name: 'Priya Shah' } });
  });

  it('refuses a verify secret shorter than a signing secret may be, naming the variable', () => {
    expect(() => loadConfig({ JWT_SECRET: NEW, KINROOM_JWT_VERIFY_SECRETS: `${OLD},short` })).toThrow(
      /KINROOM_JWT_VERIFY_SECRETS must be secrets of at least 32 characters/,
    );
  });
});

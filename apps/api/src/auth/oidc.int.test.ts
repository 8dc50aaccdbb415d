import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { startOidcProvider, type OidcProvider } from '../../test/oidc.js';
import { sleep } from '../../test/ws.js';

/**
 * Signing in through the council's identity provider: a real provider process (test/oidc-provider.ts) publishes
 * its keys; the API fetches them over HTTP, checks each ID token and finds the Kinroom account.
 */

let provider: OidcProvider;
let api: TestApi;

const SIGN_IN = `mutation($t: String!, $n: String!) {
  signInWithOidc(idToken: $t, nonce: $n) { token expiresAt user { id name role } }
}`;
const ME = `query { me { id name role } }`;

/** The manager's account, bound to a subject by the test that needs it. */
const managerSubject = `entra-${randomUUID()}`;

beforeAll(async () => {
  provider = await startOidcProvider({ accounts: [] });
  api = await startTestApi({
    env: { KINROOM_OIDC_ISSUER: provider.issuer, KINROOM_OIDC_CLIENT_ID: provider.clientId },
  });
  await api.db.sql('update staff_user set oidc_subject = $1 where email = $2', [
    managerSubject,
    DEMO.manager,
  ]);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await provider?.stop();
});

interface SignedIn {
  signInWithOidc: { token: string; expiresAt: string; user: { id: string; name: string; role: string } };
}

async function signIn(idToken: string, nonce = 'n-1') {
  return api.gql<SignedIn>(null, SIGN_IN, { t: idToken, n: nonce });
}

async function refusal(idToken: string, nonce = 'n-1') {
  const r = await signIn(idToken, nonce);
  expect(r.data?.signInWithOidc ?? null).toBeNull();
  return { code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message ?? '', r };
}

describe('signInOptions', () => {
  it('tells the sign-in screen which buttons to show', async () => {
    const r = await api.gql(null, `query { signInOptions { oidc { issuer clientId scopes } demo } }`);
    expect(r.data).toEqual({
      signInOptions: {
        oidc: { issuer: provider.issuer, clientId: provider.clientId, scopes: 'openid email profile' },
        demo: true,
      },
    });
  });
});

describe('signInWithOidc', () => {
  it('signs the account bound to the subject in, with Kinroom’s role, not the token’s', async () => {
    const idToken = await provider.signIdToken({ sub: managerSubject, nonce: 'n-1', role: 'admin' });
    const r = await signIn(idToken);
    expect(r.errors).toBeUndefined();
    const s = r.data!.signInWithOidc;
    expect(s.user).toMatchObject({ name: 'Priya Shah', role: 'CENTRE_MANAGER' });
    const hours = (Date.parse(s.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const me = await api.gql<{ me: { name: string } }>(s.token, ME);
    expect(me.data?.me.name).toBe('Priya Shah');
    const log = await api.db.sql(
      `select action, via from change_log where record_id = $1 and action = 'signed_in'`,
      [s.user.id],
    );
    expect(log.rows).toContainEqual({ action: 'signed_in', via: 'sign_in' });
  });

  it('refuses a token of another issuer, an expired one, one for another audience, and a wrong nonce', async () => {
    const other = await refusal(
      await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }, { issuer: 'https://login.example' }),
    );
    expect(other).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(other.message).toMatch(/another identity provider/);

    const past = Math.floor(Date.now() / 1000) - 400;
    const expired = await refusal(
      await provider.signIdToken(
        { sub: managerSubject, nonce: 'n-1' },
        { issuedAt: past, expiresAt: past + 60 },
      ),
    );
    expect(expired).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(expired.message).toMatch(/expired/);

    const old = Math.floor(Date.now() / 1000) - 11 * 60;
    const tooOld = await refusal(
      await provider.signIdToken(
        { sub: managerSubject, nonce: 'n-1' },
        { issuedAt: old, expiresAt: old + 3600 },
      ),
    );
    expect(tooOld).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(tooOld.message).toMatch(/too old/);

    const audience = await refusal(
      await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }, { audience: 'another-app' }),
    );
    expect(audience).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(audience.message).toMatch(/another application/);

    const nonce = await refusal(await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }), 'n-2');
    expect(nonce).toMatchObject({ code: 'UNAUTHENTICATED' });

    const foreign = await refusal(
      await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }, { key: 'foreign' }),
    );
    expect(foreign).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(foreign.message).toMatch(/not signed by a key/);
  });

  it('refuses a token signed with a shared secret (HS256), whatever it claims', async () => {
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({ sub: managerSubject, nonce: 'n-1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setAudience(provider.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(provider.clientId.padEnd(32, 'x')));
    expect(await refusal(forged)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers NO_ACCOUNT for an identity nobody in Kinroom has, saying who signed in', async () => {
    const sub = `unknown-${randomUUID()}`;
    const r = await refusal(
      await provider.signIdToken({
        sub,
        nonce: 'n-1',
        email: 'new.person@coxford.example',
        email_verified: true,
      }),
    );
    expect(r.code).toBe('NO_ACCOUNT');
    expect(r.message).toMatch(/new\.person@coxford\.example but have no Kinroom account yet/);
    expect(r.r.errors?.[0]?.extensions).toMatchObject({ email: 'new.person@coxford.example', subject: sub });
  });

  it('binds an invited account by email only when the provider verified the email', async () => {
    const email = `invited-${randomUUID()}@coxford.example`;
    const council = (await api.db.sql(`select council_id from staff_user where email = $1`, [DEMO.admin]))
      .rows[0] as { council_id: string };
    await api.db.sql(
      `insert into staff_user (id, council_id, name, email, role) values ($1, $2, 'Ivy Invited', $3, 'social_worker')`,
      [randomUUID(), council.council_id, email],
    );
    const sub = `google-${randomUUID()}`;

    const unverified = await refusal(
      await provider.signIdToken({ sub, nonce: 'n-1', email, email_verified: false }),
    );
    expect(unverified.code).toBe('NO_ACCOUNT');

    const ok = await signIn(await provider.signIdToken({ sub, nonce: 'n-1', email, email_verified: true }));
    expect(ok.data?.signInWithOidc.user.name).toBe('Ivy Invited');
    const row = (await api.db.sql('select oidc_subject from staff_user where email = $1', [email])).rows[0];
    expect(row).toEqual({ oidc_subject: sub });

    // Afterwards only the subject counts: another subject with the same verified email is nobody.
    const other = await refusal(
      await provider.signIdToken({ sub: `other-${randomUUID()}`, nonce: 'n-1', email, email_verified: true }),
    );
    expect(other.code).toBe('NO_ACCOUNT');
    // And the bound subject signs in even when the provider no longer sends the email.
    const again = await signIn(await provider.signIdToken({ sub, nonce: 'n-1' }));
    expect(again.data?.signInWithOidc.user.name).toBe('Ivy Invited');
  });

  it('signs both in when one person’s first two sign-ins arrive at once', async () => {
    const email = `twice-${randomUUID()}@coxford.example`;
    const council = (await api.db.sql(`select council_id from staff_user where email = $1`, [DEMO.admin]))
      .rows[0] as { council_id: string };
    await api.db.sql(
      `insert into staff_user (id, council_id, name, email, role) values ($1, $2, 'Tess Twice', $3, 'social_worker')`,
      [randomUUID(), council.council_id, email],
    );
    const sub = `entra-${randomUUID()}`;
    const token = () => provider.signIdToken({ sub, nonce: 'n-1', email, email_verified: true });
    const both = await Promise.all([signIn(await token()), signIn(await token()), signIn(await token())]);
    for (const r of both) expect(r.data?.signInWithOidc.user.name).toBe('Tess Twice');
  });

  it('refuses a deactivated account', async () => {
    const email = `leaver-${randomUUID()}@coxford.example`;
    const sub = `entra-${randomUUID()}`;
    const council = (await api.db.sql(`select council_id from staff_user where email = $1`, [DEMO.admin]))
      .rows[0] as { council_id: string };
    await api.db.sql(
      `insert into staff_user (id, council_id, name, email, role, active, oidc_subject)
       values ($1, $2, 'Lou Leaver', $3, 'social_worker', false, $4)`,
      [randomUUID(), council.council_id, email, sub],
    );
    const r = await refusal(await provider.signIdToken({ sub, nonce: 'n-1' }));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toMatch(/deactivated/);
  });

  it('follows the provider’s key rotation without a restart, and refuses the retired key', async () => {
    // The keys were fetched by the tests above; the provider now publishes a new key and no longer the old one.
    await provider.restartWithNewKeys();
    await sleep(2_100); // the shortest time between two fetches of the keys (auth/oidc.ts)
    const fresh = await signIn(await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }));
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.signInWithOidc.user.name).toBe('Priya Shah');
    const retired = await refusal(
      await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }, { key: 'previous' }),
    );
    expect(retired).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('signOut', () => {
  it('refuses the old token on HTTP at once, closes its socket, and lets a new sign-in work', async () => {
    const first = await signIn(await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }));
    const token = first.data!.signInWithOidc.token;
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    await new Promise<void>((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
      ws.on('message', (d) => {
        if ((JSON.parse(String(d)) as { type: string }).type === 'connection_ack') resolve();
      });
    });

    const out = await api.gql<{ signOut: boolean }>(token, 'mutation { signOut }');
    expect(out.data?.signOut).toBe(true);
    const after = await api.gql(token, ME);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.errors?.[0]?.message).toMatch(/signed out/);
    expect(await Promise.race([closed, sleep(6_000).then(() => 'still open')])).toBe(4403);

    const next = await signIn(await provider.signIdToken({ sub: managerSubject, nonce: 'n-1' }));
    const me = await api.gql<{ me: { name: string } }>(next.data!.signInWithOidc.token, ME);
    expect(me.data?.me.name).toBe('Priya Shah');
  });

  it('ends the development sign-in’s tokens too', async () => {
    const r = await api.gql<{ signInAsDemoUser: { token: string } }>(
      null,
      'mutation($e: String!) { signInAsDemoUser(email: $e) { token } }',
      { e: DEMO.socialWorker1 },
    );
    const token = r.data!.signInAsDemoUser.token;
    const out = await api.gql(token, 'mutation { signOut }');
    expect(out.errors).toBeUndefined();
    expect(out.data).toEqual({ signOut: true });
    expect((await api.gql(token, ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

/**
 * What ends or narrows a sign-in through Kinroom closes that person's open sockets at once, on every process: the
 * change is announced through the event outbox (auth/access-change.ts). The periodic recheck is made an hour long
 * here, so a socket that closes was closed by the announcement alone.
 */

let api: TestApi;
let admin: string;
let coxford: string;

const sql = async (text: string, params: unknown[] = []) => (await api.db.sql(text, params)).rows;

beforeAll(async () => {
  api = await startTestApi({ accessRecheckMs: 3_600_000 });
  admin = await api.tokenFor(DEMO.admin);
  coxford = (await sql(`select id from centre where name like 'Coxford Road%'`))[0].id as string;
}, 60_000);
afterAll(() => api?.close());

/** A signed-in socket, and the close code it ends with. */
async function openSocket(token: string): Promise<{ closed: Promise<number>; ws: WebSocket }> {
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('message', (d) => {
      if ((JSON.parse(String(d)) as { type: string }).type === 'connection_ack') resolve();
    });
    void closed.then((c) => reject(new Error(`closed before it was acknowledged (${c})`)));
  });
  return { closed, ws };
}

async function invite(name: string, role: string): Promise<{ id: string; token: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@coxford.example`;
  const r = await api.gql<{ inviteStaff: { id: string } }>(
    admin,
    `mutation($i: InviteStaffInput!) { inviteStaff(input: $i) { id } }`,
    { i: { name, email, role, centreId: role === 'SOCIAL_WORKER' ? null : coxford } },
  );
  expect(r.errors).toBeUndefined();
  return { id: r.data!.inviteStaff.id, token: await api.tokenFor(email) };
}

describe('closing sockets at once', () => {
  it('when an admin deactivates someone', async () => {
    const person = await invite('Ivy Leaving', 'SUPERVISOR');
    const { closed } = await openSocket(person.token);
    const r = await api.gql(admin, `mutation($id: ID!) { deactivateStaff(id: $id) { active } }`, {
      id: person.id,
    });
    expect(r.errors).toBeUndefined();
    expect(await closed).toBe(4403);
  });

  it('when an admin gives someone another role', async () => {
    const person = await invite('Ray Moving', 'SUPERVISOR');
    const { closed } = await openSocket(person.token);
    const r = await api.gql(
      admin,
      `mutation($id: ID!, $i: UpdateStaffInput!) { updateStaff(id: $id, input: $i) { role } }`,
      { id: person.id, i: { role: 'SOCIAL_WORKER', clearCentre: true } },
    );
    expect(r.errors).toBeUndefined();
    expect(await closed).toBe(4403);
  });

  it('when someone signs out (on another device)', async () => {
    const person = await invite('Sol Away', 'SOCIAL_WORKER');
    const { closed } = await openSocket(person.token);
    const r = await api.gql(await api.tokenFor('sol.away@coxford.example'), `mutation { signOut }`);
    expect(r.errors).toBeUndefined();
    expect(await closed).toBe(4403);
  });

  it('when an admin revokes the API key a socket signed in with', async () => {
    const made = await api.gql<{ createApiKey: { secret: string; key: { id: string } } }>(
      admin,
      `mutation($i: ApiKeyInput!) { createApiKey(input: $i) { secret key { id } } }`,
      { i: { name: 'Case system sync', scopes: ['READ'] } },
    );
    expect(made.errors).toBeUndefined();
    const { secret, key } = made.data!.createApiKey;
    const { closed } = await openSocket(secret);
    const r = await api.gql(admin, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, {
      id: key.id,
    });
    expect(r.errors).toBeUndefined();
    expect(await closed).toBe(4403);
  });

  it('but not when someone keeps who they are (a new name): their socket stays open', async () => {
    const person = await invite('Nell Same', 'SUPERVISOR');
    const { closed, ws } = await openSocket(person.token);
    const r = await api.gql(
      admin,
      `mutation($id: ID!, $i: UpdateStaffInput!) { updateStaff(id: $id, input: $i) { name } }`,
      { id: person.id, i: { name: 'Nell Same-Kerr' } },
    );
    expect(r.errors).toBeUndefined();
    // Another person's deactivation is announced after the rename; once that closes its socket, this one was judged.
    const other = await invite('Ona Gone', 'SUPERVISOR');
    const second = await openSocket(other.token);
    await api.gql(admin, `mutation($id: ID!) { deactivateStaff(id: $id) { active } }`, { id: other.id });
    expect(await second.closed).toBe(4403);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await closed;
  });
});

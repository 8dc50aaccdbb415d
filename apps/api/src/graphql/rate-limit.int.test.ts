import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { collect, wsClient } from '../../test/ws.js';
import { openOrm, type Orm } from '../db/orm.js';
import { createKinroomServer, type KinroomServer } from '../server/app.js';
import { SharedMutationAllowance } from './rate-limit.js';

const PER_MINUTE = 5;
let api: TestApi;
let manager: string;
let supervisor: string;
let socialWorker: string;
/** A second server, with an ORM and pool of its own, on the same database: another process as far as counts go. */
let otherOrm: Orm;
let other: KinroomServer;
let otherUrl: string;

const CANCEL = `mutation { cancelSession(input: { sessionId: "00000000-0000-0000-0000-000000000000", expectedVersion: 1, reason: CHILD_ILL }) { id } }`;

async function codeAt(url: string, token: string): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CANCEL }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_MUTATIONS_PER_MINUTE: String(PER_MINUTE) } });
  // Signing in is itself a mutation: three sign-ins leave two anonymous changes for this minute.
  manager = await api.tokenFor(DEMO.manager);
  supervisor = await api.tokenFor(DEMO.supervisor1);
  socialWorker = await api.tokenFor(DEMO.socialWorker1);
  otherOrm = await openOrm(api.db.url);
  other = await createKinroomServer(api.config, otherOrm);
  otherUrl = `http://127.0.0.1:${await other.listen()}`;
});
afterAll(async () => {
  await other.close();
  await otherOrm.close(true);
  await api.close();
});

describe('rate limits per token on mutations', () => {
  it(`allows ${PER_MINUTE} changes a minute per user and refuses the next with RATE_LIMITED, on HTTP and WebSocket`, async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < PER_MINUTE - 1; i++)
      codes.push((await api.gql(manager, CANCEL)).errors?.[0]?.extensions?.code);
    expect(codes).toEqual(Array(PER_MINUTE - 1).fill('NOT_FOUND'));
    const c = wsClient(api.url, manager);
    const viaWs = collect(c, CANCEL);
    await expect(viaWs.waitFor(1, 5000)).rejects.toThrow(/NOT_FOUND/);
    const overWs = collect(c, CANCEL);
    await expect(overWs.waitFor(1, 5000)).rejects.toThrow(/RATE_LIMITED/);
    expect((await api.gql(manager, CANCEL)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    await c.dispose();
  });

  it('does not limit another user, nor reads', async () => {
    expect((await api.gql(supervisor, CANCEL)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(manager, '{ serverStatus { status } }')).errors).toBeUndefined();
  });

  it('is one allowance for every server on the database, not one per server', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < PER_MINUTE; i++)
      codes.push(await codeAt(i % 2 === 0 ? api.url : otherUrl, socialWorker));
    // A social worker may not cancel a session: refused after the allowance is counted, as any change is.
    expect(codes).toEqual(Array(PER_MINUTE).fill('FORBIDDEN'));
    // Each server has seen fewer than the allowance, yet both refuse: the count is the database's.
    expect(await codeAt(otherUrl, socialWorker)).toBe('RATE_LIMITED');
    expect(await codeAt(api.url, socialWorker)).toBe('RATE_LIMITED');
  });
});

describe('the allowances kept in the database', () => {
  it('are swept once their minute is over, so that the table does not grow with every caller ever seen', async () => {
    await api.db.sql(
      `insert into mutation_allowance (key, points, expire) values ('mutations:gone', 3, $1), ('mutations:current', 1, $2)`,
      [Date.now() - 1_000, Date.now() + 60_000],
    );
    const allowance = new SharedMutationAllowance(api.db.orm, PER_MINUTE);
    try {
      expect(await allowance.sweep()).toBeGreaterThanOrEqual(1);
    } finally {
      allowance.close();
    }
    const keys = (await api.db.sql('select key from mutation_allowance')).rows.map((r) => r.key as string);
    expect(keys).not.toContain('mutations:gone');
    expect(keys).toContain('mutations:current');
  });
});

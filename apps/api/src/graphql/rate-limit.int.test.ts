import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { collect, wsClient } from '../../test/ws.js';

const PER_MINUTE = 5;
let api: TestApi;
let manager: string;
let supervisor: string;

const CANCEL = `mutation { cancelSession(input: { sessionId: "00000000-0000-0000-0000-000000000000", expectedVersion: 1, reason: CHILD_ILL }) { id } }`;

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_MUTATIONS_PER_MINUTE: String(PER_MINUTE) } });
  // Signing in is itself a mutation: two sign-ins leave three anonymous changes for this minute.
  manager = await api.tokenFor(DEMO.manager);
  supervisor = await api.tokenFor(DEMO.supervisor1);
});
afterAll(() => api.close());

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
});

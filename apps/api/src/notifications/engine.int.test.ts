import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { loadConfig } from '../config/config.js';

/**
 * The engine inside the API process: on in a deployment, off in the API's tests unless a test turns it on; with no
 * way out configured (the demo), what a change calls for is still planned and recorded, as not sent.
 */

let api: TestApi;

const RAISE = `mutation($i: RaiseFlagInput!) { raiseFlag(input: $i) { id } }`;

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_MESSAGE_ENGINE: 'true' } });
});
afterAll(() => api.close());

describe('the message engine in the API process', () => {
  it('is on unless NODE_ENV is test, where a test turns it on', () => {
    expect(loadConfig({}).messageEngine).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).messageEngine).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', KINROOM_MESSAGE_ENGINE: 'true' }).messageEngine).toBe(true);
    expect(api.server.messages).not.toBeNull();
  });

  it('with no channel configured, records the message a change calls for as not sent', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const child = (
      await api.db.sql(
        `select cc.child_id from child_case cc join staff_user u on u.id = cc.social_worker_id
          where cc.closed_at is null and u.email is not null
            and exists (select 1 from contact_agreement a join centre c on c.id = a.centre_id
                         where a.child_id = cc.child_id and c.name like 'Coxford Road%')
          limit 1`,
      )
    ).rows[0].child_id as string;
    const raised = await api.gql<{ raiseFlag: { id: string } }>(token, RAISE, {
      i: { childId: child, category: 'NEGLECT', severity: 'LOW', description: 'Arrived hungry.' },
    });
    expect(raised.errors).toBeUndefined();
    const flagId = raised.data!.raiseFlag.id;
    const deadline = Date.now() + 120_000;
    let rows: { purpose: string; status: string; not_sent_reason: string | null }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      rows = (
        await api.db.sql('select purpose, status, not_sent_reason from message where flag_id = $1', [flagId])
      ).rows;
    }
    expect(rows).toEqual([
      { purpose: 'flag_raised_social_worker', status: 'not_sent', not_sent_reason: 'channel_not_configured' },
    ]);
  });

  it('tells the centre’s manager on the desk how many messages are not going out, never listing them as failures', async () => {
    const token = await api.tokenFor(DEMO.manager);
    const centreId = (await api.db.sql('select centre_id from staff_user where email = $1', [DEMO.manager]))
      .rows[0].centre_id as string;
    const DESK = `query($c: ID!) { centreMessagesNotSetUp(centreId: $c) centreMessageFailures(centreId: $c) { id notSentReason } }`;
    const notSent = async () =>
      (
        await api.db.sql(
          `select count(*)::int as n from message
            where centre_id = $1 and status = 'not_sent' and not_sent_reason = 'channel_not_configured'`,
          [centreId],
        )
      ).rows[0].n as number;
    const desk = await api.gql<{
      centreMessagesNotSetUp: number;
      centreMessageFailures: { id: string; notSentReason: string | null }[];
    }>(token, DESK, { c: centreId });
    expect(desk.errors).toBeUndefined();
    // The flag raised above at least: the count is every such message of the centre, and none is a failure to chase.
    expect(desk.data!.centreMessagesNotSetUp).toBeGreaterThan(0);
    expect(desk.data!.centreMessagesNotSetUp).toBe(await notSent());
    expect(desk.data!.centreMessageFailures.map((m) => m.notSentReason)).not.toContain(
      'CHANNEL_NOT_CONFIGURED',
    );

    // Another centre's manager is not told of this one's.
    const other = await api.tokenFor(DEMO.otherManager);
    const refused = await api.gql(other, `query($c: ID!) { centreMessagesNotSetUp(centreId: $c) }`, {
      c: centreId,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

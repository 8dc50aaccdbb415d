import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { loadConfig } from '../config/config.js';
import { messageRowsOnceAny, raiseFlagThroughApi } from '../../test/messages.js';

/**
 * The engine inside the API process: on in a deployment, off in the API's tests unless a test turns it on; with no
 * way out configured (the demo), what a change calls for is still planned and recorded, as not sent.
 */

let api: TestApi;

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
    const flagId = await raiseFlagThroughApi(api);
    const rows = (await messageRowsOnceAny(api.db, 'flag_id = $1', [flagId])).map(
      ({ purpose, status, not_sent_reason }) => ({ purpose, status, not_sent_reason }),
    );
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

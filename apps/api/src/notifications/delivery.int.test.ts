import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { startNotifyEndpoint, type NotifyTestEndpoint } from '../../test/support/mail-servers.js';
import type { Channels } from './channel.js';
import { channelsFromConfig } from './channels/index.js';
import { MessageEngine } from './engine.js';
import { MESSAGE_QUEUES, newBoss } from './queue.js';

/**
 * A family's cancellation message, from the cancellation to its delivery report: once GOV.UK Notify says it reached
 * them, the session shows that the family was told, when, and that Kinroom's own message told them.
 */

let api: TestApi;
let notify: NotifyTestEndpoint;
let channels: Channels;
let engine: MessageEngine;
let manager: string;

const CANCEL = `mutation($input: CancelSessionInput!) { cancelSession(input: $input) { id version } }`;
const READ = `query($id: ID!) { session(id: $id) {
  status familyInformedVia cancellation { familyInformedAt }
  messages { id purpose status deliveredAt } } }`;

interface Read {
  session: {
    status: string;
    familyInformedVia: string | null;
    cancellation: { familyInformedAt: string | null };
    messages: { id: string; purpose: string; status: string; deliveredAt: string | null }[];
  };
}

async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`still not as expected: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  api = await startTestApi();
  manager = await api.tokenFor(DEMO.manager);
  await api.db.sql('update message_cursor set last_event_id = (select coalesce(max(id), 0) from event)');
  notify = await startNotifyEndpoint();
  channels = channelsFromConfig({
    smtp: null,
    notify: { baseUrl: notify.baseUrl, apiKey: notify.apiKey, templateIds: notify.templateIds },
    emailVia: 'notify',
  });
  engine = new MessageEngine(api.db.orm, channels, {
    reportDelaySeconds: 1,
    reportDelayMaxSeconds: 2,
    pollingIntervalSeconds: 0.5,
    log: () => {},
  });
  await engine.start();
  api.server.events.onEvents(() => engine.wake());
});
afterAll(async () => {
  await engine.stop();
  await channels.close();
  await notify.close();
  await api.close();
});

describe('the family told by Kinroom’s own message', () => {
  it('records when the family was told once Notify reports the message delivered', async () => {
    const s = (
      await api.db.sql(
        `select s.id, s.version from session s
          where s.status = 'scheduled' and s.kind = 'contact' and s.starts_at > now()
            and exists (select 1 from agreement_participant p where p.agreement_id = s.agreement_id)
          order by s.starts_at limit 1`,
      )
    ).rows[0] as { id: string; version: number };
    const cancelled = await api.gql(manager, CANCEL, {
      input: { sessionId: s.id, expectedVersion: s.version, reason: 'OTHER', note: 'The room is flooded.' },
    });
    expect(cancelled.errors).toBeUndefined();

    const family = await eventually(
      async () =>
        (
          await api.db.sql(
            `select id, status, provider_ref from message
              where session_id = $1 and purpose = 'session_cancelled_family' and status <> 'not_sent'`,
            [s.id],
          )
        ).rows as { id: string; status: string; provider_ref: string | null }[],
      (rows) => rows.length > 0 && rows.every((m) => m.status === 'sent'),
    );
    // Accepted by Notify is not yet told: the session waits for the delivery report.
    const before = await api.gql<Read>(manager, READ, { id: s.id });
    expect(before.errors).toBeUndefined();
    expect(before.data!.session.familyInformedVia).toBeNull();

    const first = family[0]!;
    notify.setStatus(first.provider_ref!, 'delivered');
    const delivered = await eventually(
      async () =>
        (await api.db.sql('select status, delivered_at from message where id = $1', [first.id])).rows[0] as {
          status: string;
          delivered_at: Date | null;
        },
      (m) => m.status === 'delivered',
    );
    const after = await api.gql<Read>(manager, READ, { id: s.id });
    expect(after.errors).toBeUndefined();
    const session = after.data!.session;
    expect(session).toMatchObject({ status: 'CANCELLED', familyInformedVia: 'KINROOM_MESSAGE' });
    const told = new Date(session.cancellation.familyInformedAt!).getTime();
    expect(told).toBe(delivered.delivered_at!.getTime());
    // The session's own record of its messages shows the same delivery.
    const shown = session.messages.find((m) => m.id === first.id);
    expect(shown).toMatchObject({ purpose: 'SESSION_CANCELLED_FAMILY', status: 'DELIVERED' });
    expect(new Date(shown!.deliveredAt!).getTime()).toBe(told);
    // Every live view hears of it: the session's family_informed event.
    const events = await api.db.sql(
      `select count(*)::int as n from event where subject_id = $1 and kind = 'family_informed'`,
      [s.id],
    );
    expect(events.rows[0].n).toBe(1);
  });

  it('asks for the delivery report of a message whose process died before asking, once the sweep finds it', async () => {
    const sent = (
      await api.db.sql(
        `select id, provider_ref from message where provider = 'notify' and status = 'sent' order by sent_at limit 1`,
      )
    ).rows[0] as { id: string; provider_ref: string };
    // As if the process died between recording the message sent and adding its report job.
    const boss = newBoss(api.db.url, { background: false, max: 1 });
    await boss.start();
    try {
      await boss.deleteJob(MESSAGE_QUEUES.report, sent.id);
    } finally {
      await boss.stop({ graceful: false });
    }
    await api.db.sql(`update message set sent_at = now() - interval '5 minutes' where id = $1`, [sent.id]);
    notify.setStatus(sent.provider_ref, 'delivered');
    await engine.sweep();
    await eventually(
      async () => (await api.db.sql('select status from message where id = $1', [sent.id])).rows[0].status,
      (status) => status === 'delivered',
    );
  });
});

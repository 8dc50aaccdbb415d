import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { startSmtpServer, type SmtpTestServer } from '../../test/support/mail-servers.js';

/**
 * The dashboard's address set by KINROOM_PUBLIC_URL reaches the messages the API process sends: a social worker told
 * of a flag raised is given the link to safeguarding, at that address.
 */

const PUBLIC_URL = 'https://kinroom.council.example';
const RAISE = `mutation($i: RaiseFlagInput!) { raiseFlag(input: $i) { id } }`;

let api: TestApi;
let smtp: SmtpTestServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  api = await startTestApi({
    env: {
      KINROOM_MESSAGE_ENGINE: 'true',
      KINROOM_SMTP_URL: smtp.url,
      KINROOM_MAIL_FROM: 'Kinroom <kinroom@council.example>',
      KINROOM_PUBLIC_URL: `${PUBLIC_URL}/`,
    },
  });
});
afterAll(async () => {
  await api.close();
  await smtp.close();
});

describe('links in the messages to staff', () => {
  it('point at the dashboard’s address from KINROOM_PUBLIC_URL', async () => {
    expect(api.config.publicUrl).toBe(PUBLIC_URL);
    const token = await api.tokenFor(DEMO.manager);
    const child = (
      await api.db.sql(
        `select cc.child_id from child_case cc join staff_user u on u.id = cc.social_worker_id
          where cc.closed_at is null and u.email is not null and u.active
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
    let sent: { id: string } | undefined;
    while (!sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      sent = (await api.db.sql(`select id from message where flag_id = $1 and status = 'sent'`, [flagId]))
        .rows[0] as { id: string } | undefined;
    }
    expect(sent, 'the social worker’s message was sent').toBeDefined();
    const email = smtp.messages.find((m) => m.messageId === `<${sent!.id}@council.example>`);
    expect(email?.text).toContain(`Open safeguarding: ${PUBLIC_URL}/safeguarding`);
    expect(email?.text).not.toContain('Arrived hungry');
  });
});

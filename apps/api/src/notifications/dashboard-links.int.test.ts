import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/api.js';
import { messageRowsOnceAny, raiseFlagThroughApi } from '../../test/messages.js';
import { startSmtpServer, type SmtpTestServer } from '../../test/support/mail-servers.js';

/**
 * The dashboard's address set by KINROOM_PUBLIC_URL reaches the messages the API process sends: a social worker told
 * of a flag raised is given the link to safeguarding, at that address.
 */

const PUBLIC_URL = 'https://kinroom.council.example';

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
    const flagId = await raiseFlagThroughApi(api);
    const [sent] = await messageRowsOnceAny(api.db, `flag_id = $1 and status = 'sent'`, [flagId]);
    expect(sent, 'the social worker’s message was sent').toBeDefined();
    const email = smtp.messages.find((m) => m.messageId === `<${sent!.id}@council.example>`);
    expect(email?.text).toContain(`Open safeguarding: ${PUBLIC_URL}/safeguarding`);
    expect(email?.text).not.toContain('Arrived hungry');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNotifyEndpoint,
  startSmtpServer,
  type NotifyTestEndpoint,
} from '../../../test/support/mail-servers.js';
import { loadConfig } from '../../config/config.js';
import { PermanentSendError, type Channels, type OutgoingMessage } from '../channel.js';
import type { ContactChannel } from '../contact.js';
import { channelsFromConfig } from './index.js';

function notifyEnv(endpoint: NotifyTestEndpoint, overrides: Record<string, string> = {}) {
  return {
    NODE_ENV: 'test',
    KINROOM_NOTIFY_BASE_URL: endpoint.baseUrl,
    KINROOM_NOTIFY_API_KEY: endpoint.apiKey,
    KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: endpoint.templateIds.email,
    KINROOM_NOTIFY_SMS_TEMPLATE_ID: endpoint.templateIds.sms,
    KINROOM_NOTIFY_LETTER_TEMPLATE_ID: endpoint.templateIds.letter,
    ...overrides,
  };
}

const ADDRESS = ['Sam Parent', '12 Mill Lane', 'Riverside', 'Cardiff', 'CF10 1AA'];

function message(channel: ContactChannel, to: OutgoingMessage['to']): OutgoingMessage {
  return {
    messageId: randomUUID(),
    channel,
    to,
    subject: "Tomorrow's contact session is cancelled",
    body: 'The session at Riverside Family Centre on Tuesday at 10:00 will not take place.',
  };
}
const email = (to = 'sam.parent@example.org') => message('email', { email: to });
const text = (to = '07700 900123') => message('sms', { phone: to });
const letter = (addressLines = ADDRESS) => message('letter', { addressLines });

async function refusal(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error('expected the send to be refused');
  return e;
}

/** GOV.UK Notify, through its own client, against an endpoint that answers as Notify's API does. */
describe('GOV.UK Notify', () => {
  let notify: NotifyTestEndpoint;
  let channels: Channels;

  beforeAll(async () => {
    notify = await startNotifyEndpoint();
    channels = channelsFromConfig(loadConfig(notifyEnv(notify, { KINROOM_EMAIL_VIA: 'notify' })).messaging);
  });
  afterAll(async () => {
    await channels.close();
    await notify.close();
  });

  it('sends an email with the email template, the subject and body as personalisation, and the message id as reference', async () => {
    const m = email();
    const receipt = await channels.send(m);
    const sent = notify.sent.find((n) => n.reference === m.messageId);
    expect(sent).toMatchObject({
      type: 'email',
      to: 'sam.parent@example.org',
      templateId: notify.templateIds.email,
      personalisation: { subject: m.subject, body: m.body },
    });
    expect(receipt).toMatchObject({ provider: 'notify', providerRef: sent?.id, status: 'sent' });
  });

  it('sends a text message to a UK mobile with the text template', async () => {
    const m = text();
    await channels.send(m);
    expect(notify.sent.find((n) => n.reference === m.messageId)).toMatchObject({
      type: 'sms',
      to: '07700 900123',
      templateId: notify.templateIds.sms,
      personalisation: { body: m.body },
    });
  });

  it('sends a letter with the name and address on the address lines, the postcode last', async () => {
    const m = letter();
    await channels.send(m);
    const sent = notify.sent.find((n) => n.reference === m.messageId);
    expect(sent).toMatchObject({ type: 'letter', templateId: notify.templateIds.letter, address: ADDRESS });
    expect(sent?.personalisation).toMatchObject({
      subject: m.subject,
      body: m.body,
      address_line_1: 'Sam Parent',
      address_line_5: 'CF10 1AA',
    });
  });

  it('fits a long address into seven lines, keeping the name first and the postcode last', async () => {
    const long = [
      'Sam Parent',
      'Flat 3',
      'Mill House',
      '12 Mill Lane',
      'Riverside',
      'Canton',
      'Cardiff',
      'CF10 1AA',
    ];
    const m = letter(long);
    await channels.send(m);
    expect(notify.sent.find((n) => n.reference === m.messageId)?.address).toEqual([
      'Sam Parent',
      'Flat 3',
      'Mill House',
      '12 Mill Lane',
      'Riverside',
      'Canton, Cardiff',
      'CF10 1AA',
    ]);
  });

  it("fails for good what Notify refuses (400), in Notify's words", async () => {
    const badEmail = await refusal(channels.send(email('not an address')));
    expect(badEmail).toBeInstanceOf(PermanentSendError);
    expect(badEmail.message).toMatch(/refused the email \(400: email_address Not a valid email address\)/);

    const landline = await refusal(channels.send(text('029 2087 2087')));
    expect(landline).toBeInstanceOf(PermanentSendError);
    expect(landline.message).toMatch(/phone_number Not a UK mobile number/);

    const noPostcode = await refusal(channels.send(letter(['Sam Parent', '12 Mill Lane', 'Cardiff'])));
    expect(noPostcode).toBeInstanceOf(PermanentSendError);
    expect(noPostcode.message).toMatch(/refused the letter \(400: Must be a real UK postcode\)/);

    expect(await refusal(channels.send(letter(['Sam Parent', 'CF10 1AA'])))).toBeInstanceOf(
      PermanentSendError,
    );
  });

  it('tries again after an error at Notify (500) or too many requests (429), and then goes through', async () => {
    const m = email();
    notify.failNext(1, 500);
    const fault = await refusal(channels.send(m));
    expect(fault).not.toBeInstanceOf(PermanentSendError);
    expect(fault.message).toMatch(/could not take the email for now \(500: Internal server error\)/);
    notify.failNext(1, 429);
    const busy = await refusal(channels.send(m));
    expect(busy).not.toBeInstanceOf(PermanentSendError);
    expect(busy.message).toMatch(/429: Exceeded rate limit/);
    expect(notify.sent.some((n) => n.reference === m.messageId)).toBe(false);
    await channels.send(m);
    expect(notify.sent.filter((n) => n.reference === m.messageId)).toHaveLength(1);
  });

  it('finds a message sent before a crash by its reference, and nothing for one never sent', async () => {
    const m = text();
    const receipt = await channels.send(m);
    expect(await channels.findSent(m)).toMatchObject({
      provider: 'notify',
      providerRef: receipt.providerRef,
      status: 'sent',
    });
    notify.setStatus(receipt.providerRef, 'delivered');
    expect(await channels.findSent(m)).toMatchObject({
      providerRef: receipt.providerRef,
      status: 'delivered',
    });
    expect(await channels.findSent(text())).toBeNull();
  });

  describe("reports Notify's later word", () => {
    const cases: [ContactChannel, string, string | RegExp][] = [
      ['email', 'sending', 'sent'],
      ['email', 'delivered', 'delivered'],
      ['email', 'permanent-failure', /email address does not exist/],
      ['email', 'temporary-failure', /inbox was full/],
      ['email', 'technical-failure', /fault at Notify/],
      ['sms', 'pending', 'sent'],
      ['sms', 'delivered', 'delivered'],
      ['sms', 'permanent-failure', /phone number is wrong/],
      ['sms', 'temporary-failure', /phone was off/],
      ['letter', 'accepted', 'sent'],
      ['letter', 'received', 'delivered'],
      ['letter', 'permanent-failure', /could not print or post the letter/],
      ['letter', 'validation-failed', /failed GOV.UK Notify's checks/],
      ['letter', 'cancelled', /cancelled before it was printed/],
      ['letter', 'technical-failure', /fault at Notify/],
    ];
    const messages = { email, sms: text, letter };
    it.each(cases)('%s %s', async (channel, status, expected) => {
      const receipt = await channels.send(messages[channel]());
      notify.setStatus(receipt.providerRef, status);
      const report = await channels.report(receipt);
      if (typeof expected === 'string') {
        expect(report.status).toBe(expected);
        if (report.status === 'delivered') expect(report.at).toBeInstanceOf(Date);
      } else {
        expect(report).toMatchObject({ status: 'failed', reason: expect.stringMatching(expected) });
      }
    });
  });

  it('supports each channel it has a template for', () => {
    expect(['email', 'sms', 'letter'].map((c) => channels.supports(c as ContactChannel))).toEqual([
      true,
      true,
      true,
    ]);
    const textOnly = channelsFromConfig(
      loadConfig(
        notifyEnv(notify, { KINROOM_NOTIFY_EMAIL_TEMPLATE_ID: '', KINROOM_NOTIFY_LETTER_TEMPLATE_ID: '' }),
      ).messaging,
    );
    expect(['email', 'sms', 'letter'].map((c) => textOnly.supports(c as ContactChannel))).toEqual([
      false,
      true,
      false,
    ]);
  });
});

describe('GOV.UK Notify with a key it does not know', () => {
  it('fails the message at once (a key does not fix itself), saying where to look and never the key', async () => {
    const notify = await startNotifyEndpoint();
    const other = await startNotifyEndpoint();
    const channels = channelsFromConfig(
      loadConfig(notifyEnv(notify, { KINROOM_NOTIFY_API_KEY: other.apiKey })).messaging,
    );
    const e = await refusal(channels.send(email()));
    expect(e).toBeInstanceOf(PermanentSendError);
    expect(e.message).toMatch(
      /refused Kinroom's API key \(403: Invalid token: API key not found\): check KINROOM_NOTIFY_API_KEY/,
    );
    expect(e.message).not.toContain(other.apiKey.slice(-36));
    expect(notify.sent).toHaveLength(0);
    await channels.close();
    await Promise.all([notify.close(), other.close()]);
  });
});

describe('GOV.UK Notify out of reach', () => {
  it('is tried again later, for a send, a look-up and a report', async () => {
    const notify = await startNotifyEndpoint();
    const channels = channelsFromConfig(loadConfig(notifyEnv(notify)).messaging);
    await notify.close();
    for (const attempt of [
      () => channels.send(text()),
      () => channels.findSent(text()),
      () => channels.report({ provider: 'notify', providerRef: randomUUID() }),
    ]) {
      const e = await refusal(attempt());
      expect(e).not.toBeInstanceOf(PermanentSendError);
      expect(e.message).toMatch(/GOV.UK Notify could not be reached/);
    }
    await channels.close();
  });
});

describe('email when both the mail server and Notify could send it', () => {
  it('goes the way KINROOM_EMAIL_VIA says; text messages and letters through Notify whatever it says', async () => {
    const notify = await startNotifyEndpoint();
    const smtp = await startSmtpServer();
    const both = {
      ...notifyEnv(notify),
      KINROOM_SMTP_URL: smtp.url,
      KINROOM_MAIL_FROM: 'kinroom@council.example',
    };
    const viaSmtp = channelsFromConfig(loadConfig({ ...both, KINROOM_EMAIL_VIA: 'smtp' }).messaging);
    const viaNotify = channelsFromConfig(loadConfig({ ...both, KINROOM_EMAIL_VIA: 'notify' }).messaging);

    expect((await viaSmtp.send(email())).provider).toBe('smtp');
    expect(await smtp.waitFor(1)).toHaveLength(1);
    expect((await viaSmtp.send(text())).provider).toBe('notify');
    expect((await viaNotify.send(email())).provider).toBe('notify');
    expect(notify.sent.map((n) => n.type)).toEqual(['sms', 'email']);
    expect(smtp.messages).toHaveLength(1);

    await Promise.all([viaSmtp.close(), viaNotify.close(), notify.close(), smtp.close()]);
  });
});

describe('no provider configured', () => {
  it('supports no channel, and refuses a send for good', async () => {
    const channels = channelsFromConfig(loadConfig({ NODE_ENV: 'test' }).messaging);
    expect(['email', 'sms', 'letter'].map((c) => channels.supports(c as ContactChannel))).toEqual([
      false,
      false,
      false,
    ]);
    expect(await refusal(channels.send(email()))).toBeInstanceOf(PermanentSendError);
    expect(await channels.findSent(email())).toBeNull();
    await channels.close();
  });
});

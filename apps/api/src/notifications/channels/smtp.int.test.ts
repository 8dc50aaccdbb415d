import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type SmtpTestServer } from '../../../test/support/mail-servers.js';
import { loadConfig } from '../../config/config.js';
import { PermanentSendError, type Channels, type OutgoingMessage } from '../channel.js';
import { channelsFromConfig } from './index.js';

const FROM = 'Kinroom, Riverside Family Centre <kinroom@council.example>';

function channelsFor(url: string): Channels {
  return channelsFromConfig(
    loadConfig({ NODE_ENV: 'test', KINROOM_SMTP_URL: url, KINROOM_MAIL_FROM: FROM }).messaging,
  );
}

function email(to: string): OutgoingMessage {
  return {
    messageId: randomUUID(),
    channel: 'email',
    to: { email: to },
    subject: "Tomorrow's contact session is cancelled",
    body: 'The session at Riverside Family Centre on Tuesday at 10:00 will not take place.\n\nWe will call you.',
  };
}

/** Email through the council's mail server: a real SMTP conversation with a server on this machine. */
describe('email through a mail server', () => {
  let server: SmtpTestServer;
  let channels: Channels;

  beforeAll(async () => {
    server = await startSmtpServer();
    channels = channelsFor(server.url);
  });
  afterAll(async () => {
    await channels.close();
    await server.close();
  });

  it('arrives from the council address, to the person, with the subject, the plain-text body and a Message-ID made from the message id', async () => {
    const before = server.messages.length;
    const m = email('sam.parent@example.org');
    const receipt = await channels.send(m);
    const [got] = (await server.waitFor(before + 1)).slice(before);
    expect(got).toMatchObject({
      messageId: `<${m.messageId}@council.example>`,
      from: '"Kinroom, Riverside Family Centre" <kinroom@council.example>',
      to: ['sam.parent@example.org'],
      subject: m.subject,
    });
    expect(got?.text.trim()).toBe(m.body);
    expect(receipt).toMatchObject({
      provider: 'smtp',
      providerRef: `<${m.messageId}@council.example>`,
      status: 'sent',
    });
  });

  it('is tried again after a refusal for now (4xx), and goes through on the next try', async () => {
    const before = server.messages.length;
    server.refuseNext(1);
    const m = email('sam.parent@example.org');
    const refusal = await channels.send(m).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal).not.toBeInstanceOf(PermanentSendError);
    expect((refusal as Error).message).toMatch(/could not take the email for now \(451/);
    expect(server.messages.length).toBe(before);
    await channels.send(m);
    expect((await server.waitFor(before + 1)).at(-1)?.messageId).toBe(`<${m.messageId}@council.example>`);
  });

  it('fails for good when the server refuses the recipient (5xx), with the server words and no retry', async () => {
    server.refuseRecipient('gone@example.org');
    const refusal = await channels.send(email('gone@example.org')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PermanentSendError);
    expect((refusal as Error).message).toMatch(/refused the email \(550 No such mailbox here\)/);
  });

  it('refuses a message without an address for good, before speaking to the server', async () => {
    const refusal = await channels.send({ ...email('x@example.org'), to: {} }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PermanentSendError);
  });

  it('cannot find or follow an email later: a crash sends it again (same Message-ID), and sent is its last word', async () => {
    const m = email('sam.parent@example.org');
    expect(await channels.findSent(m)).toBeNull();
    const receipt = await channels.send(m);
    expect(await channels.report(receipt)).toEqual({ status: 'sent' });
  });

  it('sends only email', () => {
    expect(channels.supports('email')).toBe(true);
    expect(channels.supports('sms')).toBe(false);
    expect(channels.supports('letter')).toBe(false);
  });
});

describe('a mail server that asks for a sign-in', () => {
  let server: SmtpTestServer;

  beforeAll(async () => {
    server = await startSmtpServer({ auth: { user: 'kinroom', pass: 'p@ss word' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes the credentials from the URL', async () => {
    const channels = channelsFor(server.url);
    await channels.send(email('sam.parent@example.org'));
    expect(await server.waitFor(1)).toHaveLength(1);
    await channels.close();
  });

  it('fails for good on wrong credentials, saying where to look and never the password', async () => {
    const url = new URL(server.url);
    url.password = 'not-the-password';
    const channels = channelsFor(url.toString());
    const refusal = await channels.send(email('sam.parent@example.org')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PermanentSendError);
    expect((refusal as Error).message).toMatch(/refused Kinroom's sign-in \(535.*check KINROOM_SMTP_URL/);
    expect((refusal as Error).message).not.toContain('not-the-password');
    await channels.close();
  });
});

describe('a mail server out of reach', () => {
  it('is tried again later', async () => {
    const server = await startSmtpServer();
    const url = server.url;
    await server.close();
    const channels = channelsFor(url);
    const refusal = await channels.send(email('sam.parent@example.org')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal).not.toBeInstanceOf(PermanentSendError);
    expect((refusal as Error).message).toMatch(/could not be reached/);
    await channels.close();
  });
});

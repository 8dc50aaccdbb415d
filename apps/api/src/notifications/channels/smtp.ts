import nodemailer, { type NodemailerError } from 'nodemailer';
import { isLoopbackHost, type SmtpConfig } from '../../config/config.js';
import { PermanentSendError, type ChannelReceipt, type OutgoingMessage } from '../channel.js';
import { PROVIDER_TIMEOUT_MS, shortText, type Provider } from './provider.js';

/** The domain of the From address: Message-IDs are made unique under it. */
function fromDomain(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim();
}

/**
 * How the mail server is spoken to, from KINROOM_SMTP_URL: smtps:// is TLS from the start; smtp:// must switch to TLS
 * (STARTTLS) before anything is said about a child's contact, unless the server is on this machine.
 */
export function smtpTransportOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !isLoopbackHost(url.hostname),
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: PROVIDER_TIMEOUT_MS,
    greetingTimeout: PROVIDER_TIMEOUT_MS,
    socketTimeout: PROVIDER_TIMEOUT_MS,
    logger: false,
  };
}

/**
 * Email through the council's mail server. The Message-ID is `<message id@domain of From>`, so an email sent again
 * after a crash carries the same Message-ID as any copy that did leave, and mail clients show it once. A mail server
 * says no more than that it accepted a message: an email is `sent`, never `delivered`.
 */
export function smtpProvider(config: SmtpConfig): Provider {
  const transport = nodemailer.createTransport(smtpTransportOptions(config.url));
  const domain = fromDomain(config.from);

  return {
    name: 'smtp',
    channels: new Set(['email']),
    async send(message: OutgoingMessage): Promise<ChannelReceipt> {
      if (!message.to.email) throw new PermanentSendError('no email address to send to');
      const messageId = `<${message.messageId}@${domain}>`;
      try {
        await transport.sendMail({
          from: config.from,
          to: message.to.email,
          subject: message.subject,
          text: message.body,
          messageId,
        });
      } catch (e) {
        throw smtpFailure(e as NodemailerError);
      }
      return { provider: 'smtp', providerRef: messageId, status: 'sent', at: new Date() };
    },
    // A mail server keeps no list to ask: the email is sent again, with the same Message-ID.
    findSent: async () => null,
    report: async () => ({ status: 'sent' }),
    close: async () => transport.close(),
  };
}

/**
 * A refusal the server means for good (a 5xx reply: no such mailbox, refused sign-in, message refused; nodemailer
 * reads the reply class as RFC 5321 defines it) fails the message at once; anything else (a 4xx, a server out of
 * reach or too slow) is tried again. The words are safe to show a manager: the server's reply, never its credentials.
 */
function smtpFailure(err: NodemailerError): Error {
  const reply = err.responseCode
    ? `${err.responseCode} ${shortText(err.response?.replace(/^\d{3}\s*/, ''))}`
    : '';
  if (err.permanent) {
    if (err.code === 'EAUTH') {
      return new PermanentSendError(
        `the mail server refused Kinroom's sign-in (${reply}): check KINROOM_SMTP_URL`,
      );
    }
    return new PermanentSendError(`the mail server refused the email (${reply})`);
  }
  if (err.responseCode) return new Error(`the mail server could not take the email for now (${reply})`);
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') {
    return new Error(`the mail server would not let Kinroom sign in: check KINROOM_SMTP_URL`);
  }
  if (err.code === 'ETLS' || err.code === 'EREQUIRETLS') {
    return new Error('the mail server did not offer a secure connection (TLS), so nothing was sent');
  }
  return new Error(`the mail server could not be reached (${err.code ?? 'no answer'})`);
}

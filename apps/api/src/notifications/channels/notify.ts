import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { NotifyConfig } from '../../config/config.js';
import {
  PermanentSendError,
  type ChannelReceipt,
  type DeliveryReport,
  type OutgoingMessage,
} from '../channel.js';
import type { ContactChannel } from '../contact.js';
import { PROVIDER_TIMEOUT_MS, shortText, type Provider } from './provider.js';

/** Notify's name for each channel (its template types). */
const NOTIFY_TYPE = { email: 'email', sms: 'sms', letter: 'letter' } as const satisfies Record<
  ContactChannel,
  string
>;

/** A letter's address: at most seven lines, the postcode last (Notify reads the last line as the postcode). */
const MAX_ADDRESS_LINES = 7;

/**
 * Notify's final word on a message, in words a manager can act on. Any status not listed (created, sending, pending,
 * accepted, an international text's `sent`) is still on its way, or as far as Notify will ever know: `sent`.
 */
const FAILED: Record<string, Partial<Record<ContactChannel, string>> & { any: string }> = {
  'permanent-failure': {
    email: 'the email address does not exist or refused the email',
    sms: 'the phone number is wrong or the network refused the text message',
    letter: 'the printing provider could not print or post the letter, or it came back',
    any: 'GOV.UK Notify could not deliver it',
  },
  'temporary-failure': {
    email: 'the inbox was full or refused the email for now, and GOV.UK Notify has stopped trying',
    sms: 'the phone was off or could not take the text message, and GOV.UK Notify has stopped trying',
    any: 'GOV.UK Notify could not deliver it for now, and has stopped trying',
  },
  'technical-failure': { any: 'GOV.UK Notify could not pass it to its provider (a fault at Notify)' },
  'validation-failed': { any: "the letter failed GOV.UK Notify's checks (its address or layout)" },
  'virus-scan-failed': { any: "the letter failed GOV.UK Notify's checks (its address or layout)" },
  cancelled: { any: 'the letter was cancelled before it was printed' },
};

/**
 * What a Notify status means to Kinroom. Email and text: `delivered` is delivered. Letters: `accepted` (passed to
 * the printing provider) is sent, `received` (printed and posted) is delivered: the last word anyone has, since the
 * post gives no receipt. Failures carry the reason in plain words.
 */
export function notifyStatusReport(
  channel: ContactChannel,
  status: string,
  completedAt: Date,
): DeliveryReport {
  if (status === 'delivered' || (channel === 'letter' && status === 'received')) {
    return { status: 'delivered', at: completedAt };
  }
  const failed = FAILED[status];
  if (failed) return { status: 'failed', at: completedAt, reason: failed[channel] ?? failed.any };
  return { status: 'sent' };
}

/** Notify's error body: `{ status_code, errors: [{ error, message }] }`. */
interface NotifyErrorBody {
  errors?: { error?: string; message?: string }[];
}

/**
 * A refusal Notify means for good fails the message at once: a 400 (the address, number or letter it will never
 * accept) and a 403 (a key Notify does not know, or one not allowed to send this: it will not fix itself, and a
 * message failed at once shows the manager that nothing is going out). A 429 (too many requests), a 5xx or no answer
 * is tried again. The words are Notify's own, never the key.
 */
function notifyFailure(e: unknown, what: string): Error {
  if (!isAxiosError(e) || !e.response) {
    return new Error(
      `GOV.UK Notify could not be reached (${isAxiosError(e) ? (e.code ?? 'no answer') : 'no answer'})`,
    );
  }
  const { status } = e.response;
  const said = ((e.response.data ?? {}) as NotifyErrorBody).errors
    ?.map((x) => shortText(x.message))
    .filter(Boolean)
    .join('; ');
  const words = said ? `${status}: ${said}` : String(status);
  if (status === 403 || status === 401) {
    return new PermanentSendError(
      `GOV.UK Notify refused Kinroom's API key (${words}): check KINROOM_NOTIFY_API_KEY`,
    );
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new PermanentSendError(`GOV.UK Notify refused the ${what} (${words})`);
  }
  return new Error(`GOV.UK Notify could not take the ${what} for now (${words})`);
}

const WHAT: Record<ContactChannel, string> = { email: 'email', sms: 'text message', letter: 'letter' };

/**
 * GOV.UK Notify, for each channel it has a template for. Each template is the same two placeholders, ((subject)) and
 * ((body)) (a text message's only ((body))), filled with the message Kinroom wrote; a letter's address goes in
 * address_line_1 to address_line_7, the postcode last. The message id is Notify's `reference`, by which a send cut
 * short by a crash is found rather than sent twice.
 */
export function notifyProvider(config: NotifyConfig): Provider {
  const client = new NotifyClient(config.baseUrl, config.apiKey);
  // The client's requests get a time limit (it sets none). Its types name axios's CommonJS build, this file imports
  // the ES module: the same instance at run time.
  type RestClient = Parameters<NotifyClient['setClient']>[0];
  client.setClient(axios.create({ timeout: PROVIDER_TIMEOUT_MS }) as unknown as RestClient);
  const channels = new Set(
    (Object.keys(NOTIFY_TYPE) as ContactChannel[]).filter((c) => config.templateIds[c] !== null),
  );

  function templateFor(channel: ContactChannel): string {
    const id = config.templateIds[channel];
    if (!id)
      throw new PermanentSendError(
        `GOV.UK Notify has no template for ${WHAT[channel]}s in this configuration`,
      );
    return id;
  }

  async function post(message: OutgoingMessage): Promise<{ id: string }> {
    const templateId = templateFor(message.channel);
    const personalisation: Record<string, string> = { subject: message.subject, body: message.body };
    const reference = message.messageId;
    if (message.channel === 'email') {
      if (!message.to.email) throw new PermanentSendError('no email address to send to');
      return (await client.sendEmail(templateId, message.to.email, { personalisation, reference })).data;
    }
    if (message.channel === 'sms') {
      if (!message.to.phone) throw new PermanentSendError('no mobile number to send to');
      return (await client.sendSms(templateId, message.to.phone, { personalisation, reference })).data;
    }
    const lines = (message.to.addressLines ?? []).map((l) => l.trim()).filter(Boolean);
    if (lines.length < 3) throw new PermanentSendError('a letter needs a name, an address and a postcode');
    if (lines.length > MAX_ADDRESS_LINES) {
      // Keep the name and the postcode; join what does not fit into the line before the postcode.
      const keep = lines.slice(0, MAX_ADDRESS_LINES - 2);
      const rest = lines.slice(MAX_ADDRESS_LINES - 2, -1).join(', ');
      lines.splice(0, lines.length, ...keep, rest, lines.at(-1) as string);
    }
    lines.forEach((line, i) => (personalisation[`address_line_${i + 1}`] = line));
    return (await client.sendLetter(templateId, { personalisation, reference })).data;
  }

  return {
    name: 'notify',
    channels,
    async send(message) {
      let sent: { id: string };
      try {
        sent = await post(message);
      } catch (e) {
        throw e instanceof PermanentSendError ? e : notifyFailure(e, WHAT[message.channel]);
      }
      return { provider: 'notify', providerRef: sent.id, status: 'sent', at: new Date() };
    },
    async findSent(message) {
      let found;
      try {
        const answer = await client.getNotifications(
          NOTIFY_TYPE[message.channel],
          undefined,
          message.messageId,
        );
        found = answer.data.notifications.find((n) => n.reference === message.messageId);
      } catch (e) {
        throw notifyFailure(e, WHAT[message.channel]);
      }
      if (!found) return null;
      const report = notifyStatusReport(
        message.channel,
        found.status,
        new Date(found.completed_at ?? found.created_at),
      );
      return {
        provider: 'notify',
        providerRef: found.id,
        status: report.status === 'delivered' ? 'delivered' : 'sent',
        at: report.status === 'delivered' ? report.at : new Date(found.created_at),
      } satisfies ChannelReceipt;
    },
    async report(providerRef) {
      try {
        const { data } = await client.getNotificationById(providerRef);
        const at = new Date(data.completed_at ?? data.sent_at ?? data.created_at);
        return notifyStatusReport(data.type, data.status, at);
      } catch (e) {
        throw notifyFailure(e, 'message');
      }
    },
    close: async () => {},
  };
}

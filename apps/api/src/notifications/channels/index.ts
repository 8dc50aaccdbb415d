import type { MessagingConfig } from '../../config/config.js';
import { PermanentSendError, type Channels } from '../channel.js';
import type { ContactChannel } from '../contact.js';
import { notifyProvider } from './notify.js';
import type { Provider } from './provider.js';
import { smtpProvider } from './smtp.js';

export type { MessagingConfig } from '../../config/config.js';

const WHAT: Record<ContactChannel, string> = { email: 'email', sms: 'text messages', letter: 'letters' };

/**
 * The ways out the configuration sets up (docs/notifications.md): email through the mail server or GOV.UK Notify
 * (KINROOM_EMAIL_VIA when both could), text messages and letters through Notify. With nothing configured no channel is
 * supported, and a message is recorded as not sent rather than tried.
 */
export function channelsFromConfig(config: MessagingConfig): Channels {
  const smtp = config.smtp ? smtpProvider(config.smtp) : null;
  const notify = config.notify ? notifyProvider(config.notify) : null;
  const providers = [smtp, notify].filter((p): p is Provider => p !== null);

  function providerFor(channel: ContactChannel): Provider | null {
    if (channel === 'email') return { smtp, notify, none: null }[config.emailVia ?? 'none'];
    return notify?.channels.has(channel) ? notify : null;
  }

  return {
    supports: (channel) => providerFor(channel) !== null,
    async send(message) {
      const provider = providerFor(message.channel);
      if (!provider) throw new PermanentSendError(`${WHAT[message.channel]} are not configured`);
      return provider.send(message);
    },
    async findSent(message) {
      return (await providerFor(message.channel)?.findSent(message)) ?? null;
    },
    async report(receipt) {
      const provider = providers.find((p) => p.name === receipt.provider);
      // Sent through a provider no longer configured: nothing more can be learnt of it.
      if (!provider) return { status: 'sent' };
      return provider.report(receipt.providerRef);
    },
    async close() {
      await Promise.all(providers.map((p) => p.close()));
    },
  };
}

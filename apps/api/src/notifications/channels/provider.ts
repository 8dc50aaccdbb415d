import type { ChannelReceipt, DeliveryReport, OutgoingMessage } from '../channel.js';
import type { ContactChannel } from '../contact.js';

/**
 * One service messages leave through (the council's mail server, GOV.UK Notify), for the channels it is configured
 * for. `channelsFromConfig` routes each message to one of them.
 */
export interface Provider {
  name: ChannelReceipt['provider'];
  channels: ReadonlySet<ContactChannel>;
  send(message: OutgoingMessage): Promise<ChannelReceipt>;
  findSent(message: Pick<OutgoingMessage, 'messageId' | 'channel'>): Promise<ChannelReceipt | null>;
  report(providerRef: string): Promise<DeliveryReport>;
  close(): Promise<void>;
}

/** How long a provider is waited for before the attempt counts as failed for now (and is tried again). */
export const PROVIDER_TIMEOUT_MS = 30_000;

/** A provider's own words, cut to a length that reads well in a list of failures. */
export function shortText(text: string | undefined, max = 200): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

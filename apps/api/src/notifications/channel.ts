import type { ContactChannel } from './contact.js';

/**
 * What a channel is asked to send: written already (templates), addressed already (the recipient's own details).
 * `messageId` is the message row's id: the channel sends it as the email's Message-ID or GOV.UK Notify's reference,
 * so that a send interrupted by a crash can be found, or recognised, rather than sent again as a new message.
 */
export interface OutgoingMessage {
  messageId: string;
  channel: ContactChannel;
  to: {
    /** For email. */
    email?: string;
    /** For a text message: a UK mobile number as stored. */
    phone?: string;
    /** For a letter: the recipient's name first, then the address lines, the postcode last. */
    addressLines?: string[];
  };
  subject: string;
  /** Plain text; paragraphs separated by a blank line. */
  body: string;
}

/** A channel's answer to a send, or to a later check. */
export interface ChannelReceipt {
  provider: 'smtp' | 'notify';
  /** The provider's id for the message. */
  providerRef: string;
  /** sent: accepted for delivery; delivered: the provider confirmed it reached the person. */
  status: 'sent' | 'delivered';
  at: Date;
}

/** The provider's later word on a message sent earlier. */
export type DeliveryReport =
  { status: 'sent' } | { status: 'delivered'; at: Date } | { status: 'failed'; at: Date; reason: string };

/** A send that will never succeed as addressed (a malformed address, a refused recipient): not retried. */
export class PermanentSendError extends Error {}

/**
 * The configured ways out (notifications/channels): SMTP for email, GOV.UK Notify for email, text message and
 * letter. Any error other than {@link PermanentSendError} from `send` is temporary and the send is retried.
 */
export interface Channels {
  /** Whether a message by this channel can be sent at all with the configuration given. */
  supports(channel: ContactChannel): boolean;
  send(message: OutgoingMessage): Promise<ChannelReceipt>;
  /**
   * A message whose send was interrupted (status `sending` after a crash): the receipt if the provider has it (GOV.UK
   * Notify, by reference), or null if it has not or cannot tell (SMTP), in which case it is sent again with the same
   * Message-ID.
   */
  findSent(message: Pick<OutgoingMessage, 'messageId' | 'channel'>): Promise<ChannelReceipt | null>;
  /** The provider's later word on a message it accepted; SMTP gives no more than acceptance: always `sent`. */
  report(receipt: Pick<ChannelReceipt, 'provider' | 'providerRef'>): Promise<DeliveryReport>;
  close(): Promise<void>;
}

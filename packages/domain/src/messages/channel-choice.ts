/**
 * Which way a message reaches a person (docs/notifications.md, "Channels"): the rule the message planner applies to
 * a family member's, a carer's or a member of staff's contact details.
 */

/** The ways a message leaves Kinroom: email, text message, letter. */
export type MessageChannel = 'email' | 'sms' | 'letter';

/** Why a message is recorded but never sent. */
export type UnsentReason = 'do_not_contact' | 'no_contact_details' | 'channel_not_configured';

/** What the channel rule reads of a person. */
export interface ContactDetails {
  email: string | null;
  /** Any phone number on record; only a UK mobile number can take a text message. */
  phone: string | null;
  /** A postal address, for a letter. */
  address: string | null;
  /** The channel the person asked to be reached by; null lets Kinroom choose. */
  contactBy: MessageChannel | null;
  /** Nothing is sent to the person while set. */
  doNotContact: boolean;
}

/**
 * The rule's answer: the channel to send by, or the channel a message would have gone by and why it is not sent.
 * A message that is not sent is still recorded, so that staff see that the person was not told.
 */
export type ChannelChoice =
  { channel: MessageChannel; unsent?: undefined } | { channel: MessageChannel; unsent: UnsentReason };

/** The order Kinroom tries the channels in when the person has no preference it can use. */
export const CHANNEL_ORDER: readonly MessageChannel[] = ['email', 'sms', 'letter'];

/**
 * Whether a phone number is a UK mobile number, as people write it (`07700 900123`, `+44 7700 900123`,
 * `0044 7700-900123`): only those can take a text message. Landlines and anything else cannot.
 */
export function isUkMobile(phone: string | null | undefined): boolean {
  if (!phone) return false;
  const digits = phone.replace(/[\s\-().]/g, '');
  return /^(?:\+44|0044|0)7\d{9}$/.test(digits);
}

/** Whether a person's details can carry a message by `channel` at all. */
export function hasDetailsFor(person: ContactDetails, channel: MessageChannel): boolean {
  switch (channel) {
    case 'email':
      return !!person.email?.trim();
    case 'sms':
      return isUkMobile(person.phone);
    case 'letter':
      return !!person.address?.trim();
  }
}

/**
 * The channel for one message to one person, among the channels the message's purpose allows (`allowed`, in the
 * order Kinroom prefers them):
 * 1. "Do not contact" set: not sent (do_not_contact), whatever the details.
 * 2. The person's preferred channel, if the purpose allows it, the person has the details for it, and it is
 *    configured.
 * 3. Otherwise the first allowed channel, in `allowed`'s order, for which both hold.
 * 4. Nothing usable: not sent, because the person has details only for channels that are not configured
 *    (channel_not_configured), or none for any allowed channel (no_contact_details).
 * The channel named with an unsent reason is the one the message would have gone by (the preference where allowed).
 */
export function chooseChannel(
  person: ContactDetails,
  allowed: readonly MessageChannel[],
  configured: (channel: MessageChannel) => boolean,
): ChannelChoice {
  if (allowed.length === 0) throw new RangeError('A message must allow at least one channel');
  const preferred = person.contactBy && allowed.includes(person.contactBy) ? person.contactBy : null;
  const order = preferred ? [preferred, ...allowed.filter((c) => c !== preferred)] : [...allowed];
  const reachable = order.filter((c) => hasDetailsFor(person, c));
  const first = order[0]!;
  if (person.doNotContact) return { channel: reachable[0] ?? first, unsent: 'do_not_contact' };
  const usable = reachable.find((c) => configured(c));
  if (usable) return { channel: usable };
  if (reachable.length > 0) return { channel: reachable[0]!, unsent: 'channel_not_configured' };
  return { channel: first, unsent: 'no_contact_details' };
}

/**
 * The channels of a dated written notice that must reach a parent (docs/domain.md rule 8, the suspension notice): a
 * letter wherever their address is known and letters can be sent, and their own electronic channel as well (their
 * preference between email and text, else email, else text). A person with neither gets one message recorded as not
 * sent, with the reason; so does a person who asked not to be contacted.
 */
export function chooseNoticeChannels(
  person: ContactDetails,
  configured: (channel: MessageChannel) => boolean,
): ChannelChoice[] {
  const electronic = chooseChannel(person, ['email', 'sms'], configured);
  if (person.doNotContact) return [electronic];
  const hasAddress = hasDetailsFor(person, 'letter');
  const letter = hasAddress && configured('letter');
  if (!letter) {
    // An address only letters could use, and letters are not set up: that is why the notice cannot go.
    if (electronic.unsent === 'no_contact_details' && hasAddress) {
      return [{ channel: 'letter', unsent: 'channel_not_configured' }];
    }
    return [electronic];
  }
  return electronic.unsent ? [{ channel: 'letter' }] : [{ channel: 'letter' }, electronic];
}

import { t } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { CouncilOwned } from '../db/base.entity.js';
import type { ContactChannel, MessageLanguages, RecipientKind } from './contact.js';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'not_sent'] as const;
/**
 * queued: planned, waiting to go. sending: handed to a channel (a crash here leaves it to be checked, not planned
 * again). sent: accepted by the mail server or GOV.UK Notify. delivered: the provider confirmed delivery. failed: given
 * up after the last retry, or refused for good. not_sent: never sent, for the reason recorded.
 */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * do_not_contact, no_contact_details, channel_not_configured: the person could not, or must not, be reached.
 * no_longer_needed: found unneeded when it was to be sent (a reminder for a session cancelled, moved, or that the
 * family said they cannot come to since it was planned).
 */
export const NOT_SENT_REASONS = [
  'do_not_contact',
  'no_contact_details',
  'channel_not_configured',
  'no_longer_needed',
] as const;
export type NotSentReason = (typeof NOT_SENT_REASONS)[number];

/** Which service took the message. */
export type MessageProvider = 'smtp' | 'notify';

/**
 * One message to one person by one channel (migration 0016, docs/notifications.md). Its content is not stored: it is
 * written from the records when it is sent, from its purpose and what it is about.
 */
@Entity({ tableName: 'message' })
export class Message extends CouncilOwned {
  /** What caused it, its purpose and its recipient; unique per council, so a message is never planned twice. */
  @Property({ type: t.text })
  dedupeKey!: string;

  /** The outbox event that caused it; null for a message that falls due by time (a reminder, an overdue record). */
  @Property({ type: t.bigint, nullable: true })
  eventId: string | null = null;

  /** What the message is for; each purpose has its own template (notifications/templates). */
  @Property({ type: t.text })
  purpose!: string;

  @Property({ type: t.uuid, nullable: true })
  centreId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  childId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  sessionId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  agreementId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  flagId: string | null = null;

  @Property({ type: t.uuid, nullable: true })
  observationId: string | null = null;

  @Property({ type: t.text })
  recipientKind!: RecipientKind;

  @Property({ type: t.uuid })
  recipientId!: string;

  @Property({ type: t.text })
  channel!: ContactChannel;

  @Property({ type: t.text, default: 'en' })
  languages: MessageLanguages = 'en';

  @Property({ type: t.text, default: 'queued' })
  status: MessageStatus = 'queued';

  @Property({ type: t.text, nullable: true })
  notSentReason: NotSentReason | null = null;

  /** How many times a channel was asked to send it. */
  @Property({ type: t.integer, default: 0 })
  attempts: number = 0;

  /** The last failure in words safe to show a manager (never a stack trace or a credential). */
  @Property({ type: t.text, nullable: true })
  lastError: string | null = null;

  @Property({ type: t.text, nullable: true })
  provider: MessageProvider | null = null;

  /** The provider's own id for it (GOV.UK Notify's notification id, the email's Message-ID). */
  @Property({ type: t.text, nullable: true })
  providerRef: string | null = null;

  @Property({ type: t.datetime })
  plannedAt: Date = new Date();

  @Property({ type: t.datetime, nullable: true })
  sendingAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  sentAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  failedAt: Date | null = null;
}

/** The message planner's place in the outbox: the last event id it has planned messages for. */
@Entity({ tableName: 'message_cursor' })
export class MessageCursor {
  // The one row is id 1 (the table's check): not a sequence's.
  @Property({ type: t.integer, primary: true, autoincrement: false })
  id: number = 1;

  @Property({ type: t.bigint })
  lastEventId!: string;
}

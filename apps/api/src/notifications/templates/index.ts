import { hasDetailsFor } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PermanentSendError, type OutgoingMessage } from '../channel.js';
import type { Message } from '../message.entity.js';
import type { MessagePurpose } from '../purposes.js';
import { remindedStart } from '../rules/plan.js';
import { absenceNoticeSocialWorker } from './absence-notice.js';
import { compose, type Template } from './compose.js';
import { readAddressee, readContext, type Addressee, type MessageContext } from './context.js';
import { flagEscalatedManager, flagRaisedSocialWorker } from './flags.js';
import { recordOverdueManager } from './record-overdue.js';
import {
  sessionCancelledCarer,
  sessionCancelledFamily,
  sessionCancelledSocialWorker,
} from './session-cancelled.js';
import { sessionReminderFamily } from './session-reminder.js';
import {
  suspensionNoticeFamily,
  suspensionNoticeReviewingOfficer,
  suspensionSocialWorker,
} from './suspension.js';

/** A message written for its channel: the content and the person's current details. */
export type WrittenMessage = Omit<OutgoingMessage, 'messageId' | 'channel'>;

/**
 * A message that must not, or cannot, go to the person as their record now reads (do_not_contact,
 * no_contact_details), or that is no longer needed as the records now read (no_longer_needed).
 */
export type NotReachable = { notReachable: 'do_not_contact' | 'no_contact_details' | 'no_longer_needed' };

export interface WriteOptions {
  /** The dashboard's address (`https://kinroom.council.example`): staff messages link to the page; none, no link. */
  dashboardUrl?: string | null;
}

/**
 * Each purpose's template, what it must find to be written, and, for a message that can stop being true before it
 * is sent, whether it is still needed.
 */
const TEMPLATES: Record<
  MessagePurpose,
  { write: Template; needs: (c: MessageContext) => boolean; stillNeeded?: (c: MessageContext) => boolean }
> = {
  session_cancelled_family: { write: sessionCancelledFamily, needs: (c) => !!c.session },
  session_cancelled_carer: { write: sessionCancelledCarer, needs: (c) => !!c.session },
  session_cancelled_social_worker: { write: sessionCancelledSocialWorker, needs: (c) => !!c.session },
  session_reminder_family: {
    write: sessionReminderFamily,
    needs: (c) => !!c.session,
    stillNeeded: reminderStillNeeded,
  },
  absence_notice_social_worker: { write: absenceNoticeSocialWorker, needs: (c) => !!c.session },
  suspension_notice_family: { write: suspensionNoticeFamily, needs: (c) => !!c.notice },
  suspension_social_worker: { write: suspensionSocialWorker, needs: (c) => !!c.notice },
  suspension_notice_reviewing_officer: {
    write: suspensionNoticeReviewingOfficer,
    needs: (c) => !!c.notice,
  },
  flag_raised_social_worker: { write: flagRaisedSocialWorker, needs: (c) => !!c.flag },
  flag_escalated_manager: { write: flagEscalatedManager, needs: (c) => !!c.flag },
  record_overdue_manager: { write: recordOverdueManager, needs: (c) => !!c.session },
};

/**
 * Writes a stored message for its channel, from its purpose's template and the records as they are now, addressed to
 * the person's current details: a "do not contact" set, or a detail removed, after the message was planned stops it
 * here. English, or Welsh then English, as the message records (docs/notifications.md).
 */
export async function writeMessage(
  em: EntityManager,
  m: Message,
  options: WriteOptions = {},
): Promise<WrittenMessage | NotReachable> {
  const template = TEMPLATES[m.purpose as MessagePurpose];
  if (!template) throw new PermanentSendError(`No template for messages of purpose ${m.purpose}`);
  const to = await readAddressee(em, m);
  if (!to || !to.active) return { notReachable: 'no_contact_details' };
  if (to.doNotContact) return { notReachable: 'do_not_contact' };
  if (!hasDetailsFor({ ...to, contactBy: null }, m.channel)) return { notReachable: 'no_contact_details' };

  const c = await readContext(em, m, to, options.dashboardUrl ?? null);
  if (!template.needs(c)) throw new PermanentSendError('What this message is about is no longer on record');
  if (template.stillNeeded && !template.stillNeeded(c)) return { notReachable: 'no_longer_needed' };
  const { subject, body } = compose(m.channel, m.languages, c, template.write(c));
  return { to: addressFor(m, to), subject, body };
}

/**
 * A reminder is sent only for a session still scheduled at the start it was planned for (its key names that start),
 * that the family has not since said they cannot come to. A session cancelled or moved after the reminder was
 * planned is not reminded of; a moved one has its own reminder, for its new start.
 */
function reminderStillNeeded(c: MessageContext): boolean {
  const s = c.session!;
  const planned = remindedStart(c.message.dedupeKey);
  const sameStart = !planned || planned.getTime() === s.startsAt.getTime();
  return s.status === 'scheduled' && sameStart && !c.absence;
}

/** The person's details for the message's channel only. */
function addressFor(m: Message, to: Addressee): WrittenMessage['to'] {
  switch (m.channel) {
    case 'email':
      return { email: to.email!.trim() };
    case 'sms':
      return { phone: to.phone!.trim() };
    case 'letter':
      return { addressLines: [to.name, ...addressLines(to.address ?? '')] };
  }
}

/** A postal address as recorded (one line with commas, or several lines) as the lines of a letter, postcode last. */
export function addressLines(address: string): string[] {
  return address
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

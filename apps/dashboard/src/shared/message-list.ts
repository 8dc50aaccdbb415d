import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { MessageFieldsFragment } from '@kinroom/schema';
import { londonDateKey } from '@kinroom/domain';
import { londonDayTime, londonTime } from './london-time';

/**
 * What MessageList.vue shows of a message sent outside the dashboard, wherever it is read (a session's dialog, the
 * child's history, the manager's desk): who it was for in words the reader may see (the carer never named), how,
 * what for, and where it stands.
 */
export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    purpose
    channel
    status
    notSentReason
    attempts
    lastError
    plannedAt
    sentAt
    deliveredAt
    failedAt
    recipient {
      kind
      name
    }
  }
`);

/** A session's messages, as the session's views show them. */
export const SessionMessagesFields = graphql(`
  fragment SessionMessagesFields on Session {
    messages {
      ...MessageFields
    }
  }
`);

export type MessageData = MessageFieldsFragment;
export type Purpose = MessageData['purpose'];

export const messageOf = (m: FragmentType<typeof MessageFields>): MessageData => unmask(MessageFields, m);
export const sessionMessages = (s: FragmentType<typeof SessionMessagesFields>): MessageData[] =>
  unmask(SessionMessagesFields, s).messages.map(messageOf);

const CHANNEL: Record<MessageData['channel'], string> = {
  EMAIL: 'Email',
  TEXT_MESSAGE: 'Text message',
  LETTER: 'Letter',
};

/** What a message was about, in the words of the person reading the record. */
export const PURPOSE: Record<Purpose, string> = {
  SESSION_CANCELLED_FAMILY: 'session cancelled',
  SESSION_CANCELLED_CARER: 'session cancelled',
  SESSION_CANCELLED_SOCIAL_WORKER: 'session cancelled',
  SESSION_REMINDER_FAMILY: 'reminder of the session',
  ABSENCE_NOTICE_SOCIAL_WORKER: 'family cannot come',
  SUSPENSION_NOTICE_FAMILY: 'notice that contact is suspended',
  SUSPENSION_SOCIAL_WORKER: 'contact suspended',
  SUSPENSION_NOTICE_REVIEWING_OFFICER: 'contact suspended',
  FLAG_RAISED_SOCIAL_WORKER: 'safeguarding flag raised',
  FLAG_ESCALATED_MANAGER: 'flag not acknowledged in time',
  RECORD_OVERDUE_MANAGER: 'observation record overdue',
};

const NOT_SENT: Record<NonNullable<MessageData['notSentReason']>, string> = {
  DO_NOT_CONTACT: 'not sent: marked do not contact',
  NO_CONTACT_DETAILS: 'not sent: no contact details on record',
  CHANNEL_NOT_CONFIGURED: 'not sent: Kinroom is not set up to send this way',
  NO_LONGER_NEEDED: 'not sent: no longer needed',
};

/**
 * "Sam Jones (family)", "the child’s carer", a member of staff by name, "the child’s reviewing officer (Rae Reviewer)".
 * Never an address or number. Messages are listed to staff only, so the reviewing officer may be named.
 */
export function recipientWords(r: MessageData['recipient']): string {
  switch (r.kind) {
    case 'FAMILY_MEMBER':
      return r.name ? `${r.name} (family)` : 'a family member';
    case 'CARER':
      return 'the child’s carer';
    case 'STAFF':
      return r.name ?? 'a member of staff';
    case 'REVIEWING_OFFICER':
      return r.name ? `the child’s reviewing officer (${r.name})` : 'the child’s reviewing officer';
  }
}

/** "09:12" today, "Fri 20 Nov, 09:12" on another day. */
function at(t: string, now: Date): string {
  return londonDateKey(new Date(t)) === londonDateKey(now) ? londonTime(t) : londonDayTime(t);
}

/** Where a message stands: "delivered 09:12", "failed: number not recognised · 3 attempts", "not sent: …". */
export function statusWords(m: MessageData, now: Date): string {
  const tries = `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}`;
  switch (m.status) {
    case 'DELIVERED':
      return m.deliveredAt ? `delivered ${at(m.deliveredAt, now)}` : 'delivered';
    case 'SENT':
      return m.sentAt ? `sent ${at(m.sentAt, now)}` : 'sent';
    case 'QUEUED':
      return m.attempts > 0 ? `waiting to try again (${tries})` : 'waiting to be sent';
    case 'SENDING':
      return 'being sent';
    case 'FAILED':
      return `failed${m.lastError ? `: ${m.lastError}` : ''} · ${tries}`;
    case 'NOT_SENT':
      return m.notSentReason ? NOT_SENT[m.notSentReason] : 'not sent';
  }
}

/** "Email to Sam Jones (family) · session cancelled · delivered 09:12". */
export function messageLine(m: MessageData, now: Date): string {
  return `${CHANNEL[m.channel]} to ${recipientWords(m.recipient)} · ${PURPOSE[m.purpose]} · ${statusWords(m, now)}`;
}

/** Whether the message needs someone to act: it failed, or nobody could be reached. */
export function needsAction(m: MessageData): boolean {
  return m.status === 'FAILED' || (m.status === 'NOT_SENT' && m.notSentReason === 'NO_CONTACT_DETAILS');
}

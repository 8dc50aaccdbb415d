import type { ContactChannel, MessageLanguages, RecipientKind } from './contact.js';
import type { NotSentReason } from './message.entity.js';

/**
 * Every message Kinroom sends, by what it is for (docs/notifications.md lists each with its trigger, recipients and
 * channels). Each has its own template in English and in Welsh (notifications/templates).
 */
export const MESSAGE_PURPOSES = [
  /** The family: the centre has cancelled a session (docs/domain.md rule 6). */
  'session_cancelled_family',
  /** The child's carer: a session the child was due at is cancelled (no transport needed). */
  'session_cancelled_carer',
  /** The child's social worker: a session of their child is cancelled. */
  'session_cancelled_social_worker',
  /** The family, the day before: the session, and their own arrival time (before the child is brought). */
  'session_reminder_family',
  /** The child's social worker: a parent has said they cannot come (an absence notice). */
  'absence_notice_social_worker',
  /** The parent: the dated written notice that contact is suspended after three unexplained absences (rule 8). */
  'suspension_notice_family',
  /** The child's social worker: their child's contact is suspended; they must meet the parent. */
  'suspension_social_worker',
  /** The child's independent reviewing officer: their child's contact is suspended (reg. 8 of the 2010 Regulations). */
  'suspension_notice_reviewing_officer',
  /** The child's social worker: a safeguarding flag is raised about their child (rule 10). */
  'flag_raised_social_worker',
  /** The centre's managers: a flag was not acknowledged in time (escalation). */
  'flag_escalated_manager',
  /** The centre's managers: an observation record is past its due date. */
  'record_overdue_manager',
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/**
 * A message the rules decide to send, before it is stored: who to, by which channel, about what. The engine stores
 * it (once: `dedupeKey` is unique per council) and sends it. `notSentReason` set: stored as not sent, for that reason.
 */
export interface PlannedMessage {
  councilId: string;
  /** Unique per council for this message: what caused it, its purpose, its recipient and channel. */
  dedupeKey: string;
  /** The outbox event that caused it, or null for one that falls due by time. */
  eventId: string | null;
  purpose: MessagePurpose;
  recipientKind: RecipientKind;
  recipientId: string;
  channel: ContactChannel;
  languages: MessageLanguages;
  about: {
    centreId: string | null;
    childId: string | null;
    sessionId?: string | null;
    agreementId?: string | null;
    flagId?: string | null;
    observationId?: string | null;
  };
  notSentReason?: NotSentReason;
}

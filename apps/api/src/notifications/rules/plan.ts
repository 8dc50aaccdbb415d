import type { ChannelChoice } from '@kinroom/domain';
import type { MessageLanguages } from '../contact.js';
import type { MessagePurpose, PlannedMessage } from '../purposes.js';
import type { Recipient } from './recipients.js';

/** What caused a message and what it is about: shared by every message one cause plans. */
export interface Cause {
  councilId: string;
  /** Names the cause in the message's key: `event:<id>`, `session:<id>@<start>`, `record:<session id>`. */
  key: string;
  eventId: string | null;
  languages: MessageLanguages;
  about: PlannedMessage['about'];
}

/** A reminder's cause in its key: the session, and the start it reminds the family of. */
export function reminderCause(sessionId: string, startsAt: Date): string {
  return `session:${sessionId}@${startsAt.toISOString()}`;
}

const REMINDER_CAUSE = /:session:[0-9a-f-]{36}@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z):/;

/** The start a reminder was planned for, read back from its message's key; null for a key naming no start. */
export function remindedStart(dedupeKey: string): Date | null {
  const iso = REMINDER_CAUSE.exec(dedupeKey)?.[1];
  return iso ? new Date(iso) : null;
}

/**
 * One message of `purpose` to `to` by the channel chosen, with its key: the cause, the purpose, the recipient and the
 * channel, so that the same cause never plans the same message twice, and a message the rule could not send is
 * stored (as not sent, with the reason) exactly once too.
 */
export function planned(
  cause: Cause,
  purpose: MessagePurpose,
  to: Recipient,
  choice: ChannelChoice,
): PlannedMessage {
  return {
    councilId: cause.councilId,
    dedupeKey: `${purpose}:${cause.key}:${to.kind}:${to.id}:${choice.channel}`,
    eventId: cause.eventId,
    purpose,
    recipientKind: to.kind,
    recipientId: to.id,
    channel: choice.channel,
    languages: cause.languages,
    about: cause.about,
    ...(choice.unsent ? { notSentReason: choice.unsent } : {}),
  };
}

import { isAbsenceNotified, type SessionStatus as DomainStatus } from '@kinroom/domain';
import { useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { SessionStatus } from '@kinroom/schema';
import { AbsenceRecordFields } from '../../shared/absence-record';
import { childName, SESSION_STATUS, type StateLook } from '../../shared/labels';
import { londonTime } from '../../shared/london-time';

interface SessionLike {
  startsAt: string;
  endsAt: string;
  status: SessionStatus;
  child: { firstName: string; lastInitial: string };
  room: { name: string };
  supervisor: { name: string };
}

type WithNotices = { status: SessionStatus } & FragmentType<typeof AbsenceRecordFields>;

/** A booked session whose family has said they cannot come: nobody is to wait for them or bring the child. */
export const ABSENCE_NOTIFIED: StateLook = { label: 'Absence notified', icon: 'cross', tone: 'tone-missed' };

/**
 * How a session's block and dialog look: its status, except that a booked session with an absence notice says
 * "Absence notified" rather than "Booked" (the domain's `isAbsenceNotified`) until its outcome is recorded.
 */
export function sessionLook(s: WithNotices): StateLook {
  const notices = unmask(AbsenceRecordFields, s).absenceNotices;
  const notified = isAbsenceNotified({
    status: s.status.toLowerCase() as DomainStatus,
    absenceNotified: notices.length > 0,
  });
  return notified ? ABSENCE_NOTIFIED : SESSION_STATUS[s.status];
}

/** "16:00 to 17:00", London time. */
export const sessionWhen = (s: Pick<SessionLike, 'startsAt' | 'endsAt'>) =>
  `${londonTime(s.startsAt)} to ${londonTime(s.endsAt)}`;

/** A session in one line, for a block's tooltip in the day and week views. */
export function describeSession(s: SessionLike & WithNotices): string {
  const parts = [childName(s.child), sessionWhen(s), s.room.name, sessionLook(s).label];
  return `${parts.join(', ')} (supervisor ${s.supervisor.name})`;
}

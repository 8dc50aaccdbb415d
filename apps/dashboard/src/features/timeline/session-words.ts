import { childName, SESSION_STATUS } from '../../shared/labels';
import { londonTime } from '../../shared/london-time';

interface SessionLike {
  startsAt: string;
  endsAt: string;
  status: keyof typeof SESSION_STATUS;
  child: { firstName: string; lastInitial: string };
  room: { name: string };
  supervisor: { name: string };
}

/** "16:00 to 17:00", London time. */
export const sessionWhen = (s: Pick<SessionLike, 'startsAt' | 'endsAt'>) =>
  `${londonTime(s.startsAt)} to ${londonTime(s.endsAt)}`;

/** A session in one line, for a block's tooltip in the day and week views. */
export function describeSession(s: SessionLike): string {
  const parts = [childName(s.child), sessionWhen(s), s.room.name, SESSION_STATUS[s.status].label];
  return `${parts.join(', ')} (supervisor ${s.supervisor.name})`;
}

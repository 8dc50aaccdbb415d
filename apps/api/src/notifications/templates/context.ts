import type { BankHolidayNation } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SuspensionNoticeRecord } from '../../agreements/agreement.entity.js';
import { Centre } from '../../centres/centre.entity.js';
import { councilNation } from '../../centres/council-nation.js';
import { Observation } from '../../observations/observation.entity.js';
import { Carer, Child, ChildCase, FamilyMember } from '../../people/child.entity.js';
import { StaffUser } from '../../people/staff-user.entity.js';
import { SafeguardingFlag } from '../../safeguarding/flag.entity.js';
import { AbsenceNotice, Session } from '../../sessions/session.entity.js';
import type { Message } from '../message.entity.js';

/** The person a message is for, as their record reads at the moment it is written. */
export interface Addressee {
  /** How they are greeted: a family member's or carer's name as recorded, a member of staff's name. */
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  doNotContact: boolean;
  /** A member of staff whose account was deactivated is reached no more. */
  active: boolean;
}

/** What a message's template may read: the records it is about, as they are now. */
export interface MessageContext {
  message: Message;
  to: Addressee;
  centre: Centre | null;
  child: Child | null;
  session: Session | null;
  /** The latest suspension notice of the agreement (a suspension's message). */
  notice: SuspensionNoticeRecord | null;
  /** The starts of the sessions the notice counts as missed, oldest first. */
  missedStarts: Date[];
  flag: SafeguardingFlag | null;
  /** The latest absence notice of the session (an absence notice's message, a reminder). */
  absence: AbsenceNotice | null;
  observation: Observation | null;
  /** The supervisor of the session (the record's author until someone starts it). */
  supervisor: StaffUser | null;
  /** The child's social worker, holding the open case (a reviewing officer's message names them). */
  socialWorker: StaffUser | null;
  /** Whose bank holidays the council keeps: read only for an overdue record nobody started (its due time). */
  bankHolidayNation: BankHolidayNation | null;
  /** Links into the dashboard, when Kinroom knows its own address. */
  links: { child: string | null; safeguarding: string | null; record: string | null };
}

/** The recipient's current record: a family member, a carer, or a member of staff. Null when it is gone. */
export async function readAddressee(em: EntityManager, m: Message): Promise<Addressee | null> {
  const where = { id: m.recipientId, councilId: m.councilId };
  switch (m.recipientKind) {
    case 'family_member': {
      const f = await em.findOne(FamilyMember, where);
      return f && { ...f, name: `${f.firstName} ${f.lastName}`, active: true };
    }
    case 'carer': {
      const c = await em.findOne(Carer, where);
      return c && { ...c, active: true };
    }
    case 'staff': {
      const s = await em.findOne(StaffUser, where);
      return (
        s && {
          name: s.name,
          email: s.email,
          phone: s.mobile,
          address: null,
          doNotContact: false,
          active: s.active,
        }
      );
    }
    case 'reviewing_officer': {
      // The reviewing officer recorded on the case now; a case closed since is no longer theirs to be told of.
      const c = await em.findOne(ChildCase, where);
      return (
        c && {
          name: c.reviewingOfficerName ?? 'Independent Reviewing Officer',
          email: c.reviewingOfficerEmail,
          phone: null,
          address: null,
          doNotContact: false,
          active: c.closedAt === null,
        }
      );
    }
  }
}

/** Reads the records a message is about (each by its id on the message, in the message's council). */
export async function readContext(
  em: EntityManager,
  m: Message,
  to: Addressee,
  dashboardUrl: string | null,
): Promise<MessageContext> {
  const council = m.councilId;
  const centre = m.centreId ? await em.findOne(Centre, { id: m.centreId, councilId: council }) : null;
  const child = m.childId ? await em.findOne(Child, { id: m.childId, councilId: council }) : null;
  const session = m.sessionId ? await em.findOne(Session, { id: m.sessionId, councilId: council }) : null;
  const flag = m.flagId ? await em.findOne(SafeguardingFlag, { id: m.flagId, councilId: council }) : null;
  const observation = m.observationId
    ? await em.findOne(Observation, { id: m.observationId, councilId: council })
    : null;

  const notice =
    m.purpose.startsWith('suspension_') && m.agreementId
      ? await em.findOne(
          SuspensionNoticeRecord,
          { agreementId: m.agreementId, councilId: council },
          { orderBy: { issuedAt: 'desc' } },
        )
      : null;
  const missed = notice?.missedSessionIds.length
    ? await em.find(
        Session,
        { id: { $in: notice.missedSessionIds }, councilId: council },
        { orderBy: { startsAt: 'asc' } },
      )
    : [];
  const absence =
    (m.purpose === 'absence_notice_social_worker' || m.purpose === 'session_reminder_family') && m.sessionId
      ? await em.findOne(
          AbsenceNotice,
          { sessionId: m.sessionId, councilId: council },
          { orderBy: { recordedAt: 'desc' } },
        )
      : null;
  const supervisor =
    m.purpose === 'record_overdue_manager' && session
      ? await em.findOne(StaffUser, { id: observation?.authorId ?? session.supervisorId })
      : null;

  const socialWorker =
    m.purpose === 'suspension_notice_reviewing_officer' && m.childId
      ? await socialWorkerOf(em, council, m.childId)
      : null;

  const bankHolidayNation =
    m.purpose === 'record_overdue_manager' && session && !observation
      ? await councilNation(em, council)
      : null;

  const base = dashboardUrl?.replace(/\/+$/, '') || null;
  return {
    message: m,
    to,
    centre,
    child,
    session,
    notice,
    missedStarts: missed.map((s) => s.startsAt),
    flag,
    absence,
    observation,
    supervisor,
    socialWorker,
    bankHolidayNation,
    links: {
      child: base && m.childId ? `${base}/children/${m.childId}` : null,
      safeguarding: base ? `${base}/safeguarding` : null,
      record: base ? (m.observationId ? `${base}/desk/records/${m.observationId}` : `${base}/desk`) : null,
    },
  };
}

/** The member of staff holding the child's open case, if any. */
async function socialWorkerOf(
  em: EntityManager,
  councilId: string,
  childId: string,
): Promise<StaffUser | null> {
  const open = await em.findOne(ChildCase, { childId, councilId, closedAt: null });
  return open ? em.findOne(StaffUser, { id: open.socialWorkerId, councilId }) : null;
}

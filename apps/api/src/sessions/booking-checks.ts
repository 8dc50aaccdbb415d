import {
  checkSchedule,
  CONTINUITY_WINDOW,
  formatLondonDate,
  formatLondonDateTime,
  formatLondonTime,
  roomOccupancy,
  staffingProblem,
  staffPairProblem,
  supervisorContinuity,
  STRIKES_WORDING,
  supervisionLevelFor,
  slotClashes,
  type BusySpan,
  type ScheduleCheckInput,
  type ScheduleViolation,
  type SlotChoice,
  type SlotClashKind,
  type TimeRange,
  type WeeklyPattern,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgreementParticipant, ContactAgreement } from '../agreements/agreement.entity.js';
import { assertMayBookUnder } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { Child, FamilyMember } from '../people/child.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Session } from './session.entity.js';

/** What the timing rules check a session against (rules 1 and 2), loaded once per agreement. */
export type ScheduleContext = Omit<ScheduleCheckInput, 'session'>;

/** The timing rules' verdict on one time: every problem, none when it works. */
export function scheduleViolations(context: ScheduleContext, session: TimeRange): ScheduleViolation[] {
  return checkSchedule({ ...context, session });
}

/** A session already booked, as a refusal names it. */
export interface BookedSession {
  id: string;
  startsAt: Date;
  endsAt: Date;
  roomName: string;
  supervisorId: string;
}

/**
 * A reason one time cannot be booked: a timing rule's code in capitals (`OUTSIDE_OPENING_HOURS`, `CLASHES_WITH_SCHOOL`
 * …) or a clash (`ROOM_DOUBLE_BOOKED`, `SUPERVISOR_DOUBLE_BOOKED`, `STAFF_DOUBLE_BOOKED`, `CHILD_DOUBLE_BOOKED`,
 * naming the other session), with its message.
 */
export interface OccurrenceProblem {
  code: string;
  message: string;
  clashingSessionId: string | null;
}

interface BusyRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  held_from: Date;
  held_until: Date;
  room_id: string;
  room_name: string;
  supervisor_id: string;
  second_staff_id: string | null;
  child_id: string;
}

/** The session a refused booking clashes with, as the database has it. */
interface ClashRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  supervisor_id: string;
  second_staff_id: string | null;
}

/**
 * The rules a booking must pass before the database has its say: the agreement allows it (docs/domain.md rules 3 and 8),
 * the staff fit the supervision level, the time fits opening hours, school and work (rules 1 and 2), and continuity
 * of supervisor is made visible (rule 4). A clash the database refuses is explained by naming the other session.
 */
export class BookingChecks {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async loadBookingParts(tx: EntityManager, agreementId: string, roomId: string) {
    const council = this.viewer.councilId;
    const [agreement, room] = await Promise.all([
      tx.findOne(ContactAgreement, { id: agreementId, councilId: council }),
      tx.findOne(Room, { id: roomId, councilId: council }),
    ]);
    assertMayBookUnder(this.viewer, agreement);
    if (!room) throw notFound('room');
    if (room.centreId !== agreement.centreId)
      throw badInput('The room is not at the centre named in the agreement.');
    if (room.condition === 'out_of_service')
      throw new KinroomError('ROOM_UNAVAILABLE', `${room.name} is out of service.`);
    const centre = await tx.findOneOrFail(Centre, { id: room.centreId });
    return { agreement, room, centre };
  }

  assertAgreementAllows(agreement: ContactAgreement, kind: Session['kind']): void {
    if (agreement.status === 'suspended') {
      throw new KinroomError(
        'AGREEMENT_SUSPENDED',
        `Contact is suspended under this agreement after ${STRIKES_WORDING.absences}: only a new agreement restarts it.`,
      );
    }
    // A planning meeting settles the particulars before the agreement is signed; contact itself needs a signed one.
    const ok = agreement.status === 'active' || (agreement.status === 'draft' && kind !== 'contact');
    if (!ok) {
      throw new KinroomError(
        'AGREEMENT_NOT_ACTIVE',
        'No session can be booked without an active, signed contact agreement.',
      );
    }
  }

  /**
   * Only contact supervisors staff a session, in either slot: active, and working at the session's centre (the
   * domain's `staffingProblem`). The database refuses the same at commit; this says which person and why first.
   */
  async checkStaff(
    tx: EntityManager,
    centre: Centre,
    agreement: ContactAgreement,
    supervisorId: string,
    secondStaffId: string | null,
  ): Promise<StaffUser[]> {
    const pairProblem = staffPairProblem(supervisorId, secondStaffId);
    if (pairProblem) throw badInput(pairProblem);
    const ids = [supervisorId, ...(secondStaffId ? [secondStaffId] : [])];
    const staff = ids.every(isUuid)
      ? await tx.find(StaffUser, { id: { $in: ids }, councilId: this.viewer.councilId })
      : [];
    const slots = [
      [supervisorId, 'supervisor'],
      ...(secondStaffId ? [[secondStaffId, 'second member of staff'] as const] : []),
    ] as const;
    for (const [id, slot] of slots) {
      const who = staff.find((u) => u.id === id);
      const problem = who
        ? staffingProblem(who, centre.id, slot)
        : `The ${slot} must be an active contact supervisor of this centre.`;
      if (problem) throw new KinroomError('SESSION_STAFF_NOT_ELIGIBLE', problem, { staffId: id });
    }
    if (supervisionLevelFor(agreement.riskFactors).requiresSecondStaff && !secondStaffId) {
      throw badInput('This agreement is at high vigilance: book a second member of staff as well.');
    }
    return staff;
  }

  async checkTimes(
    tx: EntityManager,
    centre: Centre,
    agreement: ContactAgreement,
    startsAt: Date,
    endsAt: Date,
  ) {
    const violations = scheduleViolations(await this.scheduleContext(tx, centre, agreement), {
      start: startsAt,
      end: endsAt,
    });
    if (violations.length > 0) {
      throw new KinroomError('SESSION_SCHEDULE_CONFLICT', violations.map((v) => v.message).join(' '), {
        violations: violations.map((v) => v.code),
      });
    }
  }

  /** What a session under the agreement must fit around (rules 1 and 2): loaded once for any number of times. */
  async scheduleContext(
    tx: EntityManager,
    centre: Centre,
    agreement: ContactAgreement,
  ): Promise<ScheduleContext> {
    const child = await tx.findOneOrFail(Child, { id: agreement.childId });
    const participants = await tx.find(AgreementParticipant, { agreementId: agreement.id });
    const members = await tx.find(FamilyMember, { id: { $in: participants.map((p) => p.familyMemberId) } });
    const parentWork: WeeklyPattern = members.flatMap((m) => m.workPattern);
    return {
      now: this.now,
      openingHours: centre.openingHours,
      childSchool: child.schoolPattern,
      parentWork,
      maxMinutes: Math.max(agreement.sessionMinutes, 60) * 2,
    };
  }

  /**
   * Every session that could be in the way of bookings between `from` and `to` (by the span each holds): at the
   * centre, of the given staff wherever they are, or of the child. One statement however many times are checked.
   */
  async busyBetween(
    tx: EntityManager,
    q: { centreId: string; staffIds: readonly string[]; childId: string; from: Date; to: Date },
  ): Promise<BusySpan<BookedSession>[]> {
    const staff = q.staffIds.length > 0 ? [...q.staffIds] : ['00000000-0000-0000-0000-000000000000'];
    const rows = await tx.execute<BusyRow[]>(
      `select s.id, s.starts_at, s.ends_at, s.held_from, s.held_until, s.room_id, r.name as room_name,
              s.supervisor_id, s.second_staff_id, s.child_id
         from session s join room r on r.id = s.room_id
        where s.council_id = ? and s.status <> 'cancelled'
          and tstzrange(s.held_from, s.held_until, '[)') && tstzrange(?, ?, '[)')
          and (s.centre_id = ? or s.supervisor_id in (?) or s.second_staff_id in (?) or s.child_id = ?)
        order by s.starts_at, s.id`,
      [this.viewer.councilId, q.from, q.to, q.centreId, staff, staff, q.childId],
    );
    return rows.map((r) => ({
      held: { start: new Date(r.held_from), end: new Date(r.held_until) },
      roomId: r.room_id,
      staffIds: [r.supervisor_id, ...(r.second_staff_id ? [r.second_staff_id] : [])],
      childId: r.child_id,
      ref: {
        id: r.id,
        startsAt: new Date(r.starts_at),
        endsAt: new Date(r.ends_at),
        roomName: r.room_name,
        supervisorId: r.supervisor_id,
      },
    }));
  }

  /**
   * Every reason a proposed session cannot be booked, in words the manager can act on: the timing rules, and each
   * session already holding its room, its staff or the child, named by day, time and room (never by id alone).
   */
  occurrenceProblems(
    context: ScheduleContext,
    busy: readonly BusySpan<BookedSession>[],
    choice: SlotChoice,
    options: {
      childId: string;
      turnoverMinutes: number;
      staffNames: ReadonlyMap<string, string>;
      except?: ReadonlySet<BookedSession>;
    },
  ): OccurrenceProblem[] {
    const problems: OccurrenceProblem[] = scheduleViolations(context, choice.session).map((v) => ({
      code: v.code.toUpperCase(),
      message: v.message,
      clashingSessionId: null,
    }));
    for (const clash of slotClashes(choice, busy, options)) {
      const other = clash.with.ref;
      const when = `on ${formatLondonDate(other.startsAt)} from ${formatLondonTime(other.startsAt)} to ${formatLondonTime(other.endsAt)} in ${other.roomName}, including arrivals and tidying`;
      const name = clash.staffId ? (options.staffNames.get(clash.staffId) ?? 'A member of staff') : '';
      const part = clash.staffId === other.supervisorId ? 'supervisor' : 'second member of staff';
      const refusals: Record<SlotClashKind, [string, string]> = {
        room: ['ROOM_DOUBLE_BOOKED', `The room is already booked for a session ${when}.`],
        supervisor: [
          clash.staffId === other.supervisorId ? 'SUPERVISOR_DOUBLE_BOOKED' : 'STAFF_DOUBLE_BOOKED',
          `${name} is already booked as ${part} for a session ${when}.`,
        ],
        second_staff: ['STAFF_DOUBLE_BOOKED', `${name} is already booked as ${part} for a session ${when}.`],
        child: ['CHILD_DOUBLE_BOOKED', `The child already has a session ${when}.`],
      };
      const [code, message] = refusals[clash.kind];
      problems.push({ code, message, clashingSessionId: other.id });
    }
    return problems;
  }

  async continuityNote(tx: EntityManager, agreementId: string, supervisorId: string): Promise<string | null> {
    const past = await this.recentSessions(tx, agreementId);
    return supervisorContinuity({
      proposedSupervisorId: supervisorId,
      pastSupervisorIds: past.map((p) => p.supervisorId),
    }).note;
  }

  /** The family's most recent sessions under the agreement, most recent first: who decides continuity (rule 4). */
  recentSessions(
    tx: EntityManager,
    agreementId: string,
  ): Promise<Pick<Session, 'supervisorId' | 'roomId'>[]> {
    return tx.find(
      Session,
      { agreementId, status: { $nin: ['cancelled'] }, startsAt: { $lt: this.now } },
      { orderBy: { startsAt: 'desc' }, limit: CONTINUITY_WINDOW, fields: ['supervisorId', 'roomId'] },
    );
  }

  /** A refused booking names the session it clashes with, and who is double booked, so the manager can act on it. */
  async explainClash(
    err: unknown,
    roomId: string,
    staffIds: readonly (string | null)[],
    startsAt: Date,
    endsAt: Date,
    exceptId?: string,
  ): Promise<unknown> {
    const known = translateDatabaseError(err);
    if (
      !known ||
      (known.code !== 'SESSION_ROOM_DOUBLE_BOOKED' &&
        known.code !== 'SESSION_SUPERVISOR_DOUBLE_BOOKED' &&
        known.code !== 'SESSION_STAFF_DOUBLE_BOOKED')
    ) {
      return err;
    }
    const byRoom = known.code === 'SESSION_ROOM_DOUBLE_BOOKED';
    const staff = staffIds.filter((id): id is string => id !== null);
    const held = roomOccupancy({ start: startsAt, end: endsAt });
    const rows = await this.em.getConnection().execute<ClashRow[]>(
      `select id, starts_at, ends_at, supervisor_id, second_staff_id from session
        where council_id = ? and status <> 'cancelled' and id <> ?
          and ${byRoom ? 'room_id = ?' : '(supervisor_id in (?) or second_staff_id in (?))'}
          and tstzrange(held_from, held_until, '[)') && tstzrange(?, ?, '[)')
        order by starts_at limit 1`,
      [
        this.viewer.councilId,
        exceptId ?? '00000000-0000-0000-0000-000000000000',
        ...(byRoom ? [roomId] : [staff, staff]),
        held.start,
        held.end,
      ],
    );
    const row = rows[0];
    if (!row) return known;
    const when = `from ${formatLondonDateTime(new Date(row.starts_at))} to ${formatLondonTime(new Date(row.ends_at))} (session ${row.id}), including arrivals and tidying`;
    let message: string;
    let person: string | null = null;
    if (byRoom) {
      message = `The room is already booked for a session ${when}.`;
    } else {
      person = staff.find((id) => id === row.supervisor_id || id === row.second_staff_id) ?? null;
      const user = person ? await this.em.findOne(StaffUser, { id: person }, { fields: ['name'] }) : null;
      const part = person === row.supervisor_id ? 'supervisor' : 'second member of staff';
      message = `${user?.name ?? 'A member of staff'} is already booked as ${part} for a session ${when}.`;
    }
    return new KinroomError(known.code, message, {
      clashingSessionId: row.id,
      ...(person ? { staffId: person } : {}),
    });
  }
}

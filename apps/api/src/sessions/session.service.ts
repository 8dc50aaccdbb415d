import {
  checkSchedule,
  classifyAttendance,
  roomOccupancy,
  supervisorContinuity,
  supervisionLevelFor,
  transitionSession,
  type SessionEvent,
  type WeeklyPattern,
} from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCentre, canReadChild } from '../access/policy.js';
import { AgreementParticipant, ContactAgreement } from '../agreements/agreement.entity.js';
import { applyThreeStrikes } from '../agreements/three-strikes.service.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput, forbidden, KinroomError, notFound } from '../common/errors.js';
import { translateDatabaseError } from '../db/database-errors.js';
import { make } from '../db/make.js';
import { Child, FamilyMember } from '../people/child.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { markRoomNeedsTidying } from '../rooms/room.service.js';
import type {
  BookSessionInput,
  CancelSessionInput,
  RecordAbsenceNoticeInput,
  RecordSessionStepInput,
  RescheduleSessionInput,
} from './session.inputs.js';
import { AbsenceNotice, Attendance, Session } from './session.entity.js';
import { recordSessionEvent } from './session-events.js';

const MAX_TEXT = 2000;

/**
 * Booking, moving, cancelling and running sessions. Every change happens in one transaction together with its
 * outbox event; the database's exclusion constraints have the last word on double booking.
 */
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  /** A session the viewer may see, or NOT_FOUND (whether it exists or not). */
  async visible(sessionId: string, em: EntityManager = this.em, lock = false): Promise<Session> {
    const s = await em.findOne(
      Session,
      { id: sessionId, councilId: this.viewer.councilId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!s || !(await this.maySee(s))) throw notFound('session');
    return s;
  }

  private async maySee(s: Session): Promise<boolean> {
    switch (this.viewer.role) {
      case 'centre_manager':
        return this.viewer.centreId === s.centreId;
      case 'supervisor':
        return s.supervisorId === this.viewer.userId || s.secondStaffId === this.viewer.userId;
      case 'social_worker':
        return canReadChild(this.em, this.viewer, s.childId);
      case 'integrator':
        return true;
      case 'admin':
        return false;
    }
  }

  private assertMayRun(s: Session): void {
    const runs =
      (this.viewer.role === 'centre_manager' && this.viewer.centreId === s.centreId) ||
      s.supervisorId === this.viewer.userId ||
      s.secondStaffId === this.viewer.userId;
    if (!runs) throw forbidden('Only the session’s supervisor or the centre manager can record this.');
  }

  private assertVersion(s: Session, expected: number): void {
    if (s.version !== expected) {
      throw new KinroomError(
        'STALE_VERSION',
        'This session was changed by someone else: reload it and try again.',
        {
          currentVersion: s.version,
        },
      );
    }
  }

  async book(input: BookSessionInput): Promise<Session> {
    try {
      return await this.em.transactional(async (tx) => {
        const { agreement, room, centre } = await this.loadBookingParts(tx, input.agreementId, input.roomId);
        assertCentre(this.viewer, room.centreId);
        this.assertAgreementAllows(agreement, input.kind);
        const supervisorId = input.supervisorId;
        await this.checkStaff(tx, centre, agreement, supervisorId, input.secondStaffId ?? null);
        await this.checkTimes(tx, centre, agreement, input.startsAt, input.endsAt);
        const s = make(Session, {
          councilId: this.viewer.councilId,
          centreId: centre.id,
          roomId: room.id,
          supervisorId,
          secondStaffId: input.secondStaffId ?? null,
          agreementId: agreement.id,
          childId: agreement.childId,
          kind: input.kind,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          turnoverMinutes: centre.turnoverMinutes,
          continuityNote: await this.continuityNote(tx, agreement.id, supervisorId),
        });
        tx.persist(s);
        this.event(tx, s, 'booked');
        await tx.flush();
        return s;
      });
    } catch (err) {
      throw await this.explainClash(err, input.roomId, input.supervisorId, input.startsAt, input.endsAt);
    }
  }

  async reschedule(input: RescheduleSessionInput): Promise<Session> {
    let target: { roomId: string; supervisorId: string } | null = null;
    try {
      return await this.em.transactional(async (tx) => {
        const s = await this.loadForChange(tx, input.sessionId, input.expectedVersion);
        if (this.viewer.role !== 'centre_manager')
          throw forbidden('Only the centre manager can move a session.');
        if (s.status !== 'scheduled') {
          throw new KinroomError(
            'SESSION_ILLEGAL_TRANSITION',
            'Only a session nobody has arrived for can be moved.',
          );
        }
        const { agreement, room, centre } = await this.loadBookingParts(
          tx,
          s.agreementId,
          input.roomId ?? s.roomId,
        );
        this.assertAgreementAllows(agreement, s.kind);
        const supervisorId = input.supervisorId ?? s.supervisorId;
        target = { roomId: room.id, supervisorId };
        await this.checkStaff(tx, centre, agreement, supervisorId, s.secondStaffId);
        await this.checkTimes(tx, centre, agreement, input.startsAt, input.endsAt);
        if (supervisorId !== s.supervisorId)
          s.continuityNote = await this.continuityNote(tx, agreement.id, supervisorId);
        Object.assign(s, { roomId: room.id, supervisorId, startsAt: input.startsAt, endsAt: input.endsAt });
        this.event(tx, s, 'rescheduled');
        await tx.flush();
        return s;
      });
    } catch (err) {
      const t = target as { roomId: string; supervisorId: string } | null;
      throw t
        ? await this.explainClash(
            err,
            t.roomId,
            t.supervisorId,
            input.startsAt,
            input.endsAt,
            input.sessionId,
          )
        : err;
    }
  }

  async cancel(input: CancelSessionInput): Promise<Session> {
    const note = input.note?.trim() || null;
    if (input.reason === 'other' && !note)
      throw badInput('Say why the session is cancelled when the reason is OTHER.');
    if (note && note.length > MAX_TEXT) throw badInput(`The note is longer than ${MAX_TEXT} characters.`);
    if (input.familyInformedAt && input.familyInformedAt > this.now) {
      throw badInput('The family cannot have been told in the future.');
    }
    return this.em.transactional(async (tx) => {
      const s = await this.loadForChange(tx, input.sessionId, input.expectedVersion);
      if (this.viewer.role !== 'centre_manager')
        throw forbidden('Only the centre manager can cancel a session.');
      this.transition(s, 'cancel');
      Object.assign(s, {
        cancelledAt: this.now,
        cancelledById: this.viewer.userId,
        cancellationReason: input.reason,
        cancellationNote: note,
        familyInformedAt: input.familyInformedAt ?? null,
      });
      tx.persist(
        make(Attendance, {
          councilId: s.councilId,
          sessionId: s.id,
          outcome: 'centre_cancelled',
          recordedById: this.viewer.userId,
          recordedAt: this.now,
        }),
      );
      this.event(tx, s, 'cancelled');
      await tx.flush();
      return s;
    });
  }

  /** Records that the family was told of a cancellation (rule 6: who, why, and when the family was told). */
  async recordFamilyInformed(sessionId: string, expectedVersion: number, at: Date): Promise<Session> {
    if (at > this.now) throw badInput('The family cannot have been told in the future.');
    return this.em.transactional(async (tx) => {
      const s = await this.loadForChange(tx, sessionId, expectedVersion);
      this.assertMayRun(s);
      if (s.status !== 'cancelled')
        throw new KinroomError('SESSION_ILLEGAL_TRANSITION', 'The session is not cancelled.');
      s.familyInformedAt = at;
      this.event(tx, s, 'family_informed');
      await tx.flush();
      return s;
    });
  }

  async recordStep(input: RecordSessionStepInput): Promise<Session> {
    const at = input.at ?? this.now;
    if (at.getTime() > this.now.getTime() + 60_000)
      throw badInput('A step cannot be recorded in the future.');
    return this.em.transactional(async (tx) => {
      const s = await this.loadForChange(tx, input.sessionId, input.expectedVersion);
      this.assertMayRun(s);
      this.transition(s, input.step);
      switch (input.step) {
        case 'record_parent_arrival':
          s.parentArrivedAt = at;
          break;
        case 'record_child_arrival':
          s.childArrivedAt = at;
          break;
        case 'start':
          s.startedAt = at;
          break;
        case 'end':
          s.endedAt = at;
          await markRoomNeedsTidying(tx, s.roomId, s.councilId, s.centreId, { at, sessionId: s.id });
          await this.recordAttendance(tx, s);
          break;
        case 'record_no_show':
          if (at < s.startsAt) throw badInput('A no-show can only be recorded once the session has started.');
          await this.recordAttendance(tx, s);
          break;
      }
      this.event(tx, s, input.step);
      await tx.flush();
      return s;
    });
  }

  async recordAbsenceNotice(
    input: RecordAbsenceNoticeInput,
  ): Promise<AbsenceNotice & { beforeStart: boolean }> {
    const givenBy = input.givenBy.trim();
    const reason = input.reason.trim();
    if (!givenBy || !reason) throw badInput('Say who gave notice and the reason they gave.');
    if (givenBy.length > 200 || reason.length > MAX_TEXT) throw badInput('The notice is too long.');
    if (input.receivedAt > this.now) throw badInput('A notice cannot be received in the future.');
    return this.em.transactional(async (tx) => {
      const s = await this.visible(input.sessionId, tx);
      if (!(this.viewer.role === 'centre_manager' || this.viewer.role === 'supervisor')) throw forbidden();
      if (s.status !== 'scheduled') {
        throw new KinroomError(
          'SESSION_ILLEGAL_TRANSITION',
          'Notice can only be recorded for a session that has not taken place.',
        );
      }
      const notice = make(AbsenceNotice, {
        councilId: s.councilId,
        sessionId: s.id,
        receivedAt: input.receivedAt,
        receivedById: this.viewer.userId,
        givenBy,
        reason,
      });
      tx.persist(notice);
      this.event(tx, s, 'absence_notice');
      await tx.flush();
      return Object.assign(notice, { beforeStart: notice.receivedAt < s.startsAt });
    });
  }

  private async recordAttendance(tx: EntityManager, s: Session): Promise<void> {
    const notice = await tx.findOne(AbsenceNotice, { sessionId: s.id }, { orderBy: { receivedAt: 'asc' } });
    const outcome = classifyAttendance({
      scheduledStart: s.startsAt,
      parentArrivedAt: s.parentArrivedAt,
      absenceNoticeReceivedAt: notice?.receivedAt ?? null,
    });
    const minutesLate =
      outcome === 'late_within_grace' && s.parentArrivedAt
        ? Math.round((s.parentArrivedAt.getTime() - s.startsAt.getTime()) / 60_000)
        : null;
    tx.persist(
      make(Attendance, {
        councilId: s.councilId,
        sessionId: s.id,
        outcome,
        minutesLate,
        recordedById: this.viewer.userId,
        recordedAt: this.now,
      }),
    );
    await tx.flush();
    await applyThreeStrikes(tx, this.viewer, s.agreementId, this.now);
  }

  private transition(s: Session, event: SessionEvent): void {
    const t = transitionSession(s.status, event);
    if (!t.ok)
      throw new KinroomError('SESSION_ILLEGAL_TRANSITION', t.reason, { status: s.status.toUpperCase() });
    s.status = t.to;
  }

  private async loadForChange(
    tx: EntityManager,
    sessionId: string,
    expectedVersion: number,
  ): Promise<Session> {
    const s = await this.visible(sessionId, tx, true);
    this.assertVersion(s, expectedVersion);
    return s;
  }

  private async loadBookingParts(tx: EntityManager, agreementId: string, roomId: string) {
    const council = this.viewer.councilId;
    const [agreement, room] = await Promise.all([
      tx.findOne(ContactAgreement, { id: agreementId, councilId: council }),
      tx.findOne(Room, { id: roomId, councilId: council }),
    ]);
    if (
      !agreement ||
      (this.viewer.role === 'centre_manager' && agreement.centreId !== this.viewer.centreId)
    ) {
      throw notFound('contact agreement');
    }
    if (!room) throw notFound('room');
    if (room.centreId !== agreement.centreId)
      throw badInput('The room is not at the centre named in the agreement.');
    if (room.condition === 'out_of_service')
      throw new KinroomError('ROOM_UNAVAILABLE', `${room.name} is out of service.`);
    const centre = await tx.findOneOrFail(Centre, { id: room.centreId });
    return { agreement, room, centre };
  }

  private assertAgreementAllows(agreement: ContactAgreement, kind: Session['kind']): void {
    if (agreement.status === 'suspended') {
      throw new KinroomError(
        'AGREEMENT_SUSPENDED',
        'Contact is suspended under this agreement after three unexplained absences: only a new agreement restarts it.',
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

  private async checkStaff(
    tx: EntityManager,
    centre: Centre,
    agreement: ContactAgreement,
    supervisorId: string,
    secondStaffId: string | null,
  ): Promise<void> {
    const ids = [supervisorId, ...(secondStaffId ? [secondStaffId] : [])];
    const staff = await tx.find(StaffUser, {
      id: { $in: ids },
      councilId: this.viewer.councilId,
      active: true,
    });
    const sup = staff.find((u) => u.id === supervisorId);
    if (!sup || sup.role !== 'supervisor' || sup.centreId !== centre.id) {
      throw badInput('The supervisor must be an active supervisor of this centre.');
    }
    if (secondStaffId && (secondStaffId === supervisorId || !staff.some((u) => u.id === secondStaffId))) {
      throw badInput('The second member of staff must be another active member of staff.');
    }
    if (supervisionLevelFor(agreement.riskFactors).requiresSecondStaff && !secondStaffId) {
      throw badInput('This agreement is at high vigilance: book a second member of staff as well.');
    }
  }

  private async checkTimes(
    tx: EntityManager,
    centre: Centre,
    agreement: ContactAgreement,
    startsAt: Date,
    endsAt: Date,
  ) {
    const child = await tx.findOneOrFail(Child, { id: agreement.childId });
    const participants = await tx.find(AgreementParticipant, { agreementId: agreement.id });
    const members = await tx.find(FamilyMember, { id: { $in: participants.map((p) => p.familyMemberId) } });
    const parentWork: WeeklyPattern = members.flatMap((m) => m.workPattern);
    const violations = checkSchedule({
      session: { start: startsAt, end: endsAt },
      now: this.now,
      openingHours: centre.openingHours,
      childSchool: child.schoolPattern,
      parentWork,
      maxMinutes: Math.max(agreement.sessionMinutes, 60) * 2,
    });
    if (violations.length > 0) {
      throw new KinroomError('SESSION_SCHEDULE_CONFLICT', violations.map((v) => v.message).join(' '), {
        violations: violations.map((v) => v.code),
      });
    }
  }

  private async continuityNote(
    tx: EntityManager,
    agreementId: string,
    supervisorId: string,
  ): Promise<string | null> {
    const past = await tx.find(
      Session,
      { agreementId, status: { $nin: ['cancelled'] }, startsAt: { $lt: this.now } },
      { orderBy: { startsAt: 'desc' }, limit: 6, fields: ['supervisorId'] },
    );
    return supervisorContinuity({
      proposedSupervisorId: supervisorId,
      pastSupervisorIds: past.map((p) => p.supervisorId),
    }).note;
  }

  /** A refused booking names the session it clashes with, so the manager can act on it. */
  private async explainClash(
    err: unknown,
    roomId: string,
    supervisorId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId?: string,
  ): Promise<unknown> {
    const known = translateDatabaseError(err);
    if (
      !known ||
      (known.code !== 'SESSION_ROOM_DOUBLE_BOOKED' && known.code !== 'SESSION_SUPERVISOR_DOUBLE_BOOKED')
    ) {
      return err;
    }
    const byRoom = known.code === 'SESSION_ROOM_DOUBLE_BOOKED';
    const held = roomOccupancy({ start: startsAt, end: endsAt });
    const rows = await this.em.getConnection().execute<{ id: string; starts_at: Date; ends_at: Date }[]>(
      `select id, starts_at, ends_at from session
        where council_id = ? and status <> 'cancelled' and id <> ?
          and ${byRoom ? 'room_id = ?' : '(supervisor_id = ? or second_staff_id = ?)'}
          and tstzrange(held_from, held_until, '[)') && tstzrange(?, ?, '[)')
        order by starts_at limit 1`,
      [
        this.viewer.councilId,
        exceptId ?? '00000000-0000-0000-0000-000000000000',
        ...(byRoom ? [roomId] : [supervisorId, supervisorId]),
        held.start,
        held.end,
      ],
    );
    const row = rows[0];
    const clash = row
      ? { id: row.id, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) }
      : null;
    const what = byRoom ? 'The room' : 'The supervisor';
    const message = clash
      ? `${what} is already booked from ${clash.startsAt.toISOString()} to ${clash.endsAt.toISOString()} (session ${clash.id}), including arrivals and tidying.`
      : known.message;
    return new KinroomError(known.code, message, clash ? { clashingSessionId: clash.id } : {});
  }

  private event(tx: EntityManager, s: Session, kind: string): void {
    recordSessionEvent(tx, s, kind);
  }
}

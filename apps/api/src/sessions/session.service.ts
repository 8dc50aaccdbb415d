import {
  checkStepTiming,
  classifyAttendance,
  transitionSession,
  type CancellationReason,
  type FamilyInformedMethod,
  type SessionEvent,
} from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertMayBookAt,
  assertMayCancelSession,
  assertMayMoveSession,
  assertMayRunSession,
  maySeeSession,
} from '../access/index.js';
import { applyThreeStrikes } from '../agreements/three-strikes.service.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { markRoomNeedsTidying } from '../rooms/room.service.js';
import type {
  BookSessionInput,
  CancelSessionInput,
  CentreCancellationInput,
  RecordSessionStepInput,
  RescheduleSessionInput,
} from './session.inputs.js';
import { AbsenceNotice, Attendance, Session } from './session.entity.js';
import { recordSessionEvent } from './session-events.js';
import { BookingChecks } from './booking-checks.js';

const MAX_TEXT = 2000;

/** Why the centre cancels, as checked by `cancellationFields`. */
export interface CancellationFields {
  reason: CancellationReason;
  note: string | null;
  familyInformedAt: Date | null;
  familyInformedVia: FamilyInformedMethod | null;
}

/**
 * Booking, moving, cancelling and running sessions. Every change happens in one transaction together with its
 * outbox event; the database's exclusion constraints have the last word on double booking.
 */
export class SessionService {
  private readonly checks: BookingChecks;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    this.checks = new BookingChecks(em, viewer, now);
  }

  /** A session the viewer may see, or NOT_FOUND (whether it exists or not). */
  async visible(sessionId: string, em: EntityManager = this.em, lock = false): Promise<Session> {
    if (!isUuid(sessionId)) throw notFound('session');
    const s = await em.findOne(
      Session,
      { id: sessionId, councilId: this.viewer.councilId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!s || !(await maySeeSession(this.em, this.viewer, s))) throw notFound('session');
    return s;
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
        const { agreement, room, centre } = await this.checks.loadBookingParts(
          tx,
          input.agreementId,
          input.roomId,
        );
        assertMayBookAt(this.viewer, room.centreId);
        this.checks.assertAgreementAllows(agreement, input.kind);
        const supervisorId = input.supervisorId;
        await this.checks.checkStaff(tx, centre, agreement, supervisorId, input.secondStaffId ?? null);
        await this.checks.checkTimes(tx, centre, agreement, input.startsAt, input.endsAt);
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
          continuityNote: await this.checks.continuityNote(tx, agreement.id, supervisorId),
        });
        tx.persist(s);
        this.event(tx, s, 'booked');
        await tx.flush();
        return s;
      });
    } catch (err) {
      throw await this.checks.explainClash(
        err,
        input.roomId,
        [input.supervisorId, input.secondStaffId ?? null],
        input.startsAt,
        input.endsAt,
      );
    }
  }

  async reschedule(input: RescheduleSessionInput): Promise<Session> {
    let target: { roomId: string; staffIds: (string | null)[] } | null = null;
    try {
      return await this.em.transactional(async (tx) => {
        const s = await this.loadForChange(tx, input.sessionId, input.expectedVersion);
        assertMayMoveSession(this.viewer);
        if (s.status !== 'scheduled') {
          throw new KinroomError(
            'SESSION_ILLEGAL_TRANSITION',
            'Only a session nobody has arrived for can be moved.',
          );
        }
        const { agreement, room, centre } = await this.checks.loadBookingParts(
          tx,
          s.agreementId,
          input.roomId ?? s.roomId,
        );
        this.checks.assertAgreementAllows(agreement, s.kind);
        const supervisorId = input.supervisorId ?? s.supervisorId;
        target = { roomId: room.id, staffIds: [supervisorId, s.secondStaffId] };
        await this.checks.checkStaff(tx, centre, agreement, supervisorId, s.secondStaffId);
        await this.checks.checkTimes(tx, centre, agreement, input.startsAt, input.endsAt);
        if (supervisorId !== s.supervisorId)
          s.continuityNote = await this.checks.continuityNote(tx, agreement.id, supervisorId);
        Object.assign(s, { roomId: room.id, supervisorId, startsAt: input.startsAt, endsAt: input.endsAt });
        this.event(tx, s, 'rescheduled');
        await tx.flush();
        return s;
      });
    } catch (err) {
      const t = target as { roomId: string; staffIds: (string | null)[] } | null;
      throw t
        ? await this.checks.explainClash(
            err,
            t.roomId,
            t.staffIds,
            input.startsAt,
            input.endsAt,
            input.sessionId,
          )
        : err;
    }
  }

  async cancel(input: CancelSessionInput): Promise<Session> {
    const fields = this.cancellationFields(input);
    return this.em.transactional(async (tx) => {
      const s = await this.loadForChange(tx, input.sessionId, input.expectedVersion);
      this.cancelLoaded(tx, s, fields);
      await tx.flush();
      return s;
    });
  }

  /** A cancellation's reason, note and when the family was told, checked once for any number of sessions. */
  cancellationFields(input: CentreCancellationInput): CancellationFields {
    const note = input.note?.trim() || null;
    if (input.reason === 'other' && !note)
      throw badInput('Say why the session is cancelled when the reason is OTHER.');
    if (note && note.length > MAX_TEXT) throw badInput(`The note is longer than ${MAX_TEXT} characters.`);
    const told = this.familyTold(input.familyInformedAt ?? null, input.familyInformedVia ?? null, true);
    return { reason: input.reason, note, ...told };
  }

  /** Cancels a session loaded for change in the caller's transaction: its attendance and its event with it. */
  cancelLoaded(tx: EntityManager, s: Session, fields: CancellationFields): void {
    assertMayCancelSession(this.viewer);
    this.transition(s, 'cancel');
    Object.assign(s, {
      cancelledAt: this.now,
      cancelledById: this.viewer.userId,
      cancellationReason: fields.reason,
      cancellationNote: fields.note,
      familyInformedAt: fields.familyInformedAt,
      familyInformedVia: fields.familyInformedVia,
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
  }

  /**
   * When and how the family was told, checked: never in the future, and a way only with a time. `requireWay`
   * refuses a time without a way; `recordFamilyInformed` has long been called with a time alone, which it keeps
   * accepting (the way is then not recorded: null).
   */
  private familyTold(
    at: Date | null,
    via: FamilyInformedMethod | null,
    requireWay: boolean,
  ): { familyInformedAt: Date | null; familyInformedVia: FamilyInformedMethod | null } {
    if (at && at > this.now) throw badInput('The family cannot have been told in the future.');
    if (via && !at) throw badInput('Say when the family was told.', { field: 'familyInformedAt' });
    if (at && !via && requireWay) {
      throw new KinroomError('FAMILY_INFORMED_METHOD_REQUIRED', 'Say how the family was told.', {
        field: 'familyInformedVia',
      });
    }
    return { familyInformedAt: at, familyInformedVia: via };
  }

  /** Records that the family was told of a cancellation (rule 6: who, why, and when the family was told). */
  async recordFamilyInformed(
    sessionId: string,
    expectedVersion: number,
    at: Date,
    via: FamilyInformedMethod | null = null,
  ): Promise<Session> {
    const told = this.familyTold(at, via, false);
    return this.em.transactional(async (tx) => {
      const s = await this.loadForChange(tx, sessionId, expectedVersion);
      assertMayRunSession(this.viewer, s);
      if (s.status !== 'cancelled')
        throw new KinroomError('SESSION_ILLEGAL_TRANSITION', 'The session is not cancelled.');
      Object.assign(s, told);
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
      assertMayRunSession(this.viewer, s);
      this.transition(s, input.step);
      this.assertStepDue(s, input.step, at);
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
          await this.recordAttendance(tx, s);
          break;
      }
      this.event(tx, s, input.step);
      await tx.flush();
      return s;
    });
  }

  private async recordAttendance(tx: EntityManager, s: Session): Promise<void> {
    // Only a notice both received and recorded before the start explains an absence (rule 7), so the one that
    // counts is the earliest recorded; a later one is kept as a late notice.
    const notice = await tx.findOne(AbsenceNotice, { sessionId: s.id }, { orderBy: { recordedAt: 'asc' } });
    const outcome = classifyAttendance({
      scheduledStart: s.startsAt,
      parentArrivedAt: s.parentArrivedAt,
      absenceNotice: notice,
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

  /**
   * A session's steps happen around its booked time (the domain's `checkStepTiming`): arrivals and the start from
   * an hour before it, its outcome (the end, or a no-show) only once it has come. Otherwise a session booked for
   * next week could be "attended" today and wipe out a run of unexplained absences.
   */
  private assertStepDue(s: Session, step: RecordSessionStepInput['step'], at: Date): void {
    const t = checkStepTiming({ event: step, scheduledStart: s.startsAt, now: this.now, at });
    if (!t.ok) throw new KinroomError('SESSION_NOT_YET', t.reason, { opensAt: t.opensAt.toISOString() });
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

  private event(tx: EntityManager, s: Session, kind: string): void {
    recordSessionEvent(tx, s, kind);
  }
}

import {
  addDaysToDateKey,
  findFreeSlots,
  sessionLengthProblem,
  staffingProblem,
  supervisionLevelFor,
  supervisorContinuity,
  type SessionKind,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayBookAt, assertMayBookUnder } from '../access/index.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput } from '../common/errors.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { Room } from '../rooms/room.entity.js';
import { BookingChecks } from './booking-checks.js';
import { offered, type OfferedSlot } from './series-checks.js';
import { londonDay } from './session.query.js';

/** Days ahead `findSlots` looks, from the day asked for: two weeks. */
export const SLOT_SEARCH_DAYS = 14;

/** The most free times `findSlots` returns at once. */
export const MAX_SLOTS = 50;

/**
 * The next free times for a family at its agreement's centre (docs/sessions.md, "Finding a slot"), best first: the
 * family's usual supervisor (rule 4) in their usual room, then the usual supervisor elsewhere, then the usual room,
 * then anyone; within each, the earliest. The same fixed set of statements however many days and rooms are searched.
 */
export async function findSlots(
  em: EntityManager,
  viewer: Viewer,
  now: Date,
  q: { agreementId: string; from: string; count: number; durationMinutes: number | null; kind: SessionKind },
): Promise<{ childId: string; slots: OfferedSlot[] }> {
  londonDay(q.from);
  if (!Number.isInteger(q.count) || q.count < 1 || q.count > MAX_SLOTS)
    throw badInput(`Ask for 1 to ${MAX_SLOTS} free times.`, { field: 'count' });
  const checks = new BookingChecks(em, viewer, now);
  return em.transactional(async (tx) => {
    const agreement = await tx.findOne(ContactAgreement, { id: q.agreementId, councilId: viewer.councilId });
    assertMayBookUnder(viewer, agreement);
    assertMayBookAt(viewer, agreement.centreId);
    checks.assertAgreementAllows(agreement, q.kind);
    const durationMinutes = q.durationMinutes ?? agreement.sessionMinutes;
    const lengthProblem = sessionLengthProblem(durationMinutes);
    if (lengthProblem) throw badInput(lengthProblem, { field: 'durationMinutes' });
    if (supervisionLevelFor(agreement.riskFactors).requiresSecondStaff) {
      throw badInput(
        'This agreement is at high vigilance and needs two members of staff: plan it as a series with both named.',
      );
    }
    const centre = await tx.findOneOrFail(Centre, { id: agreement.centreId });
    const rooms = await tx.find(Room, { centreId: centre.id, councilId: viewer.councilId });
    const people = await tx.find(StaffUser, { centreId: centre.id, councilId: viewer.councilId });
    const recent = await checks.recentSessions(tx, agreement.id);
    const context = await checks.scheduleContext(tx, centre, agreement);
    const inService = rooms.filter((r) => r.condition !== 'out_of_service');
    const supervisors = people.filter((u) => staffingProblem(u, centre.id, 'supervisor') === null);
    const days = Array.from({ length: SLOT_SEARCH_DAYS }, (_, i) => addDaysToDateKey(q.from, i));
    const busy = await checks.busyBetween(tx, {
      centreId: centre.id,
      staffIds: supervisors.map((u) => u.id),
      childId: agreement.childId,
      from: londonDay(addDaysToDateKey(q.from, -1)).start,
      to: londonDay(addDaysToDateKey(q.from, SLOT_SEARCH_DAYS)).end,
    });
    const usual = supervisorContinuity({
      proposedSupervisorId: '',
      pastSupervisorIds: recent.map((s) => s.supervisorId),
    });
    const slots = findFreeSlots({
      days,
      durationMinutes,
      now,
      schedule: context,
      roomIds: inService.map((r) => r.id),
      supervisorIds: supervisors.map((u) => u.id),
      childId: agreement.childId,
      busy,
      turnoverMinutes: centre.turnoverMinutes,
      prefer: { supervisorId: usual.usualSupervisorId, roomId: recent[0]?.roomId ?? null },
      limit: q.count,
    });
    const byId = new Map(inService.map((r) => [r.id, r]));
    return { childId: agreement.childId, slots: slots.map((s) => offered(s, byId, supervisors)) };
  });
}

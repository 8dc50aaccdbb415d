import { formatLondonDateTime, STRIKES_WORDING } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { mayChangeAgreement } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { Child } from '../people/child.entity.js';
import { recordEvent } from '../realtime/event-log.js';
import { lines, pastMoment, text } from './agreement.checks.js';
import { AgreementParticipant, ContactAgreement, SuspensionNoticeRecord } from './agreement.entity.js';
import type { RecordSuspensionMeetingInput } from './agreement.inputs.js';

/**
 * The rule a new agreement after a suspension answers to (docs/agreements.md): contact restarts only once the parent
 * has met the social worker (docs/domain.md rule 8), so every suspended agreement a new one would replace must have a
 * meeting recorded since its suspension notice. Refused with SUSPENSION_MEETING_REQUIRED, naming the agreements.
 */
export async function assertParentMet(
  tx: EntityManager,
  replaced: readonly ContactAgreement[],
): Promise<void> {
  const suspended = replaced.filter((a) => a.status === 'suspended').map((a) => a.id);
  if (suspended.length === 0) return;
  const met = await tx.execute<{ agreement_id: string }[]>(
    `select distinct m.agreement_id from suspension_meeting m
       join suspension_notice n on n.agreement_id = m.agreement_id
      where m.agreement_id in (?) and m.held_at >= n.issued_at`,
    [suspended],
  );
  const metIds = new Set(met.map((m) => m.agreement_id));
  const unmet = suspended.filter((id) => !metIds.has(id));
  if (unmet.length > 0) {
    throw new KinroomError(
      'SUSPENSION_MEETING_REQUIRED',
      `Contact was suspended after ${STRIKES_WORDING.absences}: record your meeting with the parent before writing or signing the agreement that restarts it.`,
      { agreementIds: unmet },
    );
  }
}

/** The meeting with the parent after a suspension, recorded by the child's social worker. Append-only. */
export class SuspensionMeetingService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async record(input: RecordSuspensionMeetingInput): Promise<ContactAgreement> {
    const heldAt = pastMoment(input.heldAt, 'heldAt', this.now);
    const agreed = text(input.agreed, 'agreed', 4000);
    const others = lines(input.otherAttendees ?? [], 'otherAttendees', 20, 200);
    const familyMemberIds = [...new Set(input.familyMemberIds)];
    if (familyMemberIds.length === 0) {
      throw badInput('Name at least one family member who attended.', { field: 'familyMemberIds' });
    }
    return this.em.transactional(async (tx) => {
      const peek = await tx.findOne(ContactAgreement, {
        id: input.agreementId,
        councilId: this.viewer.councilId,
      });
      if (!peek || !(await mayChangeAgreement(tx, this.viewer, peek))) throw notFound('contact agreement');
      await tx.findOne(Child, { id: peek.childId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const a = await tx.findOneOrFail(ContactAgreement, { id: peek.id }, { refresh: true });
      const notice = await tx.findOne(SuspensionNoticeRecord, { agreementId: a.id });
      if (a.status !== 'suspended' || !notice) {
        throw new KinroomError(
          'AGREEMENT_ILLEGAL_TRANSITION',
          'A meeting after a suspension is recorded only for an agreement whose contact is suspended.',
          { status: a.status.toUpperCase() },
        );
      }
      if (heldAt < notice.issuedAt) {
        throw badInput(
          `The meeting cannot have been held before contact was suspended (${formatLondonDateTime(notice.issuedAt)}).`,
          { field: 'heldAt' },
        );
      }
      const participants = await tx.find(AgreementParticipant, { agreementId: a.id });
      const named = new Set(participants.map((p) => p.familyMemberId));
      if (!familyMemberIds.every((id) => named.has(id))) {
        throw badInput('Every family member who attended must take part under this agreement.', {
          field: 'familyMemberIds',
        });
      }
      const id = randomUUID();
      const row = { heldAt, familyMemberIds, otherAttendees: others, agreed };
      await tx.execute(
        `insert into suspension_meeting
           (id, council_id, agreement_id, held_at, family_member_ids, other_attendees, agreed, recorded_at, recorded_by_id)
         values (?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)::uuid),
                 array(select jsonb_array_elements_text(?::jsonb)), ?, ?, ?)`,
        [
          id,
          a.councilId,
          a.id,
          heldAt,
          JSON.stringify(familyMemberIds),
          JSON.stringify(others),
          agreed,
          this.now,
          this.viewer.userId,
        ],
      );
      recordChange(tx, {
        councilId: a.councilId,
        recordType: 'suspension_meeting',
        recordId: id,
        action: 'created',
        changedById: this.viewer.userId,
        via: viaOf(this.viewer),
        changes: fieldChanges({}, { agreementId: a.id, ...row, heldAt: heldAt.toISOString() }),
      });
      recordEvent(tx, {
        councilId: a.councilId,
        centreId: a.centreId,
        childId: a.childId,
        topic: 'agreement',
        kind: 'meeting_recorded',
        subjectId: a.id,
        payload: { status: a.status, meetingId: id, heldAt: heldAt.toISOString() },
      });
      await tx.flush();
      return a;
    });
  }
}

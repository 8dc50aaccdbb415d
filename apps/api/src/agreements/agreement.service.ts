import { londonDateKey, parseDateKey, STRIKES_WORDING, supervisionLevelFor } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { mayChangeAgreement, mayReadAgreement } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { badInput, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { Child, ChildFamilyMember } from '../people/child.entity.js';
import { recordEvent } from '../realtime/event-log.js';
import { cancelBookedSessions } from '../sessions/session-events.js';
import { intBetween, lines, MAX_TEXT, pastMoment, text } from './agreement.checks.js';
import {
  AgreementParticipant,
  ContactAgreement,
  type AgreementStatus,
  type SignatureMethod,
} from './agreement.entity.js';
import type { CreateAgreementInput, ReviewAgreementInput } from './agreement.inputs.js';
import { assertParentMet } from './suspension-meeting.service.js';

const MAX_CONDITIONS = 30;

/** How a signature was given: when the parent signed (now when not said) and how (not recorded when not said). */
export interface SignatureDetails {
  signedAt?: Date | null;
  signedVia?: SignatureMethod | null;
}

type AgreementAction = 'sign' | 'review' | 'end';

/**
 * The agreement's life cycle. docs/domain.md names the states but not the moves, so they are written down here:
 * only a draft is signed; a review changes terms, never the status; anything not yet ended can be ended. Nothing
 * leads back to `active` from `suspended`: rule 8 says only a new agreement restarts contact.
 */
const MOVES: Record<AgreementAction, Partial<Record<AgreementStatus, AgreementStatus>>> = {
  sign: { draft: 'active' },
  review: { draft: 'draft', active: 'active', suspended: 'suspended' },
  end: { draft: 'ended', active: 'ended', suspended: 'ended' },
};

/**
 * Contact agreements: written, signed, reviewed and ended by the child's social worker; read also by the centre's
 * manager and the council's integrator. Each change is one transaction with its outbox event.
 */
export class AgreementService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  /** An agreement the viewer may read, or NOT_FOUND whether it exists or not. */
  async visible(id: string): Promise<ContactAgreement> {
    if (!isUuid(id)) throw notFound('contact agreement');
    const a = await this.em.findOne(ContactAgreement, { id, councilId: this.viewer.councilId });
    if (!a || !(await mayReadAgreement(this.em, this.viewer, a))) throw notFound('contact agreement');
    return a;
  }

  /** The council's centres, where an agreement's sessions can take place. */
  async centres(): Promise<{ id: string; name: string; address: string }[]> {
    const centres = await this.em.find(
      Centre,
      { councilId: this.viewer.councilId },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return centres.map((c) => ({ id: c.id, name: c.name, address: c.address }));
  }

  async create(input: CreateAgreementInput): Promise<ContactAgreement> {
    const terms = {
      sessionsPerWeek: intBetween(input.sessionsPerWeek, 1, 14, 'sessionsPerWeek'),
      sessionMinutes: intBetween(input.sessionMinutes, 15, 480, 'sessionMinutes'),
      transportPlan: text(input.transportPlan, 'transportPlan'),
      travelSupport: input.travelSupport?.trim() ? text(input.travelSupport, 'travelSupport') : null,
      conditions: lines(input.conditions, 'conditions', MAX_CONDITIONS, 500),
      reviewDate: this.futureDate(input.reviewDate, 'reviewDate'),
    };
    if (!isUuid(input.childId)) throw notFound('child');
    if (!isUuid(input.centreId)) throw notFound('centre');
    const participantIds = [...new Set(input.participantIds)];
    if (participantIds.length === 0) {
      throw badInput('Name at least one family member who takes part in contact.', {
        field: 'participantIds',
      });
    }
    if (participantIds.length > 20 || !participantIds.every(isUuid)) {
      throw badInput('Participants must be the ids of up to 20 of the child’s family members.', {
        field: 'participantIds',
      });
    }
    const risks = [...new Set(input.riskFactors)];
    const decision = supervisionLevelFor(risks);
    return this.em.transactional(async (tx) => {
      if (!(await mayChangeAgreement(tx, this.viewer, input))) throw notFound('child');
      const centre = await tx.findOne(Centre, { id: input.centreId, councilId: this.viewer.councilId });
      if (!centre) throw notFound('centre');
      const family = await tx.find(ChildFamilyMember, {
        childId: input.childId,
        familyMemberId: { $in: participantIds },
      });
      const known = new Set(family.map((f) => f.familyMemberId));
      const strangers = participantIds.filter((id) => !known.has(id));
      if (strangers.length > 0) {
        throw badInput('Every participant must be recorded as a member of this child’s family.', {
          field: 'participantIds',
          notFamily: strangers,
        });
      }
      const current = await this.currentAgreements(tx, input.childId, participantIds);
      await assertParentMet(tx, current);
      const a = make(ContactAgreement, {
        councilId: this.viewer.councilId,
        childId: input.childId,
        centreId: centre.id,
        contactType: decision.level === 'supported' ? 'supported' : 'supervised',
        supervisionLevel: decision.level,
        supervisionReasons: decision.reasons,
        riskFactors: risks,
        ...terms,
        status: 'draft',
        createdById: this.viewer.userId,
        supersedesId: current[0]?.id ?? null,
        createdAt: this.now,
      });
      tx.persist(a);
      for (const familyMemberId of participantIds) {
        tx.persist(make(AgreementParticipant, { councilId: a.councilId, agreementId: a.id, familyMemberId }));
      }
      this.event(tx, a, 'created', { supersedesId: a.supersedesId });
      await tx.flush();
      return a;
    });
  }

  async sign(
    id: string,
    signedBy: string,
    expectedVersion: number,
    how: SignatureDetails = {},
  ): Promise<ContactAgreement> {
    const who = text(signedBy, 'signedBy', 200);
    const signedAt = how.signedAt == null ? this.now : pastMoment(how.signedAt, 'signedAt', this.now);
    return this.em.transactional(async (tx) => {
      const a = await this.loadForChange(tx, id, expectedVersion, 'sign');
      if (signedAt < a.createdAt) {
        throw badInput('The agreement cannot have been signed before it was written.', { field: 'signedAt' });
      }
      if (a.reviewDate < londonDateKey(this.now)) {
        throw badInput(
          `The review date ${a.reviewDate} has passed: review the draft to set a new one, then sign it.`,
          { field: 'reviewDate' },
        );
      }
      const participants = await tx.find(AgreementParticipant, { agreementId: a.id });
      const replaced = await this.currentAgreements(
        tx,
        a.childId,
        participants.map((p) => p.familyMemberId),
        a.id,
      );
      await assertParentMet(tx, replaced);
      for (const old of replaced) {
        await this.close(tx, old, `Superseded by agreement ${a.id}, signed ${londonDateKey(signedAt)}.`, {
          supersededById: a.id,
        });
      }
      a.status = 'active';
      a.signedAt = signedAt;
      a.signedBy = who;
      a.signedVia = how.signedVia ?? null;
      a.signatureRecordedAt = this.now;
      if (replaced[0]) a.supersedesId = replaced[0].id;
      this.event(tx, a, 'signed', {
        supersedesId: a.supersedesId,
        signedAt: signedAt.toISOString(),
        signedVia: a.signedVia,
      });
      await tx.flush();
      return a;
    });
  }

  async review(id: string, expectedVersion: number, input: ReviewAgreementInput): Promise<ContactAgreement> {
    const summary = text(input.summary, 'summary', 4000);
    const nextReviewDate = this.futureDate(input.nextReviewDate, 'nextReviewDate');
    const proposed: Partial<
      Pick<ContactAgreement, 'sessionsPerWeek' | 'sessionMinutes' | 'transportPlan' | 'travelSupport'>
    > = {};
    if (input.sessionsPerWeek != null)
      proposed.sessionsPerWeek = intBetween(input.sessionsPerWeek, 1, 14, 'sessionsPerWeek');
    if (input.sessionMinutes != null)
      proposed.sessionMinutes = intBetween(input.sessionMinutes, 15, 480, 'sessionMinutes');
    if (input.transportPlan != null) proposed.transportPlan = text(input.transportPlan, 'transportPlan');
    if (input.travelSupport != null)
      proposed.travelSupport = input.travelSupport.trim() ? text(input.travelSupport, 'travelSupport') : null;
    return this.em.transactional(async (tx) => {
      const a = await this.loadForChange(tx, id, expectedVersion, 'review');
      const changes = Object.entries(proposed)
        .filter(([k, v]) => a[k as keyof typeof proposed] !== v)
        .map(([k, v]) => `${k}: ${a[k as keyof typeof proposed] ?? 'none'} → ${v ?? 'none'}`);
      if (changes.length > 0 && a.status === 'suspended') {
        throw new KinroomError(
          'AGREEMENT_SUSPENDED',
          'Contact is suspended under this agreement, so its terms cannot change: record the review without changes, and write a new agreement to restart contact.',
        );
      }
      const previous = a.reviewDate;
      Object.assign(a, proposed, { reviewDate: nextReviewDate });
      await tx.execute(
        `insert into agreement_review
           (id, council_id, agreement_id, reviewed_at, reviewed_by_id, summary, changes, previous_review_date, next_review_date)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
        [
          randomUUID(),
          a.councilId,
          a.id,
          this.now,
          this.viewer.userId,
          summary,
          JSON.stringify({ lines: changes }),
          previous,
          nextReviewDate,
        ],
      );
      this.event(tx, a, 'reviewed', { changes, reviewDate: nextReviewDate });
      await tx.flush();
      return a;
    });
  }

  async end(id: string, reason: string, expectedVersion: number): Promise<ContactAgreement> {
    const why = text(reason, 'reason');
    return this.em.transactional(async (tx) => {
      const a = await this.loadForChange(tx, id, expectedVersion, 'end');
      await this.close(tx, a, why, {});
      await tx.flush();
      return a;
    });
  }

  /** Ends an agreement and cancels the sessions still booked under it, each with its event. */
  private async close(
    tx: EntityManager,
    a: ContactAgreement,
    reason: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    a.status = 'ended';
    a.endedAt = this.now;
    a.endedById = this.viewer.userId;
    a.endReason = reason;
    const booked = await cancelBookedSessions(
      tx,
      a.id,
      this.viewer,
      this.now,
      `The contact agreement ended: ${reason}`.slice(0, MAX_TEXT),
    );
    this.event(tx, a, 'ended', { ...payload, cancelledSessionIds: booked.map((s) => s.id) });
  }

  /**
   * The child's agreements in force (active, or suspended and waiting for a new one) that share a participant with
   * the given family members, newest first. An agreement is per child and family member(s), so an agreement with
   * the father does not replace one with the mother.
   */
  private async currentAgreements(
    tx: EntityManager,
    childId: string,
    familyMemberIds: string[],
    exceptId?: string,
  ): Promise<ContactAgreement[]> {
    const shared = await tx.find(AgreementParticipant, {
      familyMemberId: { $in: familyMemberIds },
      councilId: this.viewer.councilId,
    });
    const ids = [...new Set(shared.map((p) => p.agreementId))].filter((id) => id !== exceptId);
    if (ids.length === 0) return [];
    return tx.find(
      ContactAgreement,
      { id: { $in: ids }, childId, status: { $in: ['active', 'suspended'] } },
      { orderBy: { signedAt: 'desc', createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  private async loadForChange(
    tx: EntityManager,
    id: string,
    expectedVersion: number,
    action: AgreementAction,
  ): Promise<ContactAgreement> {
    if (!isUuid(id)) throw notFound('contact agreement');
    const peek = await tx.findOne(ContactAgreement, { id, councilId: this.viewer.councilId });
    if (!peek || !(await mayChangeAgreement(tx, this.viewer, peek))) throw notFound('contact agreement');
    // Signing and ending touch the child's other agreements: one change per child at a time.
    await tx.findOne(Child, { id: peek.childId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const a = await tx.findOneOrFail(
      ContactAgreement,
      { id },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (a.version !== expectedVersion) {
      throw new KinroomError(
        'STALE_VERSION',
        'This agreement was changed by someone else: reload it and try again.',
        { currentVersion: a.version },
      );
    }
    if (!MOVES[action][a.status]) throw this.refusal(a.status, action);
    return a;
  }

  private refusal(status: AgreementStatus, action: AgreementAction): KinroomError {
    if (status === 'suspended' && action === 'sign') {
      return new KinroomError(
        'AGREEMENT_SUSPENDED',
        `This agreement was suspended after ${STRIKES_WORDING.absences} and can never be active again: meet the parent and write a new agreement to restart contact.`,
      );
    }
    const why: Record<AgreementStatus, string> = {
      draft: 'it is still a draft',
      active: 'it is already signed and active',
      suspended: 'contact under it is suspended',
      ended: 'it has ended',
    };
    const what: Record<AgreementAction, string> = { sign: 'signed', review: 'reviewed', end: 'ended' };
    return new KinroomError(
      'AGREEMENT_ILLEGAL_TRANSITION',
      `This agreement cannot be ${what[action]}: ${why[status]}.`,
      { status: status.toUpperCase() },
    );
  }

  private futureDate(key: string, field: string): string {
    try {
      parseDateKey(key);
    } catch {
      throw badInput(`${field} must be a real date written YYYY-MM-DD.`, { field });
    }
    if (key <= londonDateKey(this.now)) throw badInput(`${field} must be after today.`, { field });
    return key;
  }

  private event(
    tx: EntityManager,
    a: ContactAgreement,
    kind: string,
    payload: Record<string, unknown>,
  ): void {
    recordEvent(tx, {
      councilId: a.councilId,
      centreId: a.centreId,
      childId: a.childId,
      topic: 'agreement',
      kind,
      subjectId: a.id,
      payload: { status: a.status, ...payload },
    });
  }
}

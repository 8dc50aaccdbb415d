import {
  canAddAddendum,
  OBSERVATION_SECTION_KEYS,
  reportDueFor,
  transitionObservation,
  validateObservationForSubmit,
  type ObservationAction,
  type ObservationSection,
  type ObservationStatus,
} from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, forbidden, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { councilNation } from '../centres/council-nation.js';
import { Session } from '../sessions/session.entity.js';
import { evidenceHash, amendmentEvidence, observationEvidence } from './evidence-hash.js';
import { lockChainHead, sealLink } from './evidence-chain.js';
import type { EvidenceKeyring } from './evidence-keys.js';
import { toAmendmentType, toObservationType } from './observation.mapper.js';
import { Observation, ObservationAmendment } from './observation.entity.js';
import type { ObservationSectionInput } from './observation.inputs.js';
import { mayAmend, mayReadObservation, mayReview } from '../access/index.js';
import type { ObservationAmendmentType, ObservationType } from './observation.type.js';

const MAX_SECTION_TEXT = 10_000;
const MAX_REASON = 2_000;
const MAX_AMENDMENT = 10_000;

/** Text a person must give: trimmed, present, and not longer than `max`. */
function required(value: string, what: string, max: number): string {
  const text = value.trim();
  if (!text) throw badInput(`Give ${what}.`, { field: what });
  if (text.length > max) throw badInput(`${what} is longer than ${max} characters.`, { field: what });
  return text;
}

/**
 * Writing and reviewing observation records (docs/domain.md rule 9). The domain decides every transition; this applies
 * it in one transaction per change, with its outbox event, under a row lock and the caller's expected version.
 * Finalising and amending append to the child's evidence chain under a per-child lock.
 */
export class ObservationService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
    /** The evidence key, which signs each final record and amendment as it joins the child's chain. */
    private readonly evidenceKeys: () => Promise<EvidenceKeyring>,
  ) {}

  /** The session's supervisor starts the record once contact has begun; starting again returns their draft. */
  async start(sessionId: string): Promise<ObservationType> {
    if (!isUuid(sessionId)) throw notFound('session');
    return this.em.transactional(async (tx) => {
      // Locking the session makes two simultaneous starts meet here rather than at the unique index.
      const s = await tx.findOne(
        Session,
        { id: sessionId, councilId: this.viewer.councilId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!s || (s.supervisorId !== this.viewer.userId && s.secondStaffId !== this.viewer.userId)) {
        throw notFound('session');
      }
      if (s.supervisorId !== this.viewer.userId) {
        throw forbidden('Only the session’s supervisor writes its observation record.');
      }
      await this.assertObservable(tx, s);
      const existing = await tx.findOne(Observation, { sessionId: s.id });
      if (existing) {
        if (existing.authorId === this.viewer.userId) return toObservationType(existing, s.centreId);
        throw new KinroomError(
          'OBSERVATION_ILLEGAL_TRANSITION',
          'This session already has an observation record, written by another supervisor.',
        );
      }
      const o = make(Observation, {
        councilId: s.councilId,
        sessionId: s.id,
        childId: s.childId,
        authorId: this.viewer.userId,
        dueAt: reportDueFor(s, await councilNation(tx, s.councilId)),
        createdAt: this.now,
        updatedAt: this.now,
      });
      tx.persist(o);
      this.event(tx, o, s.centreId, 'started');
      await tx.flush();
      return toObservationType(o, s.centreId);
    });
  }

  /**
   * Autosave: the sections sent replace those sections, the others are kept. No event: a draft's text shows on no
   * live view, and a save per keystroke would flood the outbox.
   */
  async saveDraft(
    id: string,
    sections: readonly ObservationSectionInput[],
    expectedVersion: number,
  ): Promise<ObservationType> {
    const seen = new Set<string>();
    for (const s of sections) {
      if (seen.has(s.key)) throw badInput(`The section ${s.key.toUpperCase()} is sent twice.`);
      seen.add(s.key);
      if (s.facts.length > MAX_SECTION_TEXT || s.opinion.length > MAX_SECTION_TEXT) {
        throw badInput(`A section’s facts and opinion may each be up to ${MAX_SECTION_TEXT} characters.`, {
          section: s.key.toUpperCase(),
        });
      }
    }
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.loadForChange(tx, id, expectedVersion);
      this.transition(o, 'edit');
      const merged = new Map<string, ObservationSection>(o.sections.map((s) => [s.key, s]));
      for (const s of sections) merged.set(s.key, { key: s.key, facts: s.facts, opinion: s.opinion });
      o.sections = OBSERVATION_SECTION_KEYS.flatMap((k) => merged.get(k) ?? []);
      o.updatedAt = this.now;
      await tx.flush();
      return toObservationType(o, centreId);
    });
  }

  async submit(id: string, expectedVersion: number): Promise<ObservationType> {
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.loadForChange(tx, id, expectedVersion);
      const to = this.transition(o, 'submit');
      const problems = validateObservationForSubmit(o.sections);
      if (problems.length > 0) {
        throw new KinroomError(
          'OBSERVATION_INCOMPLETE',
          `The record cannot be submitted yet: ${problems.map((p) => p.message).join('; ')}.`,
          { problems: problems.map((p) => ({ section: p.key.toUpperCase(), message: p.message })) },
        );
      }
      Object.assign(o, { status: to, submittedAt: this.now, returnReason: null, updatedAt: this.now });
      this.event(tx, o, centreId, 'submitted');
      await tx.flush();
      return toObservationType(o, centreId);
    });
  }

  /** A reviewer sends the record back to its author with a reason (or the author withdraws a submission). */
  async returnToAuthor(id: string, reason: string, expectedVersion: number): Promise<ObservationType> {
    const why = required(reason, 'a reason for sending it back', MAX_REASON);
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.loadForChange(tx, id, expectedVersion);
      if (o.authorId !== this.viewer.userId && !mayReview(this.viewer, centreId)) {
        throw forbidden('Only a reviewer at the centre, or its author, can send a record back.');
      }
      const to = this.transition(o, 'return');
      Object.assign(o, {
        status: to,
        returnReason: why,
        reviewerId: null,
        approvedAt: null,
        updatedAt: this.now,
      });
      this.event(tx, o, centreId, 'returned');
      await tx.flush();
      return toObservationType(o, centreId);
    });
  }

  async approve(id: string, expectedVersion: number): Promise<ObservationType> {
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.loadForChange(tx, id, expectedVersion);
      if (!mayReview(this.viewer, centreId)) {
        throw forbidden('Only a supervisor or the manager of the session’s centre can approve a record.');
      }
      const to = this.transition(o, 'approve');
      Object.assign(o, {
        status: to,
        reviewerId: this.viewer.userId,
        approvedAt: this.now,
        updatedAt: this.now,
      });
      this.event(tx, o, centreId, 'approved');
      await tx.flush();
      return toObservationType(o, centreId);
    });
  }

  /** Issues an approved record as evidence: it is hashed into the child's chain and never changes again. */
  async finalise(id: string, expectedVersion: number): Promise<ObservationType> {
    const keys = await this.evidenceKeys();
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.loadForChange(tx, id, expectedVersion);
      if (o.authorId !== this.viewer.userId && !mayReview(this.viewer, centreId)) {
        throw forbidden('Only its author or a reviewer at the centre can make a record final.');
      }
      const to = this.transition(o, 'finalise');
      const head = await lockChainHead(tx, o.childId, this.now);
      Object.assign(o, {
        status: to,
        finalisedAt: head.at,
        previousHash: head.previousHash,
        updatedAt: this.now,
      });
      o.contentHash = evidenceHash(observationEvidence(o), o.previousHash);
      Object.assign(o, sealLink(keys, o));
      this.event(tx, o, centreId, 'finalised', { contentHash: o.contentHash });
      await tx.flush();
      return toObservationType(o, centreId);
    });
  }

  /** A dated, signed addendum to a final record, appended to the child's evidence chain. */
  async amend(id: string, reason: string, text: string): Promise<ObservationAmendmentType> {
    const why = required(reason, 'the reason for the amendment', MAX_REASON);
    const body = required(text, 'the text of the amendment', MAX_AMENDMENT);
    const keys = await this.evidenceKeys();
    return this.em.transactional(async (tx) => {
      const { o, centreId } = await this.visible(tx, id, false);
      if (!canAddAddendum(o.status)) {
        throw new KinroomError(
          'OBSERVATION_ILLEGAL_TRANSITION',
          'Only a final record takes amendments; until then, return it to its author to change it.',
          { status: o.status.toUpperCase() },
        );
      }
      if (!mayAmend(this.viewer, o, centreId)) {
        throw forbidden('Only the record’s author, its reviewer or the centre manager can amend it.');
      }
      const head = await lockChainHead(tx, o.childId, this.now);
      const a = make(ObservationAmendment, {
        councilId: o.councilId,
        observationId: o.id,
        childId: o.childId,
        authorId: this.viewer.userId,
        reason: why,
        text: body,
        createdAt: head.at,
        previousHash: head.previousHash,
      });
      a.contentHash = evidenceHash(amendmentEvidence(a), a.previousHash);
      Object.assign(a, sealLink(keys, a));
      tx.persist(a);
      recordEvent(tx, {
        councilId: o.councilId,
        centreId,
        childId: o.childId,
        topic: 'observation',
        kind: 'amended',
        subjectId: a.id,
        payload: { observationId: o.id, contentHash: a.contentHash },
      });
      await tx.flush();
      return toAmendmentType(a);
    });
  }

  private async assertObservable(tx: EntityManager, s: Session): Promise<void> {
    const agreement = await tx.findOneOrFail(ContactAgreement, { id: s.agreementId });
    if (agreement.contactType !== 'supervised') {
      throw new KinroomError(
        'OBSERVATION_NOT_REQUIRED',
        'This is supported contact: only attendance is noted, and no observation record is written.',
      );
    }
    if (s.kind !== 'contact') {
      throw new KinroomError(
        'OBSERVATION_NOT_REQUIRED',
        'Only contact sessions have an observation record, not visits or planning meetings.',
      );
    }
    if (s.status === 'cancelled' || s.status === 'not_attended') {
      throw new KinroomError('OBSERVATION_NOT_REQUIRED', 'No contact took place in this session.');
    }
    if (!s.startedAt) {
      throw new KinroomError(
        'OBSERVATION_SESSION_NOT_STARTED',
        'Contact has not started yet: start the record once the session is under way.',
      );
    }
  }

  /** A record the viewer may read, with its session's centre, or NOT_FOUND whether it exists or not. */
  private async visible(
    tx: EntityManager,
    id: string,
    lock: boolean,
  ): Promise<{ o: Observation; centreId: string }> {
    if (!isUuid(id)) throw notFound('observation record');
    const o = await tx.findOne(
      Observation,
      { id, councilId: this.viewer.councilId },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!o) throw notFound('observation record');
    const s = await tx.findOneOrFail(Session, { id: o.sessionId }, { fields: ['centreId'] });
    if (!(await mayReadObservation(this.em, this.viewer, o, s.centreId)))
      throw notFound('observation record');
    return { o, centreId: s.centreId };
  }

  private async loadForChange(tx: EntityManager, id: string, expectedVersion: number) {
    const found = await this.visible(tx, id, true);
    if (found.o.status === 'final') {
      throw new KinroomError(
        'OBSERVATION_FINAL',
        'This record is final and is never changed: add a dated, signed amendment instead.',
      );
    }
    if (found.o.version !== expectedVersion) {
      throw new KinroomError(
        'STALE_VERSION',
        'This record was changed since you read it (perhaps saved from another screen): reload it and try again.',
        { currentVersion: found.o.version },
      );
    }
    return found;
  }

  private transition(o: Observation, action: ObservationAction): ObservationStatus {
    const t = transitionObservation(o.status, action, { userId: this.viewer.userId }, o.authorId);
    if (t.ok) return t.to;
    if (t.code === 'observation/not-allowed') throw forbidden(t.reason);
    throw new KinroomError('OBSERVATION_ILLEGAL_TRANSITION', t.reason, { status: o.status.toUpperCase() });
  }

  private event(
    tx: EntityManager,
    o: Observation,
    centreId: string,
    kind: string,
    extra: Record<string, unknown> = {},
  ): void {
    recordEvent(tx, {
      councilId: o.councilId,
      centreId,
      childId: o.childId,
      topic: 'observation',
      kind,
      subjectId: o.id,
      payload: { status: o.status, sessionId: o.sessionId, authorId: o.authorId, ...extra },
    });
  }
}

import { PARENTS_COPY_METHOD_LABELS, type ParentsCopyMethod } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditedOperation } from '../access/access-log.service.js';
import { assertKeepsParentsCopy } from '../access/index.js';
import { requiredText } from '../admin/admin.checks.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { ParentsCopyRelease, ParentsCopySharing, ParentsCopyWithholding } from './parents-copy.entity.js';
import { findCopyRecord, ParentsCopyQueries, type CopyRecord } from './parents-copy.query.js';
import type { ParentsCopyType } from './parents-copy.type.js';

const MAX_WHAT = 500;
const MAX_REASON = 2_000;

/**
 * Withholding from and sharing the parents' copy of a final observation record (docs/parents-copy.md). Everything is
 * appended, never rewritten: each change is one transaction with its outbox event, and answers with the copy as it
 * now stands.
 */
export class ParentsCopyService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
    private readonly operation: AuditedOperation,
  ) {}

  /** The child's social worker marks a part of the record withheld from the parents, saying why. */
  withhold(observationId: string, what: string, reason: string): Promise<ParentsCopyType> {
    const part = requiredText('what', 'part of the record to withhold', what, MAX_WHAT);
    const why = requiredText('reason', 'reason for withholding it', reason, MAX_REASON);
    return this.change(observationId, (tx, { o }) => {
      const w = make(ParentsCopyWithholding, {
        councilId: o.councilId,
        observationId: o.id,
        childId: o.childId,
        what: part,
        reason: why,
        recordedById: this.viewer.userId,
        recordedAt: this.now,
      });
      tx.persist(w);
      return { kind: 'parents_copy_withheld', subjectId: w.id };
    });
  }

  /** The child's social worker takes a withholding back, saying why: a dated entry of its own. */
  async release(withholdingId: string, reason: string): Promise<ParentsCopyType> {
    const why = requiredText('reason', 'reason for taking the withholding back', reason, MAX_REASON);
    const w = await this.em.findOne(ParentsCopyWithholding, {
      id: withholdingId,
      councilId: this.viewer.councilId,
    });
    if (!w) throw notFound('withholding');
    return this.change(w.observationId, async (tx) => {
      if (await tx.findOne(ParentsCopyRelease, { withholdingId: w.id })) {
        throw badInput('This part is no longer withheld: it was taken back already.', {
          field: 'withholdingId',
        });
      }
      const r = make(ParentsCopyRelease, {
        councilId: w.councilId,
        withholdingId: w.id,
        childId: w.childId,
        reason: why,
        recordedById: this.viewer.userId,
        recordedAt: this.now,
      });
      tx.persist(r);
      return { kind: 'parents_copy_released', subjectId: r.id };
    });
  }

  /** The child's social worker records that the copy was shared with family members who took part, how and when. */
  recordShared(
    observationId: string,
    sharedWith: readonly string[],
    method: ParentsCopyMethod,
    at: Date,
  ): Promise<ParentsCopyType> {
    if (!(method in PARENTS_COPY_METHOD_LABELS))
      throw badInput('Say how the copy was shared.', { field: 'how' });
    if (Number.isNaN(at.getTime()) || at > this.now) {
      throw badInput('When it was shared cannot be in the future.', { field: 'at' });
    }
    const people = [...new Set(sharedWith)];
    if (people.length === 0) throw badInput('Say whom the copy was shared with.', { field: 'sharedWith' });
    return this.change(observationId, async (tx, record, copy) => {
      const { o } = record;
      const taking = new Set((await copy.describe(record, tx)).participants.map((p) => p.id));
      if (people.some((id) => !taking.has(id))) {
        throw badInput('A copy is shared only with the family members who took part in the session.', {
          field: 'sharedWith',
        });
      }
      if (o.finalisedAt && at < o.finalisedAt) {
        throw badInput('When it was shared cannot be before the record was final.', { field: 'at' });
      }
      const s = make(ParentsCopySharing, {
        councilId: o.councilId,
        observationId: o.id,
        childId: o.childId,
        sharedWith: people,
        method,
        sharedAt: at,
        recordedById: this.viewer.userId,
        recordedAt: this.now,
      });
      tx.persist(s);
      return { kind: 'parents_copy_shared', subjectId: s.id, payload: { method, recipients: people.length } };
    });
  }

  /**
   * One change by the child's social worker, in one transaction with its outbox event: the record is locked against
   * a concurrent change, checked final, and the copy read back once the change is written.
   */
  private change(
    observationId: string,
    write: (
      tx: EntityManager,
      record: CopyRecord,
      copy: ParentsCopyQueries,
    ) =>
      | { kind: string; subjectId: string; payload?: Record<string, unknown> }
      | Promise<{ kind: string; subjectId: string; payload?: Record<string, unknown> }>,
  ): Promise<ParentsCopyType> {
    return this.em.transactional(async (tx) => {
      const record = await findCopyRecord(tx, this.viewer, observationId, true);
      assertKeepsParentsCopy(record.standing);
      const copy = new ParentsCopyQueries(tx, this.viewer, this.operation, this.now);
      const event = await write(tx, record, copy);
      recordEvent(tx, {
        councilId: record.o.councilId,
        centreId: record.session.centreId,
        childId: record.o.childId,
        topic: 'observation',
        kind: event.kind,
        subjectId: event.subjectId,
        payload: { observationId: record.o.id, ...event.payload },
      });
      await tx.flush();
      return copy.describe(record, tx);
    });
  }
}

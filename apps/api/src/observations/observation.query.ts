import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertMayVerifyChain, mayReadObservation } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { Session } from '../sessions/session.entity.js';
import { verifyEvidenceChain, type ChainReport } from './evidence-chain.js';
import type { EvidenceKeyring } from './evidence-keys.js';
import { toObservationType } from './observation.mapper.js';
import { Observation } from './observation.entity.js';
import type { ObservationType } from './observation.type.js';

/** Reads of observation records, scoped by `access/observations.ts`; each read of a child's record is logged. */
export class ObservationQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  async one(id: string): Promise<ObservationType> {
    if (!isUuid(id)) throw notFound('observation record');
    const o = await this.em.findOne(Observation, { id, councilId: this.viewer.councilId });
    if (!o) throw notFound('observation record');
    const s = await this.em.findOneOrFail(Session, { id: o.sessionId }, { fields: ['centreId'] });
    if (!(await mayReadObservation(this.em, this.viewer, o, s.centreId)))
      throw notFound('observation record');
    await this.log([o], 'read an observation record');
    return toObservationType(o, s.centreId);
  }

  /** Submitted records at the viewer's centre that someone other than their author must check, due first. */
  async toReview(): Promise<ObservationType[]> {
    if (!this.viewer.centreId) return [];
    const rows = await this.em.execute<{ id: string }[]>(
      `select o.id from observation o join session s on s.id = o.session_id
        where o.council_id = ? and s.centre_id = ? and o.status = 'submitted' and o.author_id <> ?`,
      [this.viewer.councilId, this.viewer.centreId, this.viewer.userId],
    );
    const found = await this.em.find(
      Observation,
      { id: { $in: rows.map((r) => r.id) } },
      { orderBy: { dueAt: 'asc', id: 'asc' } },
    );
    await this.log(found, 'reviewing observation records');
    return found.map((o) => toObservationType(o, this.viewer.centreId!));
  }

  /** The signed-in supervisor's own drafts, due first. */
  async myDrafts(): Promise<ObservationType[]> {
    const found = await this.em.find(
      Observation,
      { councilId: this.viewer.councilId, authorId: this.viewer.userId, status: 'draft' },
      { orderBy: { dueAt: 'asc', id: 'asc' } },
    );
    const sessions = await this.em.find(
      Session,
      { id: { $in: found.map((o) => o.sessionId) } },
      { fields: ['centreId'] },
    );
    const centreOf = new Map(sessions.map((s) => [s.id, s.centreId]));
    await this.log(found, 'writing observation records');
    return found.map((o) => toObservationType(o, centreOf.get(o.sessionId) ?? ''));
  }

  /**
   * Recomputes a child's evidence chain and checks its signatures, for whoever `assertMayVerifyChain` allows.
   */
  async verifyChain(childId: string, keys: EvidenceKeyring, now: Date): Promise<ChainReport> {
    if (!isUuid(childId)) throw notFound('child');
    await assertMayVerifyChain(this.em, this.viewer, childId);
    const report = await verifyEvidenceChain(this.em, childId, keys, now);
    await logChildReads(this.em, this.viewer, this.operation, [
      { childId, fields: ['evidence_chain'], reason: 'verified the evidence chain' },
    ]);
    return report;
  }

  private log(records: readonly Observation[], reason: string): Promise<void> {
    const children = [...new Set(records.map((o) => o.childId))];
    return logChildReads(
      this.em,
      this.viewer,
      this.operation,
      children.map((childId) => ({ childId, fields: ['observations'], reason })),
    );
  }
}

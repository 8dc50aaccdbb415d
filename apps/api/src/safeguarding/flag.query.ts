import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre, centreFlagChildren, mayReadFlag } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { Centre } from '../centres/centre.entity.js';
import { ChildCase } from '../people/child.entity.js';
import { SafeguardingFlag } from './flag.entity.js';

export const MAX_FLAGS = 500;

/** Reads of safeguarding flags, newest first, scoped by `access/flags.ts`; each read of a child's record is logged. */
export class FlagQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
  ) {}

  async one(id: string): Promise<SafeguardingFlag> {
    const f = isUuid(id)
      ? await this.em.findOne(SafeguardingFlag, { id, councilId: this.viewer.councilId })
      : null;
    if (!f || !(await mayReadFlag(this.em, this.viewer, f))) throw notFound('safeguarding flag');
    await this.log([f]);
    return f;
  }

  async forCentre(centreId: string, includeResolved: boolean, limit: number): Promise<SafeguardingFlag[]> {
    if (!isUuid(centreId)) throw notFound('centre');
    assertCentre(this.viewer, centreId);
    if ((await this.em.count(Centre, { id: centreId, councilId: this.viewer.councilId })) === 0) {
      throw notFound('centre');
    }
    const children = await centreFlagChildren(this.em, this.viewer);
    return this.list(
      children ? { centreId, childId: { $in: children } } : { centreId },
      includeResolved,
      limit,
    );
  }

  /** The flags of the signed-in social worker's open caseload. */
  async forCaseload(includeResolved: boolean, limit: number): Promise<SafeguardingFlag[]> {
    const cases = await this.em.find(
      ChildCase,
      { socialWorkerId: this.viewer.userId, councilId: this.viewer.councilId, closedAt: null },
      { fields: ['childId'] },
    );
    // The open caseload is exactly a social worker's need-to-know scope (`childScopeSql`).
    return this.list({ childId: { $in: cases.map((c) => c.childId) } }, includeResolved, limit);
  }

  private async list(
    where: { centreId?: string; childId?: { $in: string[] } },
    includeResolved: boolean,
    limit: number,
  ): Promise<SafeguardingFlag[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FLAGS) {
      throw badInput(`The limit must be between 1 and ${MAX_FLAGS}.`, { field: 'limit' });
    }
    const flags = await this.em.find(
      SafeguardingFlag,
      {
        councilId: this.viewer.councilId,
        ...where,
        ...(includeResolved ? {} : { status: { $ne: 'resolved' as const } }),
      },
      { orderBy: { raisedAt: 'desc', id: 'desc' }, limit },
    );
    await this.log(flags);
    return flags;
  }

  private log(flags: readonly SafeguardingFlag[]): Promise<void> {
    const children = [...new Set(flags.map((f) => f.childId))];
    return logChildReads(
      this.em,
      this.viewer,
      this.operation,
      children.map((childId) => ({
        childId,
        fields: ['safeguarding_flags'],
        reason: 'read safeguarding flags',
      })),
    );
  }
}

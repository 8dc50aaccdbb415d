import { acknowledgementDeadline, transitionFlag, type FlagAction, type FlagStatus } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canReadChild, mayHandleFlag, mayRaiseFlagIn, mayReadFlag } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, forbidden, KinroomError, notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { make } from '../db/make.js';
import { ChildCase } from '../people/child.entity.js';
import { recordEvent } from '../realtime/event-log.js';
import { Session } from '../sessions/session.entity.js';
import { FlagAcknowledgement, FlagEscalation, SafeguardingFlag } from './flag.entity.js';
import type { RaiseFlagInput } from './flag.inputs.js';

const MAX_DESCRIPTION = 10_000;
const MAX_NOTE = 2_000;
const MAX_OUTCOME = 5_000;

function text(value: string | null | undefined, what: string, max: number, needed: boolean): string | null {
  const t = value?.trim() ?? '';
  if (!t) {
    if (needed) throw badInput(`Give ${what}.`, { field: what });
    return null;
  }
  if (t.length > max) throw badInput(`${what} is longer than ${max} characters.`, { field: what });
  return t;
}

/**
 * Raising and handling safeguarding flags (docs/domain.md rule 10). The domain decides each move; every change is one
 * transaction with its outbox event (topic `flag`), which is how a flag reaches the child's social worker and the
 * centre manager at once.
 */
export class FlagService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async raise(input: RaiseFlagInput): Promise<SafeguardingFlag> {
    const description = text(input.description, 'what happened', MAX_DESCRIPTION, true)!;
    if (!isUuid(input.childId) || !(await canReadChild(this.em, this.viewer, input.childId))) {
      throw notFound('child');
    }
    return this.em.transactional(async (tx) => {
      const session = input.sessionId ? await this.sessionFor(tx, input.sessionId, input.childId) : null;
      const centreId = session?.centreId ?? this.viewer.centreId;
      if (!centreId) throw badInput('Name the session the concern arose in, so that it reaches its centre.');
      const f = make(SafeguardingFlag, {
        councilId: this.viewer.councilId,
        centreId,
        childId: input.childId,
        sessionId: session?.id ?? null,
        category: input.category,
        severity: input.severity,
        description,
        raisedById: this.viewer.userId,
        raisedAt: this.now,
        acknowledgeBy: acknowledgementDeadline(this.now, input.severity),
      });
      tx.persist(f);
      const caseRow = await tx.findOne(ChildCase, { childId: f.childId, closedAt: null });
      this.event(tx, f, 'raised', { socialWorkerId: caseRow?.socialWorkerId ?? null });
      await tx.flush();
      return f;
    });
  }

  /**
   * Records who acknowledged the flag and when, one row per person. The first acknowledgement (or the first after
   * an escalation) moves the flag on; a colleague acknowledging a flag already taken on is recorded too, without a
   * change of status, so the record shows everyone who saw it.
   */
  async acknowledge(id: string, note: string | null | undefined): Promise<SafeguardingFlag> {
    const said = text(note, 'the note', MAX_NOTE, false);
    return this.em.transactional(async (tx) => {
      const f = await this.loadForHandling(tx, id);
      const mine = await tx.findOne(FlagAcknowledgement, { flagId: f.id, userId: this.viewer.userId });
      if (mine) {
        throw new KinroomError(
          'FLAG_ILLEGAL_TRANSITION',
          `You acknowledged this flag at ${mine.acknowledgedAt.toISOString()}; it needs someone else now, or an outcome.`,
          { status: f.status.toUpperCase() },
        );
      }
      if (f.status !== 'acknowledged') f.status = this.transition(f, 'acknowledge');
      tx.persist(
        make(FlagAcknowledgement, {
          councilId: f.councilId,
          flagId: f.id,
          userId: this.viewer.userId,
          acknowledgedAt: this.now,
          note: said,
        }),
      );
      this.event(tx, f, 'acknowledged', { by: this.viewer.userId });
      await tx.flush();
      return f;
    });
  }

  async escalate(id: string, reason: string): Promise<SafeguardingFlag> {
    const why = text(reason, 'a reason for escalating', MAX_NOTE, true)!;
    return this.em.transactional(async (tx) => {
      const f = await this.loadForHandling(tx, id);
      f.status = this.transition(f, 'escalate');
      tx.persist(
        make(FlagEscalation, {
          councilId: f.councilId,
          flagId: f.id,
          escalatedById: this.viewer.userId,
          escalatedAt: this.now,
          reason: why,
        }),
      );
      this.event(tx, f, 'escalated', { automatic: false });
      await tx.flush();
      return f;
    });
  }

  async resolve(id: string, outcome: string, expectedVersion: number): Promise<SafeguardingFlag> {
    const result = text(outcome, 'the outcome', MAX_OUTCOME, true)!;
    return this.em.transactional(async (tx) => {
      const f = await this.loadForHandling(tx, id);
      if (f.version !== expectedVersion) {
        throw new KinroomError(
          'STALE_VERSION',
          'This flag was changed since you read it: reload it and check before resolving.',
          { currentVersion: f.version },
        );
      }
      Object.assign(f, {
        status: this.transition(f, 'resolve'),
        resolvedAt: this.now,
        resolvedById: this.viewer.userId,
        outcome: result,
      });
      this.event(tx, f, 'resolved');
      await tx.flush();
      return f;
    });
  }

  /** The session a flag arose in: the child's, and one the viewer runs (or, for a manager, at their centre). */
  private async sessionFor(tx: EntityManager, sessionId: string, childId: string): Promise<Session> {
    const s = isUuid(sessionId)
      ? await tx.findOne(Session, { id: sessionId, councilId: this.viewer.councilId })
      : null;
    if (!s || !mayRaiseFlagIn(this.viewer, s)) throw notFound('session');
    if (s.childId !== childId) throw badInput('That session is not one of this child’s sessions.');
    return s;
  }

  private async loadForHandling(tx: EntityManager, id: string): Promise<SafeguardingFlag> {
    const f = isUuid(id)
      ? await tx.findOne(
          SafeguardingFlag,
          { id, councilId: this.viewer.councilId },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        )
      : null;
    if (!f || !(await mayReadFlag(this.em, this.viewer, f))) throw notFound('safeguarding flag');
    if (!(await mayHandleFlag(this.em, this.viewer, f))) {
      throw forbidden('Only the child’s social worker or the centre manager can handle a flag.');
    }
    return f;
  }

  private transition(f: SafeguardingFlag, action: FlagAction): FlagStatus {
    const t = transitionFlag(f.status, action);
    if (!t.ok)
      throw new KinroomError('FLAG_ILLEGAL_TRANSITION', t.reason, { status: f.status.toUpperCase() });
    return t.to;
  }

  private event(
    tx: EntityManager,
    f: SafeguardingFlag,
    kind: string,
    extra: Record<string, unknown> = {},
  ): void {
    recordEvent(tx, {
      councilId: f.councilId,
      centreId: f.centreId,
      childId: f.childId,
      topic: 'flag',
      kind,
      subjectId: f.id,
      payload: { status: f.status, severity: f.severity, category: f.category, ...extra },
    });
  }
}

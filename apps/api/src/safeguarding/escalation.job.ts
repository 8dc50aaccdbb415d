import { defaultLogger } from '../observability/logger.js';
import { needsEscalation, transitionFlag } from '@kinroom/domain';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { make } from '../db/make.js';
import type { Orm } from '../db/orm.js';
import { recordEvent } from '../realtime/event-log.js';
import { FlagEscalation, SafeguardingFlag } from './flag.entity.js';

/** How many overdue flags one run escalates; a backlog larger than this is finished by the next runs. */
const BATCH = 200;

/**
 * Escalates every open flag whose acknowledgement deadline has passed at `now` (docs/domain.md rule 10), across all
 * councils, with an escalation row (no person: Kinroom did it) and an event, in one transaction. Rows another
 * process is escalating at the same moment are skipped, never escalated twice. Returns the ids escalated.
 */
export async function escalateOverdueFlags(em: EntityManager, now: Date): Promise<string[]> {
  return em.fork().transactional(async (tx) => {
    const due = await tx.find(
      SafeguardingFlag,
      { status: 'open', acknowledgeBy: { $lt: now } },
      {
        lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        orderBy: { acknowledgeBy: 'asc', id: 'asc' },
        limit: BATCH,
      },
    );
    const escalated: string[] = [];
    for (const f of due) {
      if (!needsEscalation(f, now)) continue;
      const t = transitionFlag(f.status, 'escalate');
      if (!t.ok) continue;
      f.status = t.to;
      const minutes = Math.round((f.acknowledgeBy.getTime() - f.raisedAt.getTime()) / 60_000);
      tx.persist(
        make(FlagEscalation, {
          councilId: f.councilId,
          flagId: f.id,
          escalatedById: null,
          escalatedAt: now,
          reason: `not acknowledged within ${minutes} minutes`,
        }),
      );
      recordEvent(tx, {
        councilId: f.councilId,
        centreId: f.centreId,
        childId: f.childId,
        topic: 'flag',
        kind: 'escalated',
        subjectId: f.id,
        payload: { status: f.status, severity: f.severity, category: f.category, automatic: true },
      });
      escalated.push(f.id);
    }
    await tx.flush();
    return escalated;
  });
}

export interface EscalationJobOptions {
  /** The clock; the real one by default. */
  now?: () => Date;
  /** Told about a failed run (the next run tries again); by default logged. */
  onError?: (err: unknown) => void;
}

/**
 * Runs {@link escalateOverdueFlags} every `intervalMs` on a fresh EntityManager fork, one run at a time. Returns a
 * stop function that clears the interval and waits for a run in progress to finish.
 */
export function startEscalationJob(
  orm: Orm,
  intervalMs: number,
  options: EscalationJobOptions = {},
): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ??
    ((err: unknown) => {
      defaultLogger().error({ err }, 'kinroom: error: flag escalation failed');
    });
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = escalateOverdueFlags(orm.em.fork(), now())
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      )
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

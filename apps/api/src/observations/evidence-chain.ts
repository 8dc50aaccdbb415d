import type { EntityManager } from '@mikro-orm/postgresql';
import { amendmentEvidence, evidenceHash, observationEvidence } from './evidence-hash.js';
import { Observation, ObservationAmendment } from './observation.entity.js';

/**
 * A child's evidence chain: their final observation records and amendments, in the order they were finalised or
 * made, each hashing its content together with the previous link's hash (see `evidence-hash.ts`).
 */

/** Namespace of the two-key advisory locks that serialise chain writes per child (distinct from the outbox lock). */
const CHAIN_LOCK = 7301002;

export interface ChainHead {
  /** The hash the next link must carry as its previous hash; null when the chain is empty. */
  previousHash: string | null;
  /** The instant to record on the next link: now, or just after the head if the clock is behind it. */
  at: Date;
}

/**
 * Takes the child's chain lock until the transaction ends and reads the head. Two finalisations for one child
 * therefore run one after the other and can never both link to the same head (a forked chain).
 */
export async function lockChainHead(tx: EntityManager, childId: string, now: Date): Promise<ChainHead> {
  await tx.execute(`select pg_advisory_xact_lock(${CHAIN_LOCK}, hashtext(?))`, [childId]);
  const rows = await tx.execute<{ content_hash: string; at: Date }[]>(
    `select content_hash, at from (
       select content_hash, finalised_at as at, 0 as rank, id from observation
        where child_id = ? and status = 'final'
       union all
       select content_hash, created_at as at, 1 as rank, id from observation_amendment where child_id = ?
     ) link order by at desc, rank desc, id desc limit 1`,
    [childId, childId],
  );
  const head = rows[0];
  if (!head) return { previousHash: null, at: now };
  const headAt = new Date(head.at).getTime();
  // Verification orders links by time: a server clock behind the head must not put the new link before it.
  return { previousHash: head.content_hash, at: now.getTime() > headAt ? now : new Date(headAt + 1) };
}

interface Link {
  id: string;
  rank: 0 | 1;
  at: Date;
  storedHash: string | null;
  previousHash: string | null;
  evidence: unknown;
  /** Set when the stored row cannot be part of a sound chain whatever its hashes say. */
  defect: string | null;
}

export interface ChainReport {
  childId: string;
  intact: boolean;
  checkedRecords: number;
  firstBrokenRecordId: string | null;
  problem: string | null;
}

/**
 * Recomputes a child's chain from the stored rows. Reads through a fresh fork so that nothing cached in the
 * caller's identity map can hide what is actually stored.
 */
export async function verifyEvidenceChain(em: EntityManager, childId: string): Promise<ChainReport> {
  const fresh = em.fork({ clear: true });
  const [observations, amendments, anchors] = await Promise.all([
    // Any row carrying a hash, final or not: a final record turned back into a draft must not slip out unseen.
    fresh.find(Observation, { childId, $or: [{ status: 'final' }, { contentHash: { $ne: null } }] }),
    fresh.find(ObservationAmendment, { childId }),
    fresh
      .getConnection()
      .execute<{ subject_id: string; hash: string | null }[]>(
        `select subject_id, payload->>'contentHash' as hash from event where child_id = ? and topic = 'observation' and kind in ('finalised', 'amended') order by id`,
        [childId],
      ),
  ]);
  const finalIds = new Set(observations.filter((o) => o.status === 'final').map((o) => o.id));
  const links: Link[] = [
    ...observations.map((o): Link => ({
      id: o.id,
      rank: 0,
      at: o.finalisedAt ?? o.updatedAt,
      storedHash: o.contentHash,
      previousHash: o.previousHash,
      evidence: observationEvidence(o),
      defect:
        o.status === 'final' ? null : 'the record carries an evidence hash but is no longer marked final',
    })),
    ...amendments.map((a): Link => ({
      id: a.id,
      rank: 1,
      at: a.createdAt,
      storedHash: a.contentHash,
      previousHash: a.previousHash,
      evidence: amendmentEvidence(a),
      defect: finalIds.has(a.observationId) ? null : 'the amendment’s record is missing or no longer final',
    })),
  ].sort(
    (x, y) => x.at.getTime() - y.at.getTime() || x.rank - y.rank || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );

  const report = (id: string | null, problem: string | null): ChainReport => ({
    childId,
    intact: id === null,
    checkedRecords: links.length,
    firstBrokenRecordId: id,
    problem,
  });

  let expectedPrevious: string | null = null;
  for (const link of links) {
    if (link.defect) return report(link.id, link.defect);
    if (link.previousHash !== expectedPrevious) {
      return report(
        link.id,
        'the record does not link to the one before it: a record was removed, inserted or reordered',
      );
    }
    if (evidenceHash(link.evidence, link.previousHash) !== link.storedHash) {
      return report(link.id, 'the stored content no longer matches its hash: the record was changed');
    }
    expectedPrevious = link.storedHash;
  }
  // Every link written through the API also left its hash in the append-only outbox: a removed or rewritten tail
  // (which no later link could reveal) shows here.
  const stored = new Map(links.map((l) => [l.id, l.storedHash]));
  for (const anchor of anchors) {
    if (anchor.hash && stored.get(anchor.subject_id) !== anchor.hash) {
      return report(anchor.subject_id, 'a record written to the chain is missing or its hash was replaced');
    }
  }
  return report(null, null);
}

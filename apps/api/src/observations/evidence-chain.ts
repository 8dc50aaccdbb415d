import type { EntityManager } from '@mikro-orm/postgresql';
import { amendmentEvidence, evidenceHash, observationEvidence, sealStatement } from './evidence-hash.js';
import type { EvidenceKeyring } from './evidence-keys.js';
import { Observation, ObservationAmendment } from './observation.entity.js';

/**
 * A child's evidence chain: their final observation records and amendments, in the order they were finalised or
 * made, each hashing its content together with the previous link's hash (see `evidence-hash.ts`), and each signed
 * with the evidence key, which the database does not hold (see `evidence-keys.ts` and docs/evidence.md).
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

/** Signs a link whose hash is set; the signature and key id are stored with it. */
export function sealLink(
  keys: EvidenceKeyring,
  link: { id: string; childId: string; contentHash: string | null },
): { signature: string; signingKey: string } {
  if (!link.contentHash) throw new Error('a link is sealed only once its hash is set');
  return {
    signature: keys.sign(sealStatement({ ...link, contentHash: link.contentHash })),
    signingKey: keys.keyId,
  };
}

interface Link {
  id: string;
  rank: 0 | 1;
  at: Date;
  storedHash: string | null;
  previousHash: string | null;
  signature: string | null;
  signingKey: string | null;
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
  /** When the check ran. */
  verifiedAt: Date;
  /** The fingerprint of this server's evidence key: the public key the check trusts for new records. */
  keyFingerprint: string;
  /** The fingerprints of the keys whose valid signatures the checked records carry. */
  signingKeys: string[];
  /** The newest link's hash: a printed copy pins the chain as it stood, so a later removed tail shows. */
  headHash: string | null;
}

/**
 * Recomputes a child's chain from the stored rows and checks every link's signature with the public keys this
 * server holds outside the database. Reads through a fresh fork so that nothing cached in the caller's identity map
 * can hide what is actually stored.
 */
export async function verifyEvidenceChain(
  em: EntityManager,
  childId: string,
  keys: EvidenceKeyring,
  now: Date,
): Promise<ChainReport> {
  return (await checkChain(em, childId, keys, now, null)).report;
}

/**
 * Signs the links written before records were signed (`evidence:seal`, run once after upgrading; docs/evidence.md).
 * Only a chain that is otherwise sound is sealed, and only its unsigned beginning: an unsigned link after a signed
 * one cannot be from before, so it is reported, never signed; nor is a link dated at or after `signingSince` (when
 * the server began signing). Returns how many links were signed and the chain's report afterwards.
 */
export async function sealUnsignedLinks(
  em: EntityManager,
  childId: string,
  keys: EvidenceKeyring,
  now: Date,
  signingSince: Date,
): Promise<{ sealed: number; report: ChainReport }> {
  const { report, unsigned } = await checkChain(em, childId, keys, now, signingSince);
  if (!report.intact || unsigned.length === 0) return { sealed: 0, report };
  const connection = em.getConnection();
  for (const link of unsigned) {
    const seal = sealLink(keys, { id: link.id, childId, contentHash: link.storedHash });
    // Only as checked: a row changed since (which only a superuser could do) is left for the next check to show.
    await connection.execute(
      `update ${link.rank === 0 ? 'observation' : 'observation_amendment'}
          set signature = ?, signing_key = ?
        where id = ? and child_id = ? and content_hash = ? and signature is null`,
      [seal.signature, seal.signingKey, link.id, childId, link.storedHash],
    );
  }
  return { sealed: unsigned.length, report: await verifyEvidenceChain(em, childId, keys, now) };
}

async function checkChain(
  em: EntityManager,
  childId: string,
  keys: EvidenceKeyring,
  now: Date,
  /** Links before this time may be unsigned if no signed link comes before them; null: none may. */
  unsignedBefore: Date | null,
): Promise<{ report: ChainReport; unsigned: Link[] }> {
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
      signature: o.signature,
      signingKey: o.signingKey,
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
      signature: a.signature,
      signingKey: a.signingKey,
      evidence: amendmentEvidence(a),
      defect: finalIds.has(a.observationId) ? null : 'the amendment’s record is missing or no longer final',
    })),
  ].sort(
    (x, y) => x.at.getTime() - y.at.getTime() || x.rank - y.rank || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );

  const signers = new Set<string>();
  const unsigned: Link[] = [];
  const report = (id: string | null, problem: string | null) => ({
    report: {
      childId,
      intact: id === null,
      checkedRecords: links.length,
      firstBrokenRecordId: id,
      problem,
      verifiedAt: now,
      keyFingerprint: keys.keyId,
      signingKeys: [...signers],
      headHash: links.at(-1)?.storedHash ?? null,
    },
    unsigned,
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
    // The hashes above anyone can recompute; only the signature proves the link was written by this service.
    const early = unsignedBefore !== null && link.at.getTime() < unsignedBefore.getTime();
    if (early && !link.signature && !link.signingKey && signers.size === 0) {
      unsigned.push(link);
    } else {
      const unsealed = signatureProblem(keys, childId, link);
      if (unsealed) return report(link.id, unsealed);
      signers.add(link.signingKey!);
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

function signatureProblem(keys: EvidenceKeyring, childId: string, link: Link): string | null {
  if (!link.signature || !link.signingKey || !link.storedHash) {
    return 'the record carries no signature: it was written before records were sealed, or its seal was removed';
  }
  const statement = sealStatement({ id: link.id, childId, contentHash: link.storedHash });
  switch (keys.check(link.signingKey, statement, link.signature)) {
    case 'valid':
      return null;
    case 'unknown-key':
      return 'the record is signed with a key this server does not know: neither its evidence key nor a listed earlier one';
    case 'invalid':
      return 'the record’s signature does not match what is stored: it was changed, or signed, by someone without the evidence key';
  }
}

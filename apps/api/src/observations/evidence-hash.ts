import { createHash } from 'node:crypto';

/** JSON with keys sorted at every level, so that the same content always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * The link of a child's evidence chain: a hash over a final record's content and the hash of the record before it,
 * so that any later change to a stored record, or a removed one, shows when the chain is checked.
 */
export function evidenceHash(content: unknown, previousHash: string | null): string {
  return createHash('sha256')
    .update(previousHash ?? 'genesis')
    .update('\n')
    .update(canonical(content))
    .digest('hex');
}

/** What of a final observation the chain covers: everything a court would read. */
export function observationEvidence(o: {
  id: string;
  sessionId: string;
  childId: string;
  authorId: string;
  reviewerId: string | null;
  sections: unknown;
  finalisedAt: Date | null;
}): unknown {
  return {
    kind: 'observation',
    id: o.id,
    sessionId: o.sessionId,
    childId: o.childId,
    authorId: o.authorId,
    reviewerId: o.reviewerId,
    sections: o.sections,
    finalisedAt: o.finalisedAt,
  };
}

export function amendmentEvidence(a: {
  id: string;
  observationId: string;
  childId: string;
  authorId: string;
  reason: string;
  text: string;
  createdAt: Date;
}): unknown {
  return {
    kind: 'amendment',
    id: a.id,
    observationId: a.observationId,
    childId: a.childId,
    authorId: a.authorId,
    reason: a.reason,
    text: a.text,
    createdAt: a.createdAt,
  };
}

/**
 * What a link's signature covers: its place (child and record) and its hash, which itself covers the content and,
 * through the previous hash, every link before it. Versioned, so that a later form can never be mistaken for this.
 */
export function sealStatement(link: { id: string; childId: string; contentHash: string }): string {
  return `kinroom-evidence-link/v1\n${link.childId}\n${link.id}\n${link.contentHash}`;
}

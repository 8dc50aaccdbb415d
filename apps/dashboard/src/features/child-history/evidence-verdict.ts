import { londonDateTime } from '../../shared/london-time';

/**
 * A key fingerprint as people compare it, read aloud or side by side with a published copy: the hex in groups of
 * four, all of it (a shortened fingerprint is easy to forge a look-alike for).
 */
export function groupFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

export interface EvidenceVerdict {
  ok: boolean;
  headline: string;
  detail: string;
}

interface Report {
  intact: boolean;
  checkedRecords: number;
  problem?: string | null;
  firstBrokenRecordId?: string | null;
  verifiedAt: string;
  signingKeys: readonly string[];
  keyFingerprint: string;
}

function records(n: number): string {
  return n === 1 ? '1 final record or amendment' : `${n} final records and amendments`;
}

/** What the history says of a chain check, in words for the screen and the printed copy. */
export function evidenceVerdict(r: Report): EvidenceVerdict {
  const when = londonDateTime(r.verifiedAt);
  if (!r.intact) {
    return {
      ok: false,
      headline: 'Evidence check FAILED: these records may have been altered',
      detail:
        `${r.problem ?? 'The records do not verify.'} (first at record ${r.firstBrokenRecordId ?? 'unknown'}; ` +
        `${records(r.checkedRecords)} checked ${when}). Do not rely on this history as evidence until the ` +
        'records have been investigated.',
    };
  }
  if (r.checkedRecords === 0) {
    return {
      ok: true,
      headline: 'Evidence verified: no final records yet',
      detail: `Checked ${when}. Records are signed with the evidence key as they become final.`,
    };
  }
  const earlier = r.signingKeys.filter((k) => k !== r.keyFingerprint).length;
  return {
    ok: true,
    headline: 'Evidence verified: intact',
    detail:
      `${records(r.checkedRecords)} checked ${when}: none changed, removed or reordered, each signed with the ` +
      `evidence key${earlier ? ` or an earlier one (${earlier} earlier ${earlier === 1 ? 'key' : 'keys'})` : ''}.`,
  };
}

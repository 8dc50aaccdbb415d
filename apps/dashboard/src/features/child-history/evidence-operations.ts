import { graphql } from '@kinroom/schema';
import type { VerifyEvidenceQuery } from '@kinroom/schema';

/** The check of the child's evidence chain, shown (and printed) with the history. */
export const VerifyEvidenceDoc = graphql(`
  query VerifyEvidence($childId: ID!) {
    verifyEvidenceChain(childId: $childId) {
      childId
      intact
      checkedRecords
      firstBrokenRecordId
      problem
      verifiedAt
      keyFingerprint
      signingKeys
      headHash
    }
  }
`);

export type EvidenceReport = VerifyEvidenceQuery['verifyEvidenceChain'];

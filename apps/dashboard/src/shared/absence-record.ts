import { formatLondonTime } from '@kinroom/domain';
import { londonDayTime } from './london-time';
import { graphql } from '@kinroom/schema';
import type { AbsenceRecordFieldsFragment, AttendanceOutcome } from '@kinroom/schema';

/**
 * A session's absence notices and the manager's corrections of its outcome, as every screen that shows a session
 * asks for them and AbsenceRecord.vue shows them.
 */
export const AbsenceRecordFields = graphql(`
  fragment AbsenceRecordFields on Session {
    absenceNotices {
      receivedAt
      recordedAt
      explainsAbsence
      givenBy
      reason
      recordedBy {
        name
      }
    }
    attendanceCorrections {
      fromOutcome
      toOutcome
      reason
      correctedAt
      correctedBy {
        name
      }
    }
  }
`);

/**
 * The same notices as the room board asks for them: the board's sessions are of their own type, so they need their
 * own fragment, but they are read and shown exactly as on every other screen (AbsenceNotices.vue).
 */
export const BoardAbsenceNoticeFields = graphql(`
  fragment BoardAbsenceNoticeFields on BoardSession {
    absenceNotices {
      receivedAt
      recordedAt
      explainsAbsence
      givenBy
      reason
      recordedBy {
        name
      }
    }
  }
`);

/** An absence notice as every screen that shows a session reads it. */
export type NoticeLike = AbsenceRecordFieldsFragment['absenceNotices'][number];

/** A manager's correction of a recorded absence. */
export type CorrectionLike = AbsenceRecordFieldsFragment['attendanceCorrections'][number];

const OUTCOME_WORDS: Record<AttendanceOutcome, string> = {
  ATTENDED: 'attended',
  LATE_WITHIN_GRACE: 'attended late, within the grace period',
  EXPLAINED_ABSENCE: 'explained absence',
  UNEXPLAINED_NO_SHOW: 'unexplained absence',
  CENTRE_CANCELLED: 'cancelled by the centre',
};

/**
 * The two times of a notice, always both (docs/domain.md rule 7): when the centre says it received it, and when it was
 * recorded by the server's clock, and who took it. A notice recorded after the start explains nothing by itself.
 */
export function noticeText(n: NoticeLike): string {
  const verdict = n.explainsAbsence
    ? 'before the start: the absence is explained'
    : 'late notice: it does not explain the absence by itself';
  return `Notice from ${n.givenBy} (“${n.reason}”): received ${londonDayTime(n.receivedAt)}, recorded ${londonDayTime(
    n.recordedAt,
  )} by ${n.recordedBy.name}; ${verdict}.`;
}

/**
 * A notice as the room board shows it: the board shows one day, so the times need no date; both are always there,
 * as everywhere (docs/domain.md rule 7).
 */
export function boardNoticeText(n: NoticeLike): string {
  return `Absence notice from ${n.givenBy}: received ${formatLondonTime(new Date(n.receivedAt))}, recorded ${formatLondonTime(
    new Date(n.recordedAt),
  )} by ${n.recordedBy.name}. Reason: “${n.reason}”`;
}

/** A correction with who made it, when, why, and from what to what. */
export function correctionText(c: CorrectionLike): string {
  return `Corrected by ${c.correctedBy.name} on ${londonDayTime(c.correctedAt)}: ${OUTCOME_WORDS[c.fromOutcome]} → ${
    OUTCOME_WORDS[c.toOutcome]
  }. Reason: “${c.reason}”`;
}

/** Only a recorded absence can be corrected, and only to the other kind of absence. */
export function correctionTarget(outcome: AttendanceOutcome | null | undefined): AttendanceOutcome | null {
  if (outcome === 'UNEXPLAINED_NO_SHOW') return 'EXPLAINED_ABSENCE';
  if (outcome === 'EXPLAINED_ABSENCE') return 'UNEXPLAINED_NO_SHOW';
  return null;
}

export { OUTCOME_WORDS };

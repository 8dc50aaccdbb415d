import { calendarDate, londonDateTime } from '../../shared/london-time';
import { SIGNATURE_METHOD } from './agreement-form';
import type { LifeCycleAgreement } from './agreement-operations';

/** One dated step of an agreement's life, with its lines of detail. */
export interface LifeStep {
  key: string;
  at: string;
  title: string;
  lines: string[];
}

/**
 * What happened to an agreement, oldest first: written, signed (who, when, how, and when recorded if later),
 * each review, the suspension, each meeting with the parent, and its end.
 */
export function lifeSteps(a: LifeCycleAgreement): LifeStep[] {
  const out: LifeStep[] = [{ key: 'written', at: a.createdAt, title: 'Written', lines: [] }];
  if (a.signedAt) {
    out.push({
      key: 'signed',
      at: a.signedAt,
      title: `Signed by ${a.signedBy ?? 'the parent'}`,
      lines: [
        a.signedVia ? SIGNATURE_METHOD[a.signedVia] : 'How it was signed was not recorded',
        // A signature recorded later than it was given (a copy back by post) says when it was recorded.
        ...(a.signatureRecordedAt && londonDateTime(a.signatureRecordedAt) !== londonDateTime(a.signedAt)
          ? [`Recorded ${londonDateTime(a.signatureRecordedAt)}`]
          : []),
      ],
    });
  }
  for (const r of a.reviews) {
    out.push({
      key: `review-${r.id}`,
      at: r.reviewedAt,
      title: `Reviewed by ${r.reviewedBy.name}`,
      lines: [
        r.summary,
        ...(r.changes.length ? [`Changed: ${r.changes.join('; ')}`] : []),
        `Next review ${calendarDate(r.nextReviewDate)}`,
      ],
    });
  }
  if (a.suspensionNotice) {
    out.push({ key: 'suspended', at: a.suspensionNotice.issuedAt, title: 'Contact suspended', lines: [] });
  }
  for (const m of a.suspensionMeetings) {
    out.push({
      key: `meeting-${m.id}`,
      at: m.heldAt,
      title: 'Met the parent',
      lines: [
        `Attended: ${[...m.familyAttendees.map((f) => `${f.firstName} (${f.relationship})`), ...m.otherAttendees].join(', ')}`,
        `Agreed: ${m.agreed}`,
        `Recorded by ${m.recordedBy.name}`,
      ],
    });
  }
  if (a.endedAt) {
    out.push({ key: 'ended', at: a.endedAt, title: 'Ended', lines: a.endReason ? [a.endReason] : [] });
  }
  return out.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

import { calendarDate, londonDateTime } from '../../shared/london-time';
import { SIGNATURE_METHOD } from './agreement-form';
import type { LifeCycleAgreement, LifeEvent } from './agreement-operations';

/** One dated step of an agreement's life, with its lines of detail. */
export interface LifeStep {
  key: string;
  at: string;
  title: string;
  lines: string[];
}

/**
 * An agreement's life as its card reads it, oldest first, from the entries the child's history gives (newest first,
 * every agreement's): which steps there are is the API's to say; this says how each reads. Written; signed (who,
 * when, how, and when recorded if later); each review; the suspension; each meeting with the parent; replaced or
 * ended.
 */
export function lifeSteps(a: LifeCycleAgreement, events: readonly LifeEvent[]): LifeStep[] {
  return eventsOf(a.id, events)
    .reverse()
    .map((e, i) => ({ key: `${e.kind}-${i}`, at: e.at, ...words(a, e) }));
}

/**
 * Whether the meeting with the parent has been recorded since the suspension notice: the API's rule
 * (SUSPENSION_MEETING_REQUIRED) for writing the agreement that restarts contact, read from the agreement's life.
 */
export function parentMetSinceSuspension(agreementId: string, events: readonly LifeEvent[]): boolean {
  const mine = eventsOf(agreementId, events);
  const suspended = mine.find((e) => e.kind === 'SUSPENDED');
  return (
    suspended !== undefined &&
    mine.some((e) => e.kind === 'MEETING' && Date.parse(e.at) >= Date.parse(suspended.at))
  );
}

function eventsOf(agreementId: string, events: readonly LifeEvent[]): LifeEvent[] {
  return events.filter((e) => e.agreementId === agreementId);
}

function words(a: LifeCycleAgreement, e: LifeEvent): Pick<LifeStep, 'title' | 'lines'> {
  switch (e.kind) {
    case 'WRITTEN':
      return { title: 'Written', lines: [] };
    case 'SIGNED':
      return {
        title: `Signed by ${a.signedBy ?? 'the parent'}`,
        lines: [
          a.signedVia ? SIGNATURE_METHOD[a.signedVia] : 'How it was signed was not recorded',
          // A signature recorded later than it was given (a copy back by post) says when it was recorded.
          ...(a.signatureRecordedAt && londonDateTime(a.signatureRecordedAt) !== londonDateTime(e.at)
            ? [`Recorded ${londonDateTime(a.signatureRecordedAt)}`]
            : []),
        ],
      };
    case 'REVIEWED': {
      const r = e.review;
      if (!r) return { title: 'Reviewed', lines: [e.summary] };
      return {
        title: `Reviewed by ${r.reviewedBy.name}`,
        lines: [
          r.summary,
          ...(r.changes.length ? [`Changed: ${r.changes.join('; ')}`] : []),
          `Next review ${calendarDate(r.nextReviewDate)}`,
        ],
      };
    }
    case 'SUSPENDED':
      return { title: 'Contact suspended', lines: [] };
    case 'MEETING': {
      const m = e.suspensionMeeting;
      if (!m) return { title: 'Met the parent', lines: [e.summary] };
      return {
        title: 'Met the parent',
        lines: [
          `Attended: ${[...m.familyAttendees.map((f) => `${f.firstName} (${f.relationship})`), ...m.otherAttendees].join(', ')}`,
          `Agreed: ${m.agreed}`,
          `Recorded by ${m.recordedBy.name}`,
        ],
      };
    }
    case 'SUPERSEDED':
      return { title: 'Replaced by a new agreement', lines: [e.summary] };
    case 'ENDED':
      return { title: 'Ended', lines: a.endReason ? [a.endReason] : [] };
  }
}

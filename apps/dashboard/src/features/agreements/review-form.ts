import { addDaysToDateKey } from '@kinroom/domain';
import type { ReviewAgreementInput } from '@kinroom/schema';
import type { FieldProblem } from '../../shared/use-record-form';
import { reviewDayAfter, termsProblem } from './agreement-form';
import type { LifeCycleAgreement } from './agreement-operations';

/** A review as it is written: what was decided, the next date, and the practical terms as they will be. */
export interface ReviewDraft {
  summary: string;
  nextReviewDate: string;
  sessionsPerWeek: string;
  sessionMinutes: string;
  transportPlan: string;
  travelSupport: string;
}

/** A review starts from the agreement's terms as they are, and the next review three months on. */
export function reviewDraft(a: LifeCycleAgreement, today: string): ReviewDraft {
  return {
    summary: '',
    nextReviewDate: addDaysToDateKey(today, 91),
    sessionsPerWeek: String(a.sessionsPerWeek),
    sessionMinutes: String(a.sessionMinutes),
    transportPlan: a.transportPlan,
    travelSupport: a.travelSupport ?? '',
  };
}

/** The first problem with a review, by the API's field; null when it may be sent. */
export function reviewProblem(d: ReviewDraft, today: string): FieldProblem | null {
  if (!d.summary.trim()) return { field: 'summary', message: 'Write what was reviewed and decided.' };
  if (!reviewDayAfter(d.nextReviewDate, today))
    return { field: 'nextReviewDate', message: 'Choose the next review date, after today.' };
  return termsProblem(d);
}

/**
 * The review as the API takes it: only the terms that change are sent, so a review that changes nothing records
 * no change (and a suspended agreement, whose terms cannot change, is reviewed without any).
 */
export function reviewInput(a: LifeCycleAgreement, d: ReviewDraft): ReviewAgreementInput {
  const input: ReviewAgreementInput = { summary: d.summary.trim(), nextReviewDate: d.nextReviewDate };
  const perWeek = Number(d.sessionsPerWeek);
  const minutes = Number(d.sessionMinutes);
  const transport = d.transportPlan.trim();
  const support = d.travelSupport.trim();
  if (perWeek !== a.sessionsPerWeek) input.sessionsPerWeek = perWeek;
  if (minutes !== a.sessionMinutes) input.sessionMinutes = minutes;
  if (transport !== a.transportPlan) input.transportPlan = transport;
  if (support !== (a.travelSupport ?? '')) input.travelSupport = support;
  return input;
}

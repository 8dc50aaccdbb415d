import { addDaysToDateKey } from '@kinroom/domain';
import type { ReviewAgreementInput } from '@kinroom/schema';
import type { FieldProblem } from '../records/use-record-form';
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

export function reviewProblem(d: ReviewDraft, today: string): FieldProblem | null {
  if (!d.summary.trim()) return { field: 'summary', message: 'Write what was reviewed and decided.' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.nextReviewDate) || d.nextReviewDate <= today)
    return { field: 'nextReviewDate', message: 'Choose the next review date, after today.' };
  if (!/^\s*\d+\s*$/.test(d.sessionsPerWeek))
    return { field: 'sessionsPerWeek', message: 'Sessions a week must be a whole number from 1 to 14.' };
  if (!/^\s*\d+\s*$/.test(d.sessionMinutes))
    return { field: 'sessionMinutes', message: 'Minutes per session must be a whole number from 15 to 480.' };
  if (!d.transportPlan.trim())
    return { field: 'transportPlan', message: 'Say how the child gets to and from the centre.' };
  return null;
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

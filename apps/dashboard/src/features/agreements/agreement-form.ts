import {
  addDaysToDateKey,
  RISK_FACTOR_LABELS,
  RISK_FACTORS,
  SUPERVISION_LEVEL_LABELS,
  supervisionLevelFor,
  type RiskFactor as DomainRisk,
} from '@kinroom/domain';
import type { CreateAgreementInput, RiskFactor, SignatureMethod, SupervisionLevel } from '@kinroom/schema';
import { londonFields, londonMoment, pastMoment, realDate } from '../../shared/london-moment';
import type { FieldProblem } from '../../shared/use-record-form';
import type { LifeCycleAgreement } from './agreement-operations';

/** The domain's risks as the API names them, in the domain's order, with the domain's words. */
export const RISK_CHOICES: readonly { value: RiskFactor; label: string }[] = RISK_FACTORS.map((r) => ({
  value: r.toUpperCase() as RiskFactor,
  label: RISK_FACTOR_LABELS[r],
}));

export interface SupervisionPreview {
  level: SupervisionLevel;
  label: string;
  reasons: string[];
  /** What the level asks of the centre, in a sentence. */
  means: string;
}

/**
 * The supervision level and its reasons for the risks ticked so far: the domain's own rule (`supervisionLevelFor`),
 * the one the API applies when the agreement is written, so what the form shows is what will be stored.
 */
export function supervisionPreview(risks: readonly RiskFactor[]): SupervisionPreview {
  const d = supervisionLevelFor(risks.map((r) => r.toLowerCase() as DomainRisk));
  const means =
    d.level === 'supported'
      ? 'No close monitoring and no written observations; only attendance is noted.'
      : d.requiresSecondStaff
        ? 'A supervisor in sight and sound the whole time, a second member of staff, and a written observation report.'
        : 'A supervisor in sight and sound the whole time, and a written observation report.';
  return {
    level: d.level.toUpperCase() as SupervisionLevel,
    label: SUPERVISION_LEVEL_LABELS[d.level],
    reasons: d.reasons,
    means,
  };
}

/** What the agreement form holds while it is being written. Numbers stay text until sent. */
export interface AgreementDraft {
  centreId: string;
  riskFactors: RiskFactor[];
  participantIds: string[];
  sessionsPerWeek: string;
  sessionMinutes: string;
  transportPlan: string;
  travelSupport: string;
  conditions: string[];
  reviewDate: string;
}

/** A new agreement's starting point: usual terms, and the first review three months ahead. */
export function blankDraft(today: string): AgreementDraft {
  return {
    centreId: '',
    riskFactors: [],
    participantIds: [],
    sessionsPerWeek: '1',
    sessionMinutes: '60',
    transportPlan: '',
    travelSupport: '',
    conditions: [''],
    reviewDate: addDaysToDateKey(today, 91),
  };
}

/**
 * The next agreement written from an earlier one (after a suspension, or to change what a review cannot): the same
 * centre, risks, family, terms and conditions, with a new first review date.
 */
export function draftFrom(a: LifeCycleAgreement, today: string): AgreementDraft {
  return {
    centreId: a.centreId,
    riskFactors: [...a.riskFactors],
    participantIds: a.participants.map((p) => p.familyMemberId),
    sessionsPerWeek: String(a.sessionsPerWeek),
    sessionMinutes: String(a.sessionMinutes),
    transportPlan: a.transportPlan,
    travelSupport: a.travelSupport ?? '',
    conditions: a.conditions.length ? [...a.conditions] : [''],
    reviewDate: addDaysToDateKey(today, 91),
  };
}

function wholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

/** Whether a day typed as a review date is a real day after `today` (the API's rule for every review date). */
export function reviewDayAfter(key: string, today: string): boolean {
  return realDate(key) && key > today;
}

/** The practical terms, as an agreement or its review writes them. */
export type TermsDraft = Pick<AgreementDraft, 'sessionsPerWeek' | 'sessionMinutes' | 'transportPlan'>;

/** The first problem with the practical terms, by the API's limits; null when there is none. */
export function termsProblem(d: TermsDraft): FieldProblem | null {
  const perWeek = wholeNumber(d.sessionsPerWeek);
  if (perWeek === null || perWeek < 1 || perWeek > 14)
    return { field: 'sessionsPerWeek', message: 'Sessions a week must be a whole number from 1 to 14.' };
  const minutes = wholeNumber(d.sessionMinutes);
  if (minutes === null || minutes < 15 || minutes > 480)
    return { field: 'sessionMinutes', message: 'Minutes per session must be a whole number from 15 to 480.' };
  if (!d.transportPlan.trim())
    return { field: 'transportPlan', message: 'Say how the child gets to and from the centre.' };
  return null;
}

/** The first problem with a draft, named by the API's field, in the API's limits; null when it may be sent. */
export function draftProblem(d: AgreementDraft, today: string): FieldProblem | null {
  if (!d.centreId) return { field: 'centreId', message: 'Choose the contact centre.' };
  if (d.participantIds.length === 0)
    return { field: 'participantIds', message: 'Tick at least one family member who takes part.' };
  const terms = termsProblem(d);
  if (terms) return terms;
  if (!reviewDayAfter(d.reviewDate, today))
    return { field: 'reviewDate', message: 'Choose a first review date after today.' };
  return null;
}

/** The draft as the API takes it: trimmed, blank conditions dropped, no travel support when none is written. */
export function createInput(childId: string, d: AgreementDraft): CreateAgreementInput {
  return {
    childId,
    centreId: d.centreId,
    riskFactors: [...d.riskFactors],
    participantIds: [...d.participantIds],
    sessionsPerWeek: Number(d.sessionsPerWeek),
    sessionMinutes: Number(d.sessionMinutes),
    transportPlan: d.transportPlan.trim(),
    travelSupport: d.travelSupport.trim() || null,
    conditions: d.conditions.map((c) => c.trim()).filter((c) => c.length > 0),
    reviewDate: d.reviewDate,
  };
}

/** How a signature reached the social worker, in words. */
export const SIGNATURE_METHOD: Record<SignatureMethod, string> = {
  IN_PERSON: 'In person, on paper',
  BY_POST: 'A signed copy came back by post',
  BY_EMAIL: 'A signed copy came back by email',
  ELECTRONIC: 'Electronically',
};

export interface SignatureDraft {
  signedBy: string;
  /** The London day and time the parent signed. */
  date: string;
  time: string;
  method: SignatureMethod | '';
}

/** A signature recorded now: the London day and minute, and nothing else chosen yet. */
export function blankSignature(now: Date): SignatureDraft {
  return { signedBy: '', ...londonFields(now), method: '' };
}

/**
 * The first problem with a signature, by the API's rule: who signed and how, at a time that has happened and not
 * before the agreement was written (to the minute: the form has no seconds).
 */
export function signatureProblem(s: SignatureDraft, writtenAt: string, now: Date): FieldProblem | null {
  if (!s.signedBy.trim()) return { field: 'signedBy', message: 'Write the name of the person who signed.' };
  if (!s.method) return { field: 'signedVia', message: 'Say how it was signed.' };
  const read = pastMoment(s.date, s.time, now, {
    missing: 'Give the day and time it was signed (HH:MM).',
    future: 'It cannot have been signed in the future.',
  });
  if ('problem' in read) return { field: 'signedAt', message: read.problem };
  if (read.at.getTime() < Math.floor(Date.parse(writtenAt) / 60_000) * 60_000)
    return { field: 'signedAt', message: 'It cannot have been signed before the agreement was written.' };
  return null;
}

/**
 * The moment to send: the minute chosen, but never before the agreement was written (a signature in the same minute
 * as the writing is sent as the moment of writing).
 */
export function signedAtToSend(s: SignatureDraft, writtenAt: string): string {
  const at = londonMoment(s.date, s.time)!.getTime();
  return new Date(Math.max(at, Date.parse(writtenAt))).toISOString();
}

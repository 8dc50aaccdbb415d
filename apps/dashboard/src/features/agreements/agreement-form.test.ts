import { describe, expect, it } from 'vitest';
import {
  blankDraft,
  blankSignature,
  createInput,
  draftFrom,
  draftProblem,
  signatureProblem,
  signedAtToSend,
  supervisionPreview,
} from './agreement-form';
import type { LifeCycleAgreement } from './agreement-operations';
import { reviewDraft, reviewInput, reviewProblem } from './review-form';

const today = '2026-12-07';

const suspended: LifeCycleAgreement = {
  id: 'a1',
  childId: 'c1',
  centreId: 'centre-1',
  status: 'SUSPENDED',
  version: 4,
  riskFactors: ['ALCOHOL_MISUSE'],
  sessionsPerWeek: 2,
  sessionMinutes: 90,
  transportPlan: 'Taxi from the carers',
  travelSupport: null,
  conditions: ['No alcohol before contact'],
  reviewDate: '2027-01-10',
  createdAt: '2026-09-01T09:00:00.000Z',
  signedAt: '2026-09-02T10:00:00.000Z',
  signedBy: 'Kerry Bennett',
  signedVia: 'IN_PERSON',
  signatureRecordedAt: '2026-09-02T10:05:00.000Z',
  endedAt: null,
  endReason: null,
  supersedesId: null,
  participants: [{ familyMemberId: 'f1', firstName: 'Kerry', relationship: 'mother' }],
};

describe('the supervision level shown as risks are ticked', () => {
  it('is the domain’s decision, with one reason per risk', () => {
    expect(supervisionPreview(['LOW_LEVEL_RISK'])).toMatchObject({
      level: 'SUPPORTED',
      label: 'Supported contact',
      reasons: ['Low-level risk: calls for supported contact'],
    });
    const high = supervisionPreview(['LOW_LEVEL_RISK', 'ABDUCTION_RISK']);
    expect(high.level).toBe('HIGH_VIGILANCE');
    expect(high.reasons).toHaveLength(2);
    expect(high.means).toContain('second member of staff');
  });

  it('treats no ticked risk as a missing assessment, and supervises', () => {
    const none = supervisionPreview([]);
    expect(none.level).toBe('SUPERVISED');
    expect(none.reasons[0]).toMatch(/assessment/i);
    expect(none.means).not.toContain('second member of staff');
  });
});

describe('the agreement form', () => {
  it('names the field of the first problem, by the API’s names and limits', () => {
    const d = blankDraft(today);
    expect(draftProblem(d, today)?.field).toBe('centreId');
    d.centreId = 'centre-1';
    expect(draftProblem(d, today)?.field).toBe('participantIds');
    d.participantIds = ['f1'];
    d.sessionsPerWeek = '15';
    expect(draftProblem(d, today)?.field).toBe('sessionsPerWeek');
    d.sessionsPerWeek = '2';
    d.sessionMinutes = '1.5';
    expect(draftProblem(d, today)?.field).toBe('sessionMinutes');
    d.sessionMinutes = '60';
    expect(draftProblem(d, today)?.field).toBe('transportPlan');
    d.transportPlan = 'Taxi';
    d.reviewDate = today;
    expect(draftProblem(d, today)?.field).toBe('reviewDate');
    d.reviewDate = '2026-12-08';
    expect(draftProblem(d, today)).toBeNull();
  });

  it('sends trimmed terms, numbers as numbers, no blank conditions and no empty travel support', () => {
    const d = {
      ...blankDraft(today),
      centreId: 'centre-1',
      riskFactors: ['SUBSTANCE_MISUSE' as const],
      participantIds: ['f1'],
      sessionsPerWeek: ' 2 ',
      transportPlan: '  Taxi  ',
      travelSupport: '   ',
      conditions: [' Arrive on time ', '', '  '],
    };
    expect(createInput('c1', d)).toEqual({
      childId: 'c1',
      centreId: 'centre-1',
      riskFactors: ['SUBSTANCE_MISUSE'],
      participantIds: ['f1'],
      sessionsPerWeek: 2,
      sessionMinutes: 60,
      transportPlan: 'Taxi',
      travelSupport: null,
      conditions: ['Arrive on time'],
      reviewDate: '2027-03-08',
    });
  });

  it('starts the agreement after a suspension from the suspended one’s terms, with a new review date', () => {
    expect(draftFrom(suspended, today)).toEqual({
      centreId: 'centre-1',
      riskFactors: ['ALCOHOL_MISUSE'],
      participantIds: ['f1'],
      sessionsPerWeek: '2',
      sessionMinutes: '90',
      transportPlan: 'Taxi from the carers',
      travelSupport: '',
      conditions: ['No alcohol before contact'],
      reviewDate: '2027-03-08',
    });
  });
});

describe('the signature', () => {
  const now = new Date('2026-12-07T15:30:20Z');
  const written = '2026-12-07T15:10:40.000Z';

  it('needs who and how, at a time not in the future and not before the agreement was written', () => {
    const s = blankSignature(now);
    expect(s).toEqual({ signedBy: '', date: '2026-12-07', time: '15:30', method: '' });
    expect(signatureProblem(s, written, now)?.field).toBe('signedBy');
    s.signedBy = 'Kerry Bennett';
    expect(signatureProblem(s, written, now)?.field).toBe('signedVia');
    s.method = 'BY_POST';
    expect(signatureProblem(s, written, now)).toBeNull();
    expect(signatureProblem({ ...s, time: '15:31' }, written, now)?.message).toMatch(/future/);
    expect(signatureProblem({ ...s, time: '15:09' }, written, now)?.message).toMatch(/before/);
    // The minute it was written in is allowed, and sent as the moment of writing.
    const sameMinute = { ...s, time: '15:10' };
    expect(signatureProblem(sameMinute, written, now)).toBeNull();
    expect(signedAtToSend(sameMinute, written)).toBe(written);
    expect(signedAtToSend(s, written)).toBe('2026-12-07T15:30:00.000Z');
  });
});

describe('a review', () => {
  it('sends only the terms it changes', () => {
    const active = { ...suspended, status: 'ACTIVE' as const, travelSupport: 'Bus fare' };
    const d = { ...reviewDraft(active, today), summary: ' Going well ' };
    expect(reviewInput(active, d)).toEqual({ summary: 'Going well', nextReviewDate: '2027-03-08' });
    d.sessionMinutes = '120';
    d.travelSupport = '';
    expect(reviewInput(active, d)).toEqual({
      summary: 'Going well',
      nextReviewDate: '2027-03-08',
      sessionMinutes: 120,
      travelSupport: '',
    });
  });
});

describe('a review’s problems', () => {
  it('names the next review date, then the terms, by the same limits as a new agreement', () => {
    const active = { ...suspended, status: 'ACTIVE' as const };
    const d = { ...reviewDraft(active, today), summary: 'Fine' };
    expect(reviewProblem({ ...d, summary: ' ' }, today)?.field).toBe('summary');
    expect(reviewProblem({ ...d, nextReviewDate: today }, today)?.field).toBe('nextReviewDate');
    expect(reviewProblem({ ...d, sessionMinutes: '500' }, today)?.field).toBe('sessionMinutes');
    expect(reviewProblem(d, today)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { LifeCycleAgreement } from './agreement-operations';
import { lifeSteps } from './life-steps';

const ended: LifeCycleAgreement = {
  id: 'a1',
  childId: 'c1',
  centreId: 'centre-1',
  status: 'ENDED',
  version: 6,
  riskFactors: ['ALCOHOL_MISUSE'],
  sessionsPerWeek: 2,
  sessionMinutes: 90,
  transportPlan: 'Taxi',
  travelSupport: null,
  conditions: [],
  reviewDate: '2027-01-10',
  createdAt: '2026-09-01T09:00:00.000Z',
  signedAt: '2026-09-03T18:00:00.000Z',
  signedBy: 'Kerry Bennett',
  signedVia: 'BY_POST',
  signatureRecordedAt: '2026-09-07T08:15:00.000Z',
  endedAt: '2026-12-05T10:00:00.000Z',
  endReason: 'Superseded by agreement a2, signed 2026-12-05.',
  supersedesId: null,
  participants: [{ familyMemberId: 'f1', firstName: 'Kerry', relationship: 'mother' }],
  suspensionNotice: { issuedAt: '2026-11-30T18:00:00.000Z' },
  reviews: [
    {
      id: 'r1',
      reviewedAt: '2026-10-01T11:00:00.000Z',
      reviewedBy: { id: 'u1', name: 'Aisha Khan' },
      summary: 'Going well.',
      changes: ['sessionMinutes: 60 → 90'],
      nextReviewDate: '2027-01-10',
    },
  ],
  suspensionMeetings: [
    {
      id: 'm1',
      heldAt: '2026-12-02T14:00:00.000Z',
      familyAttendees: [{ familyMemberId: 'f1', firstName: 'Kerry', relationship: 'mother' }],
      otherAttendees: ['Aisha Khan, social worker'],
      agreed: 'Kerry rings the centre by 10am if she cannot come.',
      recordedBy: { id: 'u1', name: 'Aisha Khan' },
    },
  ],
};

describe('an agreement’s life', () => {
  it('lists every step oldest first: written, signed (how, and when recorded), reviewed, suspended, met, ended', () => {
    const steps = lifeSteps(ended);
    expect(steps.map((s) => s.key)).toEqual([
      'written',
      'signed',
      'review-r1',
      'suspended',
      'meeting-m1',
      'ended',
    ]);
    expect(steps[1]).toMatchObject({
      title: 'Signed by Kerry Bennett',
      lines: ['A signed copy came back by post', 'Recorded Mon 7 Sept 2026, 09:15'],
    });
    expect(steps[2]!.lines).toEqual([
      'Going well.',
      'Changed: sessionMinutes: 60 → 90',
      'Next review 10 Jan 2027',
    ]);
    expect(steps[4]!.lines).toEqual([
      'Attended: Kerry (mother), Aisha Khan, social worker',
      'Agreed: Kerry rings the centre by 10am if she cannot come.',
      'Recorded by Aisha Khan',
    ]);
    expect(steps[5]!.lines).toEqual(['Superseded by agreement a2, signed 2026-12-05.']);
  });

  it('says when how it was signed was not recorded, and not when it was recorded in the same minute', () => {
    const signed = lifeSteps({
      ...ended,
      signedVia: null,
      signatureRecordedAt: '2026-09-03T18:00:40.000Z',
    })[1]!;
    expect(signed.lines).toEqual(['How it was signed was not recorded']);
  });
});

import { describe, expect, it } from 'vitest';
import type { LifeCycleAgreement, LifeEvent } from './agreement-operations';
import { lifeSteps, parentMetSinceSuspension } from './life-steps';

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
  endReason: 'The family moved away.',
  supersedesId: null,
  participants: [{ familyMemberId: 'f1', firstName: 'Kerry', relationship: 'mother' }],
};

const entry = (kind: LifeEvent['kind'], at: string, more: Partial<LifeEvent> = {}): LifeEvent => ({
  kind,
  at,
  agreementId: 'a1',
  summary: `${kind} in the API’s words`,
  review: null,
  suspensionMeeting: null,
  ...more,
});

const written = entry('WRITTEN', '2026-09-01T09:00:00.000Z');
const signed = entry('SIGNED', '2026-09-03T18:00:00.000Z');
const suspended = entry('SUSPENDED', '2026-11-30T18:00:00.000Z');
const meeting = (at: string) =>
  entry('MEETING', at, {
    suspensionMeeting: {
      id: 'm1',
      familyAttendees: [{ familyMemberId: 'f1', firstName: 'Kerry', relationship: 'mother' }],
      otherAttendees: ['Aisha Khan, social worker'],
      agreed: 'Kerry rings the centre by 10am if she cannot come.',
      recordedBy: { id: 'u1', name: 'Aisha Khan' },
    },
  });

/** The history's entries as the API gives them: newest first, every agreement's. */
const history: LifeEvent[] = [
  entry('ENDED', '2026-12-05T10:00:00.000Z'),
  entry('WRITTEN', '2026-12-03T09:00:00.000Z', { agreementId: 'a2' }),
  meeting('2026-12-02T14:00:00.000Z'),
  suspended,
  entry('REVIEWED', '2026-10-01T11:00:00.000Z', {
    review: {
      id: 'r1',
      reviewedBy: { id: 'u1', name: 'Aisha Khan' },
      summary: 'Going well.',
      changes: ['sessionMinutes: 60 → 90'],
      nextReviewDate: '2027-01-10',
    },
  }),
  signed,
  written,
];

describe('an agreement’s life', () => {
  it('is its own entries of the history, oldest first: written, signed (how, and when recorded), reviewed, suspended, met, ended', () => {
    const steps = lifeSteps(ended, history);
    expect(steps.map((s) => s.title)).toEqual([
      'Written',
      'Signed by Kerry Bennett',
      'Reviewed by Aisha Khan',
      'Contact suspended',
      'Met the parent',
      'Ended',
    ]);
    expect(steps.map((s) => s.at)).toEqual(
      history
        .filter((e) => e.agreementId === 'a1')
        .map((e) => e.at)
        .reverse(),
    );
    expect(steps[1]!.lines).toEqual(['A signed copy came back by post', 'Recorded Mon 7 Sept 2026, 09:15']);
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
    expect(steps[5]!.lines).toEqual(['The family moved away.']);
    expect(new Set(steps.map((s) => s.key)).size).toBe(steps.length);
  });

  it('says when how it was signed was not recorded, and not when it was recorded in the same minute', () => {
    const steps = lifeSteps({ ...ended, signedVia: null, signatureRecordedAt: '2026-09-03T18:00:40.000Z' }, [
      signed,
      written,
    ]);
    expect(steps[1]!.lines).toEqual(['How it was signed was not recorded']);
  });

  it('names an agreement a newer one replaced, in the API’s words', () => {
    const replaced = entry('SUPERSEDED', '2026-12-05T10:00:00.000Z', {
      summary: 'Superseded by agreement a2, signed 5 Dec 2026.',
    });
    expect(lifeSteps(ended, [replaced, written]).at(-1)).toMatchObject({
      title: 'Replaced by a new agreement',
      lines: ['Superseded by agreement a2, signed 5 Dec 2026.'],
    });
  });
});

describe('the meeting before a new agreement', () => {
  it('is recorded only by a meeting with the parent held after this agreement’s suspension', () => {
    expect(parentMetSinceSuspension('a1', [suspended, signed, written])).toBe(false);
    expect(parentMetSinceSuspension('a1', [meeting('2026-12-01T10:00:00.000Z'), signed, written])).toBe(
      false,
    );
    expect(parentMetSinceSuspension('a1', [suspended, meeting('2026-11-29T10:00:00.000Z')])).toBe(false);
    expect(parentMetSinceSuspension('a1', [meeting('2026-12-01T10:00:00.000Z'), suspended])).toBe(true);
    const another = { ...meeting('2026-12-01T10:00:00.000Z'), agreementId: 'a2' };
    expect(parentMetSinceSuspension('a1', [another, suspended])).toBe(false);
  });
});

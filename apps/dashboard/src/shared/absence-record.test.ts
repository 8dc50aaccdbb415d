import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '@kinroom/schema';
import AbsenceRecord from './AbsenceRecord.vue';
import {
  AbsenceRecordFields,
  correctionTarget,
  correctionText,
  noticeText,
  type NoticeLike,
} from './absence-record';

const inTime: NoticeLike = {
  receivedAt: '2026-11-02T09:10:00Z',
  recordedAt: '2026-11-02T09:15:00Z',
  explainsAbsence: true,
  givenBy: 'Jade Carter (mother)',
  reason: 'Unwell',
  recordedBy: { name: 'Tom Okafor' },
};
const late: NoticeLike = {
  ...inTime,
  receivedAt: '2026-11-03T15:00:00Z',
  recordedAt: '2026-11-03T16:40:00Z',
  explainsAbsence: false,
};

describe('absence notices on screen (docs/domain.md rule 7)', () => {
  it('always shows both times and who took the notice, in London time', () => {
    expect(noticeText(inTime)).toBe(
      'Notice from Jade Carter (mother) (“Unwell”): received Mon 2 Nov, 09:10, recorded Mon 2 Nov, 09:15 by Tom Okafor; before the start: the absence is explained.',
    );
    // Summer time: London is an hour ahead of UTC.
    expect(noticeText({ ...inTime, receivedAt: '2026-07-01T09:10:00Z' })).toContain(
      'received Wed 1 Jul, 10:10',
    );
  });

  it('says a late notice does not explain the absence by itself', () => {
    expect(noticeText(late)).toContain('recorded Tue 3 Nov, 16:40 by Tom Okafor; late notice');
  });

  it('shows a correction with who, when, why, and from what to what', () => {
    expect(
      correctionText({
        fromOutcome: 'UNEXPLAINED_NO_SHOW',
        toOutcome: 'EXPLAINED_ABSENCE',
        reason: 'Rang before the start; logged late',
        correctedAt: '2026-11-04T10:00:00Z',
        correctedBy: { name: 'Priya Shah' },
      }),
    ).toBe(
      'Corrected by Priya Shah on Wed 4 Nov, 10:00: unexplained absence → explained absence. Reason: “Rang before the start; logged late”',
    );
  });

  it('offers a correction only between the two kinds of absence', () => {
    expect(correctionTarget('UNEXPLAINED_NO_SHOW')).toBe('EXPLAINED_ABSENCE');
    expect(correctionTarget('EXPLAINED_ABSENCE')).toBe('UNEXPLAINED_NO_SHOW');
    expect(correctionTarget('ATTENDED')).toBeNull();
    expect(correctionTarget('CENTRE_CANCELLED')).toBeNull();
    expect(correctionTarget(null)).toBeNull();
  });

  it('renders notices and corrections, marking the late ones, and nothing when there are none', () => {
    const record = (absenceNotices: NoticeLike[]) =>
      mount(AbsenceRecord, {
        props: {
          session: makeFragmentData({ absenceNotices, attendanceCorrections: [] }, AbsenceRecordFields),
        },
      });
    const items = record([inTime, late]).findAll('[data-testid="absence-notice"]');
    expect(items.map((i) => i.classes())).toEqual([['explains'], ['late']]);
    expect(record([]).html()).not.toContain('li');
  });
});

import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { auth } from '../../app/auth';
import { makeFragmentData } from '@kinroom/schema';
import { AbsenceRecordFields } from '../../shared/absence-record';
import { CancellationLineFields } from '../../shared/cancel-reasons';
import SessionCard from './SessionCard.vue';
import type { MySession } from './use-my-sessions';

/** A session as the card reads it; `over` may spread the data of either fragment the query selects. */
function session(over: Partial<Omit<MySession, ' $fragmentRefs'>> & object = {}): MySession {
  return {
    ...makeFragmentData(
      { cancellation: null, familyInformedVia: null, cancelledBy: null },
      CancellationLineFields,
    ),
    id: 's1',
    version: 3,
    status: 'PARENT_ARRIVED',
    kind: 'CONTACT',
    startsAt: '2026-11-20T16:05:00Z',
    endsAt: '2026-11-20T17:05:00Z',
    childId: 'c1',
    child: { id: 'c1', firstName: 'Leo', lastInitial: 'H' },
    room: { id: 'r1', name: 'Oak' },
    arrivalPlan: {
      parentArriveBy: '2026-11-20T15:50:00Z',
      childArrivesAt: '2026-11-20T16:05:00Z',
      childLeavesAt: '2026-11-20T17:05:00Z',
      parentLeavesFrom: '2026-11-20T17:20:00Z',
    },
    parentArrivedAt: '2026-11-20T15:52:00Z',
    childArrivedAt: null,
    startedAt: null,
    endedAt: null,
    attendance: null,
    cancellation: null,
    continuityNote: null,
    supervisorId: 'u1',
    ...makeFragmentData({ absenceNotices: [], attendanceCorrections: [] }, AbsenceRecordFields),
    ...over,
  } as unknown as MySession;
}

beforeEach(() => {
  auth.session = {
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    user: { id: 'u1', name: 'Grace Lin', role: 'SUPERVISOR' },
  };
});

function card(s: MySession, now = new Date('2026-11-20T16:00:00Z')) {
  return mount(SessionCard, {
    props: {
      session: s,
      draft: null,
      now,
      busy: false,
      error: null,
      done: null,
    },
    global: {
      stubs: { RouterLink: { template: '<a><slot /></a>' }, RaiseFlagForm: true, AbsenceNoticeForm: true },
    },
  });
}

const buttons = (w: ReturnType<typeof card>) => w.findAll('.steps button').map((b) => b.text());

describe('a session card', () => {
  it('shows the child by first name and initial, the room, the arrival plan in London time and the status in words', () => {
    const w = card(session());
    expect(w.find('h3').text()).toBe('16:05–17:05 · Leo H. · Oak');
    expect(w.text()).toContain('Parent arrives by15:50');
    expect(w.find('[data-testid="session-status"]').text()).toContain('Parent arrived');
  });

  it('offers only the next allowed step, and records it in one press', async () => {
    const w = card(session());
    expect(buttons(w)).toEqual(['Child arrived']);
    await w.find('.steps button').trigger('click');
    expect(w.emitted('step')?.[0]?.[0]).toMatchObject({ step: 'RECORD_CHILD_ARRIVAL' });
  });

  it('offers no step while the session’s time has not come, and says when it opens', () => {
    const w = card(session({ status: 'SCHEDULED', parentArrivedAt: null }), new Date('2026-11-14T16:00:00Z'));
    expect(buttons(w)).toEqual([]);
    expect(w.find('[data-testid="steps-open"]').text()).toBe('Check in parent from 15:05.');
  });

  it('asks for confirmation before ending contact', async () => {
    const w = card(
      session({ status: 'IN_PROGRESS', startedAt: '2026-11-20T16:06:00Z' }),
      new Date('2026-11-20T16:40:00Z'),
    );
    expect(buttons(w)).toEqual(['End contact']);
    await w.find('.steps button').trigger('click');
    expect(w.emitted('step')).toBeUndefined();
    expect(w.text()).toContain('End contact now?');
    await w.find('.confirm button').trigger('click');
    expect(w.emitted('step')?.[0]?.[0]).toMatchObject({ step: 'END' });
  });

  it('shows the attendance outcome once recorded, and no more steps', () => {
    const w = card(
      session({
        status: 'ENDED',
        startedAt: '2026-11-20T16:06:00Z',
        endedAt: '2026-11-20T17:05:00Z',
        attendance: {
          outcome: 'ATTENDED',
          minutesLate: null,
          note: null,
          recordedAt: '2026-11-20T17:05:00Z',
        },
      }),
    );
    expect(buttons(w)).toEqual([]);
    expect(w.find('[data-testid="attendance"]').text()).toContain('Attended');
    expect(w.text()).toContain('Write the observation record');
  });

  it('shows each absence notice with both its times and who took it, and takes a late one after a no-show', () => {
    const w = card(
      session({
        status: 'NOT_ATTENDED',
        parentArrivedAt: null,
        attendance: {
          outcome: 'UNEXPLAINED_NO_SHOW',
          minutesLate: null,
          note: null,
          recordedAt: '2026-11-20T16:40:00Z',
        },
        ...makeFragmentData(
          {
            absenceNotices: [
              {
                receivedAt: '2026-11-20T15:00:00Z',
                recordedAt: '2026-11-20T16:50:00Z',
                explainsAbsence: false,
                givenBy: 'Marcus Hart',
                reason: 'Car broke down',
                recordedBy: { name: 'Grace Lin' },
              },
            ],
            attendanceCorrections: [],
          },
          AbsenceRecordFields,
        ),
      }),
      new Date('2026-11-20T17:00:00Z'),
    );
    expect(w.find('[data-testid="absence-notice"]').text()).toContain(
      'received Fri 20 Nov, 15:00, recorded Fri 20 Nov, 16:50 by Grace Lin; late notice',
    );
    expect(w.find('details summary').text()).toBe('Record a notice received too late');
  });

  it('leaves the observation record to the session’s own supervisor, not a second member of staff', () => {
    auth.session!.user.id = 'u2';
    const w = card(session({ status: 'IN_PROGRESS', startedAt: '2026-11-20T16:06:00Z' }));
    expect(w.text()).not.toContain('observation record');
  });

  it('shows a refusal from the API as it came', () => {
    const w = mount(SessionCard, {
      props: {
        session: session(),
        draft: null,
        now: new Date(),
        busy: false,
        error: 'Someone else changed this a moment ago.',
        done: null,
      },
      global: { stubs: { RouterLink: true, RaiseFlagForm: true, AbsenceNoticeForm: true } },
    });
    expect(w.find('[role="alert"]').text()).toBe('Someone else changed this a moment ago.');
  });

  describe('when the family has said they cannot come', () => {
    const notified = (over: Partial<MySession> = {}) =>
      session({
        status: 'SCHEDULED',
        parentArrivedAt: null,
        ...makeFragmentData(
          {
            absenceNotices: [
              {
                receivedAt: '2026-11-20T08:12:00Z',
                recordedAt: '2026-11-20T08:13:00Z',
                explainsAbsence: true,
                givenBy: 'Mum (Jade H.)',
                reason: 'Unwell',
                recordedBy: { name: 'Grace Lin' },
              },
            ],
            attendanceCorrections: [],
          },
          AbsenceRecordFields,
        ),
        ...over,
      });

    it('offers no check-in, says what is known and that the outcome is recorded from the start', () => {
      const w = card(notified());
      expect(buttons(w)).toEqual([]);
      expect(w.find('[data-testid="session-status"]').text()).toContain('Family not coming');
      expect(w.get('[data-testid="not-coming"]').text()).toBe(
        'Mum (Jade H.) told us at 08:12 that they cannot come (explained). Do not check the family in or wait for them. Record the outcome from 16:05, when the session was due.',
      );
      expect(w.text()).not.toContain('Check in parent');
    });

    it('offers only the outcome once the start has come, and raises no lateness warning', () => {
      const w = card(notified(), new Date('2026-11-20T16:30:00Z'));
      expect(buttons(w)).toEqual(['Record no-show']);
      expect(w.find('[data-testid="session-warning"]').exists()).toBe(false);
    });
  });

  it('says who cancelled and whether the family has been told', () => {
    const w = card(
      session({
        status: 'CANCELLED',
        parentArrivedAt: null,
        ...makeFragmentData(
          {
            cancellation: {
              cancelledAt: '2026-11-20T09:00:00Z',
              reason: 'CHILD_ILL',
              note: null,
              familyInformedAt: null,
            },
            familyInformedVia: null,
            cancelledBy: { name: 'Priya Shah' },
          },
          CancellationLineFields,
        ),
      }),
    );
    expect(w.get('[data-testid="card-cancellation"]').text()).toBe(
      'Cancelled by Priya Shah at Fri 20 Nov, 09:00 · The child is ill · family not yet told',
    );
  });

  it('warns on the card when the family is late past the grace period, and when the child is kept waiting', () => {
    const late = card(
      session({ status: 'SCHEDULED', parentArrivedAt: null }),
      new Date('2026-11-20T16:21:00Z'),
    );
    expect(late.get('[data-testid="session-warning"]').text()).toContain(
      "Leo H.'s family has not arrived: they were due by 15:50",
    );
    const waiting = card(
      session({ status: 'CHILD_ARRIVED', childArrivedAt: '2026-11-20T16:04:00Z' }),
      new Date('2026-11-20T16:16:00Z'),
    );
    expect(waiting.get('[data-testid="session-warning"]').text()).toContain(
      'Leo H. arrived at 16:04 and has been waiting 12 min',
    );
    expect(card(session()).find('[data-testid="session-warning"]').exists()).toBe(false);
  });
});

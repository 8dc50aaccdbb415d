import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '@kinroom/schema';
import { BoardAbsenceNoticeFields, type NoticeLike } from '../../shared/absence-record';
import RoomCard from './RoomCard.vue';
import type { BoardRoom } from './use-room-board';

const T = Date.parse('2026-11-23T18:00:00Z');
const iso = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

function entry(over: Partial<BoardRoom> = {}, room: Partial<BoardRoom['room']> = {}): BoardRoom {
  return {
    state: 'FREE',
    elapsedMinutes: null,
    remainingMinutes: null,
    room: {
      id: 'r1',
      name: 'Birch',
      capacity: 10,
      condition: 'READY',
      conditionNote: null,
      conditionChangedAt: null,
      version: 3,
      ...room,
    },
    current: null,
    next: null,
    notComing: [],
    warnings: [],
    ...over,
  };
}

const notices = (absenceNotices: NoticeLike[] = []) =>
  makeFragmentData({ absenceNotices }, BoardAbsenceNoticeFields);

const inSession: BoardRoom['current'] = {
  id: 's1',
  kind: 'CONTACT',
  status: 'IN_PROGRESS',
  startsAt: iso(-20),
  endsAt: iso(40),
  parentArriveBy: iso(-35),
  parentArrivedAt: iso(-36),
  childArrivedAt: iso(-21),
  startedAt: iso(-20),
  supervisionLevel: 'HIGH_VIGILANCE',
  child: { id: 'c1', firstName: 'Ruby', lastInitial: 'W' },
  supervisor: { id: 'u1', name: 'Kwame Mensah' },
  secondStaff: { id: 'u2', name: 'Ruth Evans' },
  ...notices(),
};

const booked: BoardRoom['next'] = {
  id: 's2',
  kind: 'CONTACT',
  status: 'SCHEDULED',
  startsAt: iso(180),
  endsAt: iso(240),
  parentArriveBy: iso(165),
  supervisionLevel: 'SUPERVISED',
  child: { id: 'c2', firstName: 'Kai', lastInitial: 'R' },
  supervisor: { id: 'u3', name: 'Grace Lin' },
  ...notices(),
};

// 08:10 and 08:12 in London (winter, so UTC too); the board's day is today, so only the times show.
const notice: NoticeLike = {
  receivedAt: '2026-11-23T08:10:00Z',
  recordedAt: '2026-11-23T08:12:00Z',
  explainsAbsence: true,
  givenBy: 'Shane Robinson (father)',
  reason: 'Car broke down',
  recordedBy: { name: 'Priya Shah' },
};

const noError = async (): Promise<string | null> => null;
const mountCard = (e: BoardRoom, canAct = true, change = vi.fn(noError)) =>
  mount(RoomCard, { props: { entry: e, now: T, canAct, busy: false, change } });

describe('RoomCard', () => {
  it('says the state in words next to its icon', () => {
    const w = mountCard(
      entry({ state: 'OUT_OF_SERVICE' }, { condition: 'OUT_OF_SERVICE', conditionNote: 'Leak' }),
    );
    const state = w.get('[data-testid="room-state"]');
    expect(state.text()).toBe('Out of service');
    expect(state.find('svg[aria-hidden="true"]').exists()).toBe(true);
    expect(w.text()).toContain('Leak');
  });

  it('shows who is in the room, who has arrived and the time elapsed and left', () => {
    const w = mountCard(entry({ state: 'OCCUPIED', current: inSession }));
    const text = w.text();
    expect(text).toContain('Ruby W.');
    expect(text).toContain('High vigilance');
    expect(text).toContain('Supervisor: Kwame Mensah, with Ruth Evans');
    expect(text).toMatch(/Parent\s*arrived/);
    expect(w.get('[data-testid="session-clock"]').text()).toMatch(/Elapsed\s*20:00\s*Remaining\s*40:00/);
  });

  it('puts the warnings first, in words', () => {
    const w = mountCard(
      entry({
        warnings: [
          {
            kind: 'TIDY_BEFORE_NEXT_BOOKING',
            message: 'Birch needs tidying before Poppy A.’s family arrives at 18:45.',
            minutes: 10,
            sessionId: 's2',
          },
        ],
      }),
    );
    expect(w.get('ul.warnings').text()).toContain('Tidy before next family: Birch needs tidying');
  });

  it('offers the actions that fit the room’s condition, naming the room for screen readers', async () => {
    const change = vi.fn(noError);
    const tidy = mountCard(entry({ state: 'NEEDS_TIDYING' }, { condition: 'NEEDS_TIDYING' }), true, change);
    const buttons = tidy.findAll('button').map((b) => b.text());
    expect(buttons).toEqual(['Mark tidied: Birch', 'Out of service…: Birch']);
    await tidy.findAll('button')[0]!.trigger('click');
    expect(change).toHaveBeenCalledWith('READY');

    const closed = mountCard(entry({ state: 'OUT_OF_SERVICE' }, { condition: 'OUT_OF_SERVICE' }));
    expect(closed.findAll('button').map((b) => b.text())).toEqual(['Back in service: Birch']);
  });

  it('shows what went wrong beside the room', async () => {
    const change = vi.fn(async () => 'Someone else changed this a moment ago.');
    const w = mountCard(entry(), true, change);
    await w.findAll('button')[0]!.trigger('click');
    await new Promise((r) => setTimeout(r));
    expect(w.get('[role="alert"]').text()).toBe('Someone else changed this a moment ago.');
  });

  it('marks a booked session with an absence notice as a family not coming, with both times and who took it', () => {
    const plain = mountCard(entry({ next: booked }));
    expect(plain.text()).not.toContain('not coming');
    expect(plain.find('[data-testid="absence-notice"]').exists()).toBe(false);

    const w = mountCard(entry({ next: { ...booked!, ...notices([notice]) } }));
    expect(w.get('.absence-notices').text()).toMatch(/^✖\s*Family not coming: absence notice given/);
    expect(w.get('[data-testid="absence-notice"]').text()).toBe(
      'Absence notice from Shane Robinson (father): received 08:10, recorded 08:12 by Priya Shah. Reason: “Car broke down”',
    );
  });

  it('shows the notices of the session in the room too, in London time (summer: an hour ahead of UTC)', () => {
    const summer = { ...notice, receivedAt: '2026-07-01T08:10:00Z', recordedAt: '2026-07-01T08:12:00Z' };
    const w = mountCard(entry({ state: 'OCCUPIED', current: { ...inSession!, ...notices([summer]) } }));
    expect(w.get('[data-testid="absence-notice"]').text()).toContain(
      'received 09:10, recorded 09:12 by Priya Shah',
    );
  });

  it('lists a family that said it cannot come apart from the next line, with its notice', () => {
    const w = mountCard(
      entry({
        notComing: [
          {
            id: 's3',
            kind: 'CONTACT',
            startsAt: iso(30),
            endsAt: iso(90),
            child: { id: 'c3', firstName: 'Kai', lastInitial: 'R' },
            ...notices([notice]),
          },
        ],
      }),
    );
    expect(w.get('.next').text()).toBe('Nothing else booked today.');
    const apart = w.get('[data-testid="not-coming"]');
    expect(apart.text()).toMatch(/^Not coming: Kai R\., 18:30–19:30/);
    expect(apart.get('[data-testid="absence-notice"]').text()).toContain('Shane Robinson (father)');
  });

  it('names the new warnings in a few words', () => {
    const w = mountCard(
      entry({
        warnings: [
          { kind: 'FAMILY_LATE', message: 'late', minutes: 16, sessionId: 's2' },
          { kind: 'CHILD_WAITING', message: 'waiting', minutes: 12, sessionId: 's1' },
        ],
      }),
    );
    expect(w.get('.warnings').text()).toContain('Family late: late');
    expect(w.get('.warnings').text()).toContain('Child waiting: waiting');
  });

  it('offers no actions to an integrator, who only reads the board', () => {
    expect(mountCard(entry(), false).findAll('button')).toHaveLength(0);
  });
});

import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PlanSeriesQuery } from '@kinroom/schema';
import SeriesPlan from './SeriesPlan.vue';

type Plan = PlanSeriesQuery['planSeries'];

// Wednesdays at 19:00 London time, before the clocks change (London on UTC); 3 March is taken in the room.
const session = (date: string, bookable = true): Plan['occurrences'][number] => ({
  date,
  startsAt: `${date}T19:00:00.000Z`,
  endsAt: `${date}T20:00:00.000Z`,
  bookable,
  problems: bookable
    ? []
    : [
        {
          code: 'ROOM_DOUBLE_BOOKED',
          message:
            'The room is already booked for a session on Wednesday 3 March 2027 from 19:00 to 20:00 in Rowan.',
        },
      ],
  suggestion: bookable
    ? null
    : {
        startsAt: `${date}T17:15:00.000Z`,
        endsAt: `${date}T18:15:00.000Z`,
        roomId: 'rowan',
        roomName: 'Rowan',
        supervisorName: 'Grace Lin',
      },
});
const plan: Plan = {
  durationMinutes: 60,
  bookableCount: 2,
  occurrences: [session('2027-03-24'), session('2027-03-03', false), session('2027-03-10')].sort((a, b) =>
    a.date.localeCompare(b.date),
  ),
  skipped: [
    {
      date: '2027-03-29',
      message: 'Monday 29 March 2027 is a bank holiday: no session is planned that day.',
    },
  ],
};

function show(decisions: Record<string, 'suggestion' | 'leave-out'> = {}) {
  return mount(SeriesPlan, {
    props: {
      plan,
      checking: false,
      refused: null,
      modelValue: decisions,
      'onUpdate:modelValue': () => undefined,
    },
  });
}

describe('the rules before Book', () => {
  it('says how many sessions can be booked, each OK or its reasons in words, and the bank holidays skipped', () => {
    const w = show();
    expect(w.get('[role="status"]').text()).toBe(
      '2 of 3 sessions can be booked as planned; 1 needs a decision.',
    );
    const clash = w.get('li[data-date="2027-03-03"]').text();
    expect(clash).toContain('Wednesday 3 March 2027, 19:00–20:00');
    expect(clash).toContain('The room is already booked for a session on Wednesday 3 March 2027');
    expect(clash).toContain('Nearest free time: Wed 3 Mar, 17:15–18:15 in Rowan with Grace Lin.');
    expect(w.get('li[data-date="2027-03-10"]').text()).toContain('OK');
    expect(w.text()).toContain('Monday 29 March 2027 is a bank holiday');
  });

  it('takes the suggestion or leaves the session out, and shows what was decided', async () => {
    const w = show();
    await w.get('li[data-date="2027-03-03"]').findAll('button')[0]!.trigger('click');
    expect(w.emitted('update:modelValue')?.[0]).toEqual([{ '2027-03-03': 'suggestion' }]);
    await w.get('li[data-date="2027-03-03"]').findAll('button')[1]!.trigger('click');
    expect(w.emitted('update:modelValue')?.[1]).toEqual([{ '2027-03-03': 'leave-out' }]);

    const taken = show({ '2027-03-03': 'suggestion' });
    expect(taken.get('[role="status"]').text()).toBe('2 of 3 sessions can be booked as planned.');
    expect(taken.get('li[data-date="2027-03-03"]').text()).toContain(
      'Booking it at Wed 3 Mar, 17:15–18:15 in Rowan with Grace Lin instead.',
    );
  });

  it('lists the sessions a refused series failed on', () => {
    const w = mount(SeriesPlan, {
      props: {
        plan,
        checking: true,
        refused: [
          {
            date: '2027-03-10',
            startsAt: '2027-03-10T19:00:00.000Z',
            reasons: ['The room is already booked.'],
          },
        ],
        modelValue: {},
      },
    });
    expect(w.get('[data-testid="series-refused"]').text()).toContain(
      'Nothing was booked: 1 session can no longer be booked',
    );
    expect(w.get('[data-testid="series-refused"]').text()).toContain(
      'Wed 10 Mar, 19:00: The room is already booked.',
    );
    expect(w.get('[role="status"]').text()).toBe('Checking the rules…');
  });
});

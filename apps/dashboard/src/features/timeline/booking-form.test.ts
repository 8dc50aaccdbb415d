import { describe, expect, it } from 'vitest';
import {
  addToClock,
  bookingProblem,
  clashNote,
  defaultEnd,
  familyStay,
  nextFreeStart,
  peopleProblem,
  planProblem,
  seriesChoices,
  seriesConflict,
  seriesMove,
  seriesPattern,
  seriesProblem,
  seriesRecurrence,
  singleSeries,
  timesProblem,
  toTimes,
  type BookingDraft,
  type SeriesDraft,
} from './booking-form';

const draft: BookingDraft = {
  childId: 'c1',
  agreementId: 'a1',
  kind: 'CONTACT',
  roomId: 'r1',
  supervisorId: 's1',
  secondStaffId: '',
  date: '2026-07-15',
  start: '19:00',
  end: '20:00',
};

describe('booking times', () => {
  it('turns London clock times into UTC instants', () => {
    expect(toTimes({ date: '2026-07-15', start: '19:00', end: '20:00' })).toEqual({
      startsAt: '2026-07-15T18:00:00.000Z',
      endsAt: '2026-07-15T19:00:00.000Z',
    });
    expect(toTimes({ date: '2026-11-23', start: '19:00', end: '20:00' }).startsAt).toBe(
      '2026-11-23T19:00:00.000Z',
    );
  });

  it('refuses an end before the start', () => {
    expect(timesProblem({ date: '2026-07-15', start: '19:00', end: '19:00' })).toMatch(/end after it starts/);
    expect(timesProblem({ date: '2026-07-15', start: '', end: '19:00' })).toMatch(/starts/);
    expect(timesProblem({ date: '2026-07-15', start: '18:00', end: '19:00' })).toBeNull();
  });

  it('works out the family’s stay and the usual end', () => {
    expect(familyStay({ start: '19:00', end: '20:00' })).toEqual({ arriveBy: '18:45', leaveFrom: '20:15' });
    expect(defaultEnd('19:00', 90)).toBe('20:30');
  });

  it('adds minutes to a clock reading without leaving the day', () => {
    expect(addToClock('19:30', 60)).toBe('20:30');
    expect(addToClock('23:30', 60)).toBe('23:59');
    expect(addToClock('00:10', -15)).toBe('00:00');
  });

  it('suggests the next quarter-hour at least half an hour away, inside the day', () => {
    expect(nextFreeStart(16 * 60 + 2, 420, 1380)).toBe('16:45');
    expect(nextFreeStart(3 * 60, 420, 1380)).toBe('07:15');
    expect(nextFreeStart(22 * 60 + 50, 420, 1380)).toBe('21:45');
  });
});

describe('booking checks', () => {
  it('accepts a complete booking', () => {
    expect(bookingProblem(draft, false)).toBeNull();
  });

  it('asks for a second member of staff at high vigilance, someone other than the supervisor', () => {
    expect(bookingProblem(draft, true)).toMatch(/high vigilance/);
    expect(bookingProblem({ ...draft, secondStaffId: 's1' }, true)).toMatch(/someone other/);
    expect(bookingProblem({ ...draft, secondStaffId: 's2' }, true)).toBeNull();
  });

  it('says what is missing first', () => {
    expect(bookingProblem({ ...draft, childId: '' }, false)).toBe('Choose the family.');
    expect(bookingProblem({ ...draft, agreementId: '' }, false)).toMatch(/no agreement/);
    expect(bookingProblem({ ...draft, roomId: '' }, false)).toBe('Choose a room.');
  });
});

describe('clashNote', () => {
  const ruby = {
    id: 's-ruby',
    startsAt: '2026-11-24T20:15:00Z',
    endsAt: '2026-11-24T21:15:00Z',
    child: { firstName: 'Ruby', lastInitial: 'W' },
    room: { name: 'Cedar' },
    supervisor: { name: 'Kwame Mensah' },
  };
  const clash = (id: unknown) => ({
    graphQLErrors: [
      {
        message: 'The room is already booked',
        extensions: { code: 'SESSION_ROOM_DOUBLE_BOOKED', clashingSessionId: id },
      },
    ],
  });

  it('names the clashing session in UK time when it is on the timeline', () => {
    expect(clashNote(clash('s-ruby'), [ruby])).toBe(
      'That is Ruby W.’s session in Cedar, 20:15–21:15, with Kwame Mensah.',
    );
  });

  it('says nothing more for other errors or sessions not shown', () => {
    expect(clashNote(clash('elsewhere'), [ruby])).toBeNull();
    expect(clashNote({ graphQLErrors: [{ extensions: { code: 'FORBIDDEN' } }] }, [ruby])).toBeNull();
    expect(clashNote(null, [ruby])).toBeNull();
  });
});

describe('a weekly series', () => {
  const series: SeriesDraft = {
    weekdays: [3, 1],
    start: '16:00',
    durationMinutes: 90,
    firstDate: '2026-11-23',
    weeks: 12,
  };

  it('is planned by the domain from the days, time, length, first date and weeks', () => {
    expect(seriesRecurrence(series)).toEqual({
      weekdays: [1, 3],
      startClock: '16:00',
      durationMinutes: 90,
      firstDate: '2026-11-23',
      weeks: 12,
    });
    expect(seriesProblem(series)).toBeNull();
  });

  it('says what is missing or out of range, in words', () => {
    expect(seriesProblem({ ...series, weekdays: [] })).toBe('Choose at least one day of the week.');
    expect(seriesProblem({ ...series, start: '' })).toBe('Give the time the child’s sessions start.');
    expect(seriesProblem({ ...series, weeks: 0 })).toBe('A series runs for 1 to 52 weeks.');
    expect(seriesProblem({ ...series, weeks: 53 })).toBe('A series runs for 1 to 52 weeks.');
    expect(seriesProblem({ ...series, durationMinutes: 0 })).toBe(
      'The length of a session must be a whole number of minutes.',
    );
    expect(seriesProblem({ ...series, firstDate: '2026-02-30' })).toBe(
      'The first date must be a real day written YYYY-MM-DD.',
    );
  });

  it('needs the same people as a single booking, without its times', () => {
    expect(peopleProblem(draft, false)).toBeNull();
    expect(peopleProblem({ ...draft, roomId: '' }, false)).toBe('Choose a room.');
    expect(peopleProblem(draft, true)).toBe(
      'This agreement is at high vigilance: choose a second member of staff.',
    );
  });
});

describe('a planned series, before and after Book', () => {
  const ok = (date: string) => ({
    date,
    startsAt: `${date}T19:00:00.000Z`,
    endsAt: `${date}T20:00:00.000Z`,
    bookable: true,
    suggestion: null,
  });
  const clash = {
    date: '2027-03-03',
    startsAt: '2027-03-03T19:00:00.000Z',
    endsAt: '2027-03-03T20:00:00.000Z',
    bookable: false,
    suggestion: { startsAt: '2027-03-03T20:30:00.000Z', endsAt: '2027-03-03T21:30:00.000Z', roomId: 'r2' },
  };
  const planned = [ok('2027-02-24'), clash, ok('2027-03-10')];

  it('is sent as the pattern the API plans, with who and where', () => {
    expect(
      seriesPattern(draft, {
        weekdays: [3],
        start: '19:00',
        durationMinutes: 60,
        firstDate: '2027-02-24',
        weeks: 12,
      }),
    ).toEqual({
      agreementId: 'a1',
      kind: 'CONTACT',
      roomId: 'r1',
      supervisorId: 's1',
      secondStaffId: null,
      weekdays: [3],
      startTime: '19:00',
      durationMinutes: 60,
      firstDate: '2027-02-24',
      weeks: 12,
    });
  });

  it('books each session as planned, a suggestion taken at its time and room, and none left out', () => {
    expect(seriesChoices(planned, { '2027-03-03': 'suggestion' })).toEqual([
      { date: '2027-02-24' },
      {
        date: '2027-03-03',
        startsAt: clash.suggestion.startsAt,
        endsAt: clash.suggestion.endsAt,
        roomId: 'r2',
      },
      { date: '2027-03-10' },
    ]);
    expect(seriesChoices(planned, { '2027-03-03': 'leave-out' })).toEqual([
      { date: '2027-02-24' },
      { date: '2027-03-10' },
    ]);
    // A decision about a session that can be booked as planned changes nothing.
    expect(seriesChoices([ok('2027-02-24')], { '2027-02-24': 'leave-out' })).toEqual([
      { date: '2027-02-24' },
    ]);
  });

  it('asks for a decision on each session that cannot be booked before Book', () => {
    expect(planProblem(planned, {})).toBe(
      'The session on Wednesday 3 March 2027 cannot be booked as planned: take the suggested time or leave it out.',
    );
    expect(planProblem(planned, { '2027-03-03': 'suggestion' })).toBeNull();
    expect(planProblem([clash, { ...clash, date: '2027-03-17' }], {})).toMatch(
      /^2 sessions cannot be booked/,
    );
    expect(planProblem([clash], { '2027-03-03': 'leave-out' })).toBe(
      'Every session is left out: there is nothing to book.',
    );
  });

  it('reads which sessions a refused series failed on and why, and nothing from another refusal', () => {
    const refusal = {
      graphQLErrors: [
        {
          extensions: {
            code: 'SERIES_CONFLICT',
            occurrences: [
              {
                date: '2027-03-10',
                startsAt: '2027-03-10T19:00:00.000Z',
                problems: [{ code: 'ROOM_DOUBLE_BOOKED', message: 'The room is already booked.' }],
              },
            ],
          },
        },
      ],
    };
    expect(seriesConflict(refusal)).toEqual([
      { date: '2027-03-10', startsAt: '2027-03-10T19:00:00.000Z', reasons: ['The room is already booked.'] },
    ]);
    expect(seriesConflict({ graphQLErrors: [{ extensions: { code: 'BAD_USER_INPUT' } }] })).toBeNull();
    expect(seriesConflict(new Error('offline'))).toBeNull();
  });
});

describe('moving the rest of a series', () => {
  const was = { start: '19:00', end: '20:00', roomId: 'rowan', supervisorId: 'grace' };

  it('sends only what the form changes, so each session keeps the rest as it has it', () => {
    expect(seriesMove(was, { ...was, roomId: 'willow' })).toEqual({
      startTime: null,
      durationMinutes: null,
      roomId: 'willow',
      supervisorId: null,
    });
    expect(seriesMove(was, { ...was, start: '19:30', end: '20:30' })).toEqual({
      startTime: '19:30',
      durationMinutes: null,
      roomId: null,
      supervisorId: null,
    });
    expect(seriesMove(was, { ...was, end: '20:30', supervisorId: 'sam' })).toEqual({
      startTime: null,
      durationMinutes: 90,
      roomId: null,
      supervisorId: 'sam',
    });
  });
});

describe('one session, checked before Book as a series of one', () => {
  it('is one week of its own weekday, at its time and length', () => {
    expect(singleSeries({ date: '2026-11-25', start: '16:30', end: '18:00' })).toEqual({
      weekdays: [3],
      start: '16:30',
      durationMinutes: 90,
      firstDate: '2026-11-25',
      weeks: 1,
    });
    expect(seriesProblem(singleSeries({ date: '2026-11-29', start: '10:00', end: '11:00' }))).toBeNull();
  });
});
